"""The command line: a thin layer over the core library.

Each ``*_commands`` module registers its commands on the one Typer app when it
is imported; ``catalog.py`` says which module holds which command, so ``--help``
and each command import only what they need. None of them imports SymPy,
numpy or sqlite3 at import time.
"""

from ch3quiz.cli.app import app, main

__all__ = ["app", "main"]
