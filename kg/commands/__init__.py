"""One module per CLI command: register(subparsers) -> parser, run(args) -> exit status."""
