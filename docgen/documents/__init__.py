"""One module per document kind: each builds that kind's typed context from the records."""
