"""Derive: pure computation from validated records (units, facts, timing, formatting, prose, numbering)."""
