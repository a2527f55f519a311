"""The command line: the `cleaner` command's typer application, its options, its runs and its terminal output."""
