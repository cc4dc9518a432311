"""Writing a file the student owns (an export, an imported bank) without ever leaving half of one.

The new content goes to a temporary file beside the target, is flushed to disk, and is
renamed over the target in one step: a full disk, Ctrl-C or a kill leaves the old file
whole (and at worst a hidden ``.NAME.XXXX.tmp``, which no bank reads). The target keeps
its permission bits. Two policies differ by caller:

* an export names a file to create: an existing file (or a symlink, even a dangling one)
  is refused unless ``replace=True``, and a symlink is then replaced, never followed;
* an import updates a bank file in place: a symlink is expected (a bank kept elsewhere),
  so the write goes to the file it points at and the link stays.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ch3quiz.errors import Ch3quizError, UsageError
from ch3quiz.safetext import inert, short_name


class WriteError(Ch3quizError):
    """The file could not be written; the target was left as it was."""


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "disk full / 磁盘已满"
    return exc.strerror or str(exc)


def refuse_existing(target: str, *, replace: bool, example: str = "out.txt") -> Path:
    """The file to write for ``-o target``; UsageError when it exists (as a file or a link) and replacing
    was not asked for, or when it is a folder, a link to a folder or a name ending in '/'.

    A folder is refused even with ``--force``, as ``curl -o``, ``sort -o`` and ``pandoc -o`` refuse
    one: replacing a link to a folder destroyed the link, and writing inside it would need a file
    name we would have to invent. ``example`` names a file for the suggestion.
    """
    if not target.strip():
        raise UsageError(f"-o needs a file name, e.g. -o {example} / 请给出文件名")
    path = Path(target)
    if path.is_dir() or target.endswith(("/", os.sep)):
        what = "a link to a folder" if path.is_symlink() else "a folder" if path.is_dir() else "a folder name (it ends in /)"
        raise UsageError(f"{target} is {what}; -o takes a file name, e.g. -o {path / example} / 这是文件夹，请给出文件名")
    if path.exists() and not path.is_file():  # followed: -o /dev/stdout --force would replace that link
        through = ", through a link" if path.is_symlink() else ""
        raise UsageError(f"{target} is a device or a pipe{through}, not a file; to print the export use -o -, else"
                         f" give a file name, e.g. -o {example} / 不是普通文件")
    if os.path.lexists(path) and not replace:
        raise UsageError(f"{target} exists; add --force to replace it / 文件已存在，加 --force 覆盖")
    return path


def write_atomically(target: Path, write: Callable[[Path], object], *, follow_symlink: bool = False) -> None:
    """Call ``write(temp_path)`` to fill a temporary file beside ``target``, then rename it into place.

    ``follow_symlink``: when ``target`` is a symlink, update the file it points at (the link
    stays); otherwise the link itself is replaced. Raises WriteError, with the target unchanged.
    """
    final = Path(os.path.realpath(target)) if follow_symlink and target.is_symlink() else target
    if final.exists() and not final.is_symlink() and not final.is_file():
        # A device, a pipe or a folder: renaming a file over it would replace it, not write to it.
        raise WriteError(f"cannot write {target}: not a regular file / 不是普通文件")
    try:
        # A link that is replaced, not followed, lends no mode: a link to a folder made the export executable.
        keeps_mode = final.exists() and not final.is_symlink()
        mode = stat.S_IMODE(final.stat().st_mode) if keeps_mode else _default_mode()
        # The name is cut so the temp name fits where the target's does (255 bytes): an export to a
        # 250-character name failed with "File name too long" though that name was allowed.
        handle, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name[:64]}.", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise WriteError(f"cannot write {short_name(str(target))}: {_reason(exc)}") from None
    temp = Path(name)
    try:
        write(temp)
        os.chmod(temp, mode)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, final)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(f"cannot write {short_name(str(target))}: {_reason(exc)}; it was left as it was"
                         " / 写入失败，原文件未改动") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def updating(target: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-merge-write of ``target`` (an import into a bank file): four
    imports of different CSVs into one bank at once each said "added" and the file kept only the last
    one's questions. The lock file is kept in the data dir (``locks/``), named by the real path of the
    file written, so nothing is left beside the student's bank. Without ``flock`` (Windows), or where
    the lock file cannot be made, the update runs unlocked, as before."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = _lock_file(Path(os.path.realpath(target)))
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another import of the same bank finishes first
        yield
    finally:
        os.close(fd)


def _lock_file(final: Path) -> int | None:
    import hashlib

    from ch3quiz.paths import data_dir

    folder = data_dir() / "locks"
    name = hashlib.blake2b(os.fsencode(final), digest_size=12).hexdigest()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None


def write_to_stdout(write: Callable[[Path], object]) -> None:
    """Call ``write(temp_path)`` on a private temporary file, then copy it to stdout (``-o -``)."""
    import shutil
    import sys

    with tempfile.TemporaryDirectory(prefix="ch3quiz-") as folder:
        temp = Path(folder) / "out"
        write(temp)
        with open(temp, "rb") as written:
            if sys.stdout.isatty():  # a person reads it: bank text shown, never obeyed (ESC]0; in a CSV cell
                # retitled the terminal). A pipe or a file gets the exact bytes, for a round trip.
                text = written.read().decode("utf-8", "replace").replace("\r\n", "\n")
                sys.stdout.write(inert(text))
                sys.stdout.flush()
                return
            shutil.copyfileobj(written, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def remove_stale(folder: Path, pattern: str, older_than: float = 600.0) -> None:
    """Delete temporary files matching ``pattern`` that a killed write left behind (none younger than
    ``older_than`` seconds, which may belong to a write under way in another process)."""
    cutoff = time.time() - older_than
    try:
        for leftover in folder.glob(pattern):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # tidying is best effort
