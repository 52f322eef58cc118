"""Audit: read a finished output folder back for leaks, metadata and tagging."""
