"""Benchmarks: `python -m bench [--size 5|50|200] [--only build|load|viz]` (see bench/README.md)."""
