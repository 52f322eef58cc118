"""Validate: checks across fields and records, the glyph check, and the legal rules (`rules/`)."""
