"""The command line: a thin layer over the core library.

Each ``*_commands`` module registers its commands on the one Typer app; none
of them imports SymPy, numpy or sqlite3 at import time.
"""

from ch3quiz.cli import bank_commands, export_commands, quiz_commands, review_commands  # noqa: F401 - registers them
from ch3quiz.cli import check_commands, plan_commands  # noqa: F401
from ch3quiz.cli.app import app, main

__all__ = ["app", "main"]
