"""One module per `studio` subcommand; see `studio.cli` for the contract each module keeps."""
