"""The command line: the Typer app, its edge (store, errors, format), terminal facts and the one writer."""
