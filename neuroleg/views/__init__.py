"""What each command shows: typed records shaped into `View`s (data, CSV rows, document blocks)."""
