"""Use cases over a project: open, edit through undoable commands, validate, summarise."""
