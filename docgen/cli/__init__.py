"""The command line: parse options, call one library function, print its result.

Exit codes: 0 ok; 1 invalid records, failed checks or differences found; 2 usage errors.
The only package that imports click, and the only one that prints.
"""

from docgen.cli import documents, exchange, records, serve_command
from docgen.cli.base import main

__all__ = ["documents", "exchange", "main", "records", "serve_command"]
