"""Where things live: the data dir (progress) and the bundled question bank."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ch3quiz"


def data_dir() -> Path:
    """The directory for progress data: ``CH3QUIZ_HOME``, else the platform's user-data dir."""
    override = os.environ.get("CH3QUIZ_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def database_path() -> Path:
    return data_dir() / "progress.sqlite3"


def bundled_bank_path() -> Path:
    """The bank shipped with the tool.

    A wheel carries it as ``ch3quiz/questions``; a source checkout (or an
    editable install) has it at the top level beside the package.
    """
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def bank_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The bank to use: ``--bank``, else ``CH3QUIZ_BANK``, else the bundled one."""
    chosen = explicit or os.environ.get("CH3QUIZ_BANK")
    return Path(chosen).expanduser() if chosen else bundled_bank_path()
