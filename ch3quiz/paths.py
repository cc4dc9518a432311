"""Where things live: the data dir (progress) and the bundled question bank."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ch3quiz"


def data_dir() -> Path:
    """The directory for progress data: ``CH3QUIZ_HOME``, else the platform's user-data dir."""
    override = os.environ.get("CH3QUIZ_HOME")
    if override:
        expanded = os.path.expanduser(override)
        if expanded.startswith("~"):  # ~someone with no such user (Path.expanduser raised RuntimeError: exit 70)
            from ch3quiz.errors import UsageError

            user = expanded.split(os.sep)[0][1:]
            raise UsageError(f"CH3QUIZ_HOME={override}: there is no user '{user}' on this computer; give it a"
                             " folder, e.g. CH3QUIZ_HOME=~/ch3quiz / 找不到该用户的主目录")
        return Path(expanded)
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
    # os.path, not Path.expanduser: ~someone with no such user stays as written (as in the shell), to be
    # reported missing, where Path raised RuntimeError (exit 70).
    return Path(os.path.expanduser(chosen)) if chosen else bundled_bank_path()
