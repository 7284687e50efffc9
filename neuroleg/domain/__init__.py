"""What the reference knows how to do with a store: credits, search, match, quiz. No Typer, no Rich, no SQL."""
