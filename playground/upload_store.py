"""Uploaded CSV files kept on the serving machine under their content hash, so a link can name one.

A link cannot carry a 5 MB file by value. A teacher who uploads the class's data and shares the link
wants every student to open the same rows, so each file the app accepts is also stored here as
``<sha256>.csv`` (its name beside it), and the page's link says ``upload=<sha256>``. The same bytes
always get the same name, so storing twice costs nothing, and a link cannot point at anything but
a file stored under exactly that hash (64 hex characters; no paths).

Visitors are anonymous, so the store is bounded: at most :data:`MAX_FILES` files and
:data:`MAX_TOTAL_BYTES` bytes; the files used least recently go first. A link whose file has gone
(evicted, or made on another server) opens the page without it, with a notice that says so.
Several server processes on one machine share the folder; writes are atomic (a temporary file
renamed into place).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .data.upload import MAX_BYTES
from .files import FileRefused, read_bytes

MAX_FILES = 200
MAX_TOTAL_BYTES = 200 * 1024 * 1024
KEY = re.compile(r"[0-9a-f]{64}")
ENV = "PLAYGROUND_UPLOAD_DIR"


def default_root() -> Path:
    """``$PLAYGROUND_UPLOAD_DIR``, else the user's cache folder."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nn-playground" / "uploads"


class UploadStore:
    def __init__(self, root: str | Path | None = None, max_files: int = MAX_FILES,
                 max_total_bytes: int = MAX_TOTAL_BYTES):
        self._root = Path(root) if root is not None else None
        self.max_files, self.max_total_bytes = int(max_files), int(max_total_bytes)

    @property
    def root(self) -> Path:
        """The folder (``default_root()`` read when used, so the environment may set it late)."""
        return self._root if self._root is not None else default_root()

    def put(self, data: bytes, name: str) -> str:
        """Keep ``data`` (a file's bytes, already accepted by the upload check) and return its key."""
        key = hashlib.sha256(data).hexdigest()
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{key}.csv"
        if not path.exists():
            self._write(path, data)
        self._write(self.root / f"{key}.name", os.path.basename(str(name))[:100].encode("utf-8", "replace"))
        os.utime(path)  # used now: evicted last
        self._evict(keep=key)
        return key

    def get(self, key: str) -> tuple[bytes, str]:
        """(bytes, file name) stored under ``key``; KeyError in plain words if there is no such file."""
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise KeyError("the link's upload name is not a stored file's name")
        path = self.root / f"{key}.csv"
        try:  # the project's guarded read: a regular file within the upload limit, nothing else
            data = read_bytes(path, MAX_BYTES, "the stored upload")
        except (OSError, FileRefused):
            raise KeyError("the uploaded file this link names is no longer kept on this server "
                           "(uploads are kept for a while); upload the file again") from None
        if hashlib.sha256(data).hexdigest() != key:
            raise KeyError("the uploaded file this link names was damaged on this server; upload it again")
        try:
            name = (self.root / f"{key}.name").read_text(encoding="utf-8")
        except OSError:
            name = "upload.csv"
        os.utime(path)
        return data, name

    def _write(self, path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _evict(self, keep: str) -> None:
        """Remove the files used least recently until the store is within its bounds."""
        files = []
        for path in self.root.glob("*.csv"):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        files.sort()
        total = sum(size for _, size, _ in files)
        while files and (len(files) > self.max_files or total > self.max_total_bytes):
            _, size, path = files.pop(0)
            if path.stem == keep:
                continue
            for doomed in (path, path.with_suffix(".name")):
                doomed.unlink(missing_ok=True)
            total -= size


STORE = UploadStore()
