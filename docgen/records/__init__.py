"""Load: find and parse the YAML records with positions, and turn problems into `file:line:column` messages."""
