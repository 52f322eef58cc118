"""Write each kind's context fields into templates/README.md, between its marker comments.

Run from the project root:  .venv/bin/python tools/templates_readme.py   (or `make templates-readme`)

The list is made from the context types (docgen.documents.fields.readme_fields); the README's
hand-written prose outside the markers is kept as it is. tests/test_context_docs.py fails when
the committed README differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.documents.fields import readme_with_fields

README = Path(__file__).resolve().parents[1] / "templates" / "README.md"


def main() -> int:
    old = README.read_text(encoding="utf-8")
    new = readme_with_fields(old)
    if new != old:
        README.write_text(new, encoding="utf-8")
    print(f"templates/README.md: {'context fields written' if new != old else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
