"""`docgen serve`: a web page over the same records, library functions and output folder as the
command line, for officers who never open a terminal.

Starlette and uvicorn, Jinja pages in GOV.UK Frontend's markup (its styles vendored, with their
licence, in static/), and JavaScript only to move the progress bar. Only docgen.cli imports this
package (floor 8); it calls the library as the commands do, and prints nothing of its own.
"""

from docgen.cli.serve.app import create_app
from docgen.cli.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
