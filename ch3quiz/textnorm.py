"""Text folding shared by the validator and the graders."""

from __future__ import annotations

import functools
import re
import unicodedata

_EDGE_PUNCTUATION = "。.，,；;：:！!？?\"'“”‘’"


def normalize_text(text: str) -> str:
    """Case, full/half width and spacing folded away (NFKC maps full-width forms to ASCII)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"\s+", "", folded)
    return folded.strip(_EDGE_PUNCTUATION)


def fold_for_search(text: str) -> str:
    """Text folded as the grader folds it (case, width), spacing kept as single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def answer_shown_in(answer: str, text: str) -> bool:
    """Whether a fill answer can be read off a text: as the grader folds text (case, width,
    spacing), and as a whole word or number where it starts or ends in one (so '1' is found in
    '=1-x' but not in '10', and 'log' in '\\log p' but not in 'catalog')."""
    return answer_in_folded(answer, fold_for_search(text))


def answer_in_folded(answer: str, folded_text: str, compact_text: str | None = None) -> bool:
    """``answer_shown_in`` for a text already passed through ``fold_for_search`` (and, to search many
    answers in one text, that text with its spaces removed)."""
    pattern = answer_pattern(answer)
    if pattern is None:
        return False
    # Most texts do not contain the answer's characters at all: a plain substring test rules them out
    # before the (slower) whole-word search.
    if _compact(answer) not in (folded_text.replace(" ", "") if compact_text is None else compact_text):
        return False
    return pattern.search(folded_text) is not None


@functools.lru_cache(maxsize=4096)
def answer_pattern(answer: str) -> re.Pattern[str] | None:
    """The compiled search for one fill answer (None for an answer with nothing to find)."""
    folded = fold_for_search(answer).strip(_EDGE_PUNCTUATION).strip()
    if not folded:
        return None
    pattern = r"\s*".join(re.escape(ch) for ch in folded.replace(" ", ""))
    if folded[0].isascii() and folded[0].isalnum():
        pattern = r"(?<![0-9a-z])" + pattern
    if folded[-1].isascii() and folded[-1].isalnum():
        pattern += r"(?![0-9a-z])"
    return re.compile(pattern)


@functools.lru_cache(maxsize=4096)
def _compact(answer: str) -> str:
    return fold_for_search(answer).strip(_EDGE_PUNCTUATION).replace(" ", "")


# An ideograph or CJK punctuation (incl. full-width forms). YAML folds a line break into a space, but
# Chinese puts no space between two such characters, nor after or before its own punctuation:
# "上溢。 用" is "上溢。用", "都 $\\le0$， $e^x$" is "都 $\\le0$，$e^x$".
_CJK_PUNCT = r"[\u3000-\u303f\uff00-\uffef]"
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
_FOLDED_SPACE = re.compile(rf"(?<={_CJK})[ \t\n]+(?={_CJK})|(?<={_CJK_PUNCT})[ \t\n]+|[ \t\n]+(?={_CJK_PUNCT})")


def unfold_chinese(text: str) -> str:
    """Chinese text without the spaces that folding lines leaves between CJK characters and around
    CJK punctuation."""
    return _FOLDED_SPACE.sub("", text)
