"""The question bank: YAML loading, schema validation with locations, the in-memory Bank.

The loader (and with it PyYAML) is imported on first use, so reading the bank from
its parse cache never loads the YAML machinery.
"""

from __future__ import annotations

from typing import Any

from ch3quiz.bank.model import QUESTION_TYPES, Bank, Question

__all__ = ["QUESTION_TYPES", "Bank", "Problem", "Question", "load_bank", "read_bank", "read_bank_text"]


def __getattr__(name: str) -> Any:
    if name in ("Problem", "load_bank", "read_bank", "read_bank_text"):
        from ch3quiz.bank import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'ch3quiz.bank' has no attribute {name!r}")
