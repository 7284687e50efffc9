"""The floor: the smallest Typer app, one command that prints a line.

`neuroleg show diabetes` cannot start faster than Typer itself in the same
environment, so the startup budget is a ratio to this app's whole-process time.
It is Typer with its defaults and a single command taking one argument (the
harness passes `diabetes`), so Typer builds and parses a command line as it
does for neuroleg, and nothing more.
"""

from __future__ import annotations

import typer

app = typer.Typer()


@app.command()
def main(name: str) -> None:
    """Print one line."""
    print(f"floor: {name}")


if __name__ == "__main__":
    app()
