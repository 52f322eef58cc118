"""Renderers: one module per output format (docx, pdf), sharing one sandboxed Jinja setup."""
