"""kg: a knowledge-graph builder and explorer for Chinese government and newspaper documents."""

__version__ = "0.1.0"
