from tests.stores.conftest import driver, falkordb, store  # noqa: F401 - the Bolt stand-in's fixtures
