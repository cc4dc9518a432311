"""Line breaking that treats Chinese as Chinese: a line may break between any two CJK characters.

Rich breaks lines only at spaces, so a Chinese sentence (which has none) is one long "word": it
moves whole to the next line, leaving the line before it half empty (seen in every explanation as
"…σ(z)=y 处导数就是" and then "0；…" on a line of its own). Rich finds its break points with one
small function, ``rich._wrap.words``; :func:`install` puts this module's version in its place, which
yields each CJK character as a word of its own and keeps the rules a Chinese reader expects:
closing punctuation (，。）…) never starts a line and opening punctuation (（“《…) never ends one.
Text without CJK characters is split exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"  # ideographs, kana, fullwidth forms, CJK punctuation
_OPENING = re.escape("（「『“‘《〈【〔")
_CLOSING = re.escape("，。、；：？！）」』”’》〉】〕…,.;:?!)]}%")
# One break unit: leading spaces, then either a CJK character with the opening marks before it and
# the closing marks after it, or a run of other non-space text likewise, or (so that splitting never
# stops early) any one character left; then its trailing spaces.
_UNIT = re.compile(
    rf"\s*(?:[{_OPENING}]*(?![{_OPENING}])[{_CJK}][{_CLOSING}]*"
    rf"|[{_OPENING}]*[^\s{_CJK}]+[{_CLOSING}]*|\S)\s*"
)
_HAS_CJK = re.compile(rf"[{_CJK}]")


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each break unit of ``text`` as (start, end, unit), the contract of ``rich._wrap.words``."""
    if not _HAS_CJK.search(text):
        yield from _rich_words(text)
        return
    position = 0
    while (match := _UNIT.match(text, position)) is not None and match.end() > position:
        yield match.start(), match.end(), match.group(0)
        position = match.end()


def install() -> None:
    """Make Rich break lines with :func:`words` (idempotent)."""
    import rich._wrap

    rich._wrap.words = words


def _rich_words(text: str) -> Iterator[tuple[int, int, str]]:
    # Rich's own rule (a run of non-space text and the spaces after it), for text without CJK.
    for match in _RICH_WORD.finditer(text):
        yield match.start(), match.end(), match.group(0)


_RICH_WORD = re.compile(r"\s*\S+\s*")
