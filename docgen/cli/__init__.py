"""The command line: parse options, call one library function, print its result.

Exit codes: 0 ok; 1 invalid records, failed checks or differences found; 2 usage errors.
The only package that imports click, and the only one that prints.
"""

from types import ModuleType

from docgen.cli import compare_command
from docgen.cli.base import main

__all__ = ["compare_command", "documents", "exchange", "main", "records", "serve_command"]


def __getattr__(name: str) -> ModuleType:
    """The other command modules load when asked for (``docgen.cli.base.load_commands``), so
    that `docgen compare` starts without them."""
    if name in ("documents", "exchange", "records", "serve_command"):
        import importlib

        return importlib.import_module(f"docgen.cli.{name}")
    raise AttributeError(name)
