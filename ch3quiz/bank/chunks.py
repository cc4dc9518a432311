"""Cutting one large bank file into pieces that parse on their own, each with the line it starts at.

A bank file is a list of questions: either the file's root (``- id: ...`` at column 0) or the
``questions:`` list that ends a mapping (``section: '3.1'`` above it). Where every line after the
list starts is blank, a comment, more indented than the list's dashes, or a dash at exactly that
indentation, each such dash begins one question of the list, so the text can be cut before it: a
piece is the lines above the list (the header: ``section:``, ``questions:``) followed by a run of
questions, and a question's line in the piece plus the piece's offset is its line in the file.

A cut that falls inside something (a quoted string or a flow collection running over several lines)
leaves a piece that does not parse; so a piece read with any problem at all sends the whole file to
be read in one piece, and what is reported is exactly what a serial read reports. Anything unusual
(a YAML alias, a document marker, a tab, a byte-order mark, CR line ends, no list found) keeps the
file whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT_OR_BLANK = re.compile(r"[ ]*(#.*)?")
_QUESTIONS_KEY = re.compile(r"questions:[ ]*(#.*)?")
_ITEM = re.compile(r"([ ]*)-( |$)")
# Where an alias could be (``*name`` where a value may begin): the whole file's aliases are bounded
# together (``yamlsafe.MAX_ALIAS_GROWTH``) and may name an anchor in another piece, so such a file is
# kept whole. Markdown's *emphasis* looks the same and keeps its file whole too, at no risk.
_ALIAS = re.compile(r"\*[^ \n\[\]{},]")  # and what comes before it: see _has_alias
_TOP_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:( .*)?")


@dataclass(frozen=True)
class Piece:
    """A piece of a file's text that parses alone: its questions are at ``offset`` more lines in the file."""

    text: str
    offset: int


def _has_alias(text: str) -> bool:
    return any(m.start() == 0 or text[m.start() - 1] in " [{,\n" for m in _ALIAS.finditer(text))


def _list_start(lines: list[str]) -> tuple[int, int] | None:
    """(index of the list's first line, its dashes' indentation), or None when the file is not one list:
    the root's, or the value of a ``questions:`` key that ends a header of one-line top-level keys."""
    keys = questions = False
    for index, line in enumerate(lines):
        if _COMMENT_OR_BLANK.fullmatch(line):
            continue
        item = _ITEM.match(line)
        if item:
            indent = len(item.group(1))
            return (index, indent) if questions or (indent == 0 and not keys) else None
        if questions or not _TOP_KEY.fullmatch(line):
            return None  # a key between `questions:` and its list, or a line that is no one-line key
        keys, questions = True, bool(_QUESTIONS_KEY.fullmatch(line))
    return None


def pieces(text: str, target: int) -> list[Piece] | None:
    """The text cut into pieces of about ``target`` characters at question boundaries, or None when it
    cannot be cut safely (see the module's docstring). Regular expressions over the whole text, so a
    100 MB file is cut in a fraction of a second."""
    if "\r" in text or "\t" in text or text.startswith("\ufeff") or _has_alias(text):
        return None
    head = text[:_HEAD_LIMIT].split("\n")
    start = _list_start(head[:-1] if len(text) > _HEAD_LIMIT else head)
    if start is None:
        return None
    first, indent = start
    list_at = sum(len(line) + 1 for line in head[:first])  # where the list's first line begins
    # Each line after the list's first: the pattern begins with a newline, which the engine finds fast.
    if re.compile(rf"\n(?! {{{indent}}}-[ \n]| {{{indent}}}-\Z| {{{indent + 1}}}|[ ]*#|[ ]*\n|[ ]*\Z)").search(text, list_at):
        return None  # a line that is neither a question's dash, nor inside one, nor a comment
    header, listed = text[:list_at], text[list_at:]
    starts = [m.start() + 1 for m in re.finditer(rf"\n {{{indent}}}-(?=[ \n]|\Z)", listed)]
    cuts = _cuts(starts, target)
    found, line = [], first
    for begin, end in zip(cuts, [*cuts[1:], len(listed)]):
        part = listed[begin:end]
        found.append(Piece(header + part, line - first))
        line += part.count("\n")
    return found if len(found) > 1 else None


# The header (the keys above the list) is looked for in the file's first characters only.
_HEAD_LIMIT = 1 << 16


def _cuts(starts: list[int], target: int) -> list[int]:
    """Where the pieces begin: at a question's first line once ``target`` characters are taken."""
    cuts = [0]
    for start in starts:
        if start - cuts[-1] >= target:
            cuts.append(start)
    return cuts
