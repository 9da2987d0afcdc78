"""The command line face of afterview (Typer + Rich)."""
