"""Identifiers the knowledge-base format reserves."""

OVERVIEW_ID = "overview"  # the overview is indexed as one more entry with this id, so no cause may take it
