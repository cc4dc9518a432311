"""Text from a bank, a CSV or a file is untrusted: what reaches the terminal must be inert.

A terminal obeys control characters: ``ESC]0;…BEL`` retitles the window (and swallows
what follows), ``ESC[2J`` clears the screen, ``ESC]8;;url`` makes a live link, a bidi
override reorders what is read. Rich escapes its own markup but passes these through,
so every text from outside goes through :func:`inert` on its way to the screen: each
control character is replaced by a visible stand-in (ESC -> ␛, NUL -> ␀, U+202E -> <U+202E>).
Tab and newline are layout and stay. :func:`clip` bounds how much of one text is drawn,
so a 50 MB prompt costs what a page costs.

This module is pure (no Rich): the validator uses it to warn, render/ to show.
"""

from __future__ import annotations

import re
from ch3quiz.wording import counted

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates that reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Far more than any prompt or explanation needs; beyond it a text is cut, with a note.
MAX_SHOWN = 4000


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ ␁ … ␛ … ␟
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """``text`` with every control character shown visibly instead of obeyed (idempotent)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda match: _stand_in(match.group()), text)


def control_characters(text: str) -> list[str]:
    """The distinct control characters in ``text``, as their visible stand-ins, in order of appearance."""
    found: dict[str, None] = {}
    for match in _CONTROL.finditer(text):
        found.setdefault(_stand_in(match.group()), None)
    return list(found)


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """At most ``limit`` characters of ``text``, with a note of how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … (+{counted(len(text) - limit, 'character')} not shown / 其余 {len(text) - limit} 个字符未显示)"


def short_name(name: str, limit: int = 80) -> str:
    """A file name as a one-line message shows it: a 4,000-character one filled the screen."""
    return name if len(name) <= limit else f"{name[:limit]}… ({len(name):,} characters)"


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """Untrusted text ready for the terminal: clipped, then made inert."""
    return inert(clip(text, limit))


def json_inert(text: str) -> str:
    """JSON text with every control character written as a ``\\uXXXX`` escape.

    ``json.dumps(ensure_ascii=False)`` escapes C0 but writes C1 and bidi controls raw.
    """
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
