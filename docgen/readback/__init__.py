"""Read back: the text, metadata and attachments of a finished PDF or Word file."""
