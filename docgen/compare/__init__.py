"""Compare: PDFs by meaning, revised papers, hand-finished papers, record diffs and their reports."""
