"""English counts with their plural: "1 question", "2 questions", "0 questions".

Chinese has no plural, so only the English half of a bilingual message goes through here; a message
never hedges with a bracketed "s" or writes "1 questions".
"""

from __future__ import annotations


def plural(count: float, noun: str, many: str | None = None) -> str:
    """``noun`` for a count of exactly one, else ``many`` (default: ``noun`` + "s")."""
    return noun if count == 1 else many or f"{noun}s"


def counted(count: float, noun: str, many: str | None = None) -> str:
    """The count and the noun that agrees with it: ``counted(1, "card")`` is "1 card"."""
    return f"{count:g} {plural(count, noun, many)}" if isinstance(count, float) else f"{count} {plural(count, noun, many)}"
