"""Which files make up a bank (a YAML file, or every YAML file under a folder)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ch3quiz.errors import BankError, MissingBankError

BANK_SUFFIXES = (".yaml", ".yml")


def _hidden(path: Path, root: Path) -> bool:
    """A dot-file or anything in a dot-folder below the bank's root (an editor's or a tool's, not a bank file)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def bank_files(path: Path) -> list[Path]:
    if not path.exists():
        raise MissingBankError(f"no question bank at {path}; give --bank a YAML file or folder, or leave it out for the"
                        " bundled bank / 找不到题库")
    if path.is_file():
        return [path]
    return sorted(p for p in _walk(path) if p.suffix in BANK_SUFFIXES and not _hidden(p, path) and p.is_file())


MAX_ENTRIES = 100_000  # names looked at under a bank folder; a bank of 60,000 questions has a few hundred files


def _walk(root: Path) -> list[Path]:
    """Every file name under ``root``, hidden folders not entered, symlinked folders not followed, and
    at most MAX_ENTRIES names looked at: ``--bank /`` walked the whole file system (list never ended;
    quiz died on a /proc entry that vanished mid-walk). Folders that cannot be read are skipped."""
    found: list[Path] = []
    seen = 0
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        seen += len(subfolders) + len(names)
        if seen > MAX_ENTRIES:
            raise BankError(f"{root} holds more than {MAX_ENTRIES:,} files and folders: it is no question bank;"
                            " give --bank your YAML file, or the folder that holds your YAML files / 这不是题库文件夹")
        found.extend(Path(folder) / name for name in names)
    return found


def content_digest(content: bytes) -> str:
    """The hash a file's cached copies are keyed by (BLAKE2, ~1 GB/s): an edit that keeps the size and
    the modification time (``cp -p``, ``rsync -t``, ``tar x``) still changes it."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()
