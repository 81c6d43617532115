"""Reading a file a person named: regular files only, never more than a byte limit.

Why: every command that takes a path (``--data``, ``--model``, ``--config``, ``--init``, ``serve
--preset``) was a way to hang or exhaust the process: ``/dev/zero`` was read until memory ran out, a
named pipe blocked forever, a 25 MB model took 373 MB to parse. :func:`read_bytes` checks what the
path is before opening it and reads at most ``limit + 1`` bytes, so a file that grows while it is
read is refused too; the error says what the file is and what is allowed, in one line.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(ValueError):
    """A path that is not a readable regular file within the size limit; the message says why and
    ``too_large`` tells the two cases apart."""

    def __init__(self, message: str, too_large: bool = False):
        super().__init__(message)
        self.too_large = too_large


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB" if n >= 1000 else f"{n} bytes"


def read_bytes(path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path``, refused with :class:`FileRefused` if it is a
    folder, a device, a pipe or a socket, or larger than ``limit`` bytes. OSError (missing file, no
    permission) passes through for the caller to word."""
    path = Path(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode)
                or stat.S_ISBLK(info.st_mode) else "a pipe" if stat.S_ISFIFO(info.st_mode) else "not a regular file")
        raise FileRefused(f"{what} {path} is {kind}; give the path of a file")
    if info.st_size > limit:
        raise FileRefused(f"{what} {path} is {_size(info.st_size)}; the limit is {_size(limit)}", True)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)  # non-blocking: a path swapped for a pipe after the check cannot hang us
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise FileRefused(f"{what} {path} is not a regular file; give the path of a file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"{what} {path} is larger than {_size(limit)}, the limit", True)
    return data
