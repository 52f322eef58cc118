"""docgen: council decision and contract-award records to papers and letters."""

__version__ = "0.1.0"
