"""Which files make up a bank (a YAML file, or every YAML file under a folder)."""

from __future__ import annotations

from pathlib import Path

from ch3quiz.errors import MissingBankError

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
    return sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and not _hidden(p, path) and p.is_file())
