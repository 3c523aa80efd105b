"""Writing a small file so that a crash mid-save never leaves half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str, newline: str | None = None) -> None:
    """Write to a temporary file beside `path`, then swap it in; raises OSError as open() would.
    A save that fails (a full disk) takes its temporary file away with it."""
    # Not `with` at once: the temporary file must be removable after a failed close, too.
    temporary = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", encoding="utf-8", newline=newline, dir=path.parent, delete=False, suffix=".tmp"
    )
    try:
        with temporary:  # closing flushes: a full disk can show up here, not only in write()
            temporary.write(text)
        os.replace(temporary.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary.name)
        raise
