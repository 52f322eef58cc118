"""A council's own templates folder, checked so that nothing in it resolves outside it.

Typst reads any file under its root, following symlinks, and a Jinja loader follows them too: a
`leak.txt -> /etc/passwd` inside a template pack was once printed into a public PDF. So before
anything is rendered from a folder given with `--templates`, every entry in it is looked at
(without following links) and the folder is refused if any is a symbolic link, a hard link (a
file with another name elsewhere), or anything but a plain file or folder (a FIFO, a device, a
socket). The message names the entry.

Checked, not copied to a private folder: the check costs a directory walk (microseconds), keeps
the council's own paths in every message, and leaves the build's input hashes unchanged; copying
would add the fonts (megabytes) to every build. What it does not cover is a file swapped for a
link while the build runs: that needs someone who can already write the folder and read the
target.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docgen.errors import TemplateError


def check_folder(folder: Path) -> None:
    """Raise TemplateError naming the first entry under folder that is not a plain file or folder
    of its own. The folder itself may be reached through a link: it is what the user named."""
    if not folder.is_dir():
        raise TemplateError(f"{folder}: the templates folder does not exist or is not a folder")
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            refused = _why_refused(Path(root) / name)
            if refused is not None:
                raise TemplateError(
                    f"{Path(root) / name}: {refused}; a templates folder may hold only its own "
                    "plain files and folders, so nothing in it can read a file outside it"
                )


def _why_refused(path: Path) -> str | None:
    """Why this entry may not be in a templates folder, or None if it may."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return f"a symbolic link (to {os.readlink(path)})"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a plain file (a FIFO, device or socket)"
    if info.st_nlink > 1:
        return f"a hard link (the file has {info.st_nlink} names); copy the file instead"
    return None
