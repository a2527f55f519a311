"""`python -m cleaner`: the `cleaner` command, for an environment whose scripts are not on PATH."""

from .cli.main import main

main()
