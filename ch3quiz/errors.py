"""One exception family for everything a user may see.

Domain code raises these with a message written for the student; the CLI
prints the message as one line on stderr and exits with ``exit_code``.
Anything else that escapes is a bug and is shown with its traceback only
when ``CH3QUIZ_DEBUG=1``.
"""

from __future__ import annotations


class Ch3quizError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = 1

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class UsageError(Ch3quizError):
    """The command line asked for something that cannot be done."""

    exit_code = 2


class BankError(Ch3quizError):
    """A question bank cannot be read or does not validate."""


class MissingBankError(BankError):
    """No bank at the path given: unreadable input, like a missing FILE argument."""

    exit_code = 2


class UnknownQuestionError(BankError):
    """An id that is not in the bank."""

    exit_code = 2


class FormulaError(Ch3quizError):
    """A formula cannot be read (syntax, size, nesting)."""

    exit_code = 2


class StoreError(Ch3quizError):
    """The progress database cannot be opened, read or written."""
