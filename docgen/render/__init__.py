"""Renderers: one module per output format (docx, pdf, html) behind one interface (base.py),
listed in registry.py, sharing one sandboxed Jinja setup."""
