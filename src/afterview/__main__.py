"""`python -m afterview` runs the command line."""

from afterview.cli.app import main

main()
