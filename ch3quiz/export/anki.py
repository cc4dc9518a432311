"""An Anki deck (.apkg) with one note per question, formulas as MathJax."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from ch3quiz.bank.model import Question
from ch3quiz.bank.schema import LETTERS
from ch3quiz.bank.model import choice_text
from ch3quiz.export.markdown import answer_plain
from ch3quiz.export.mathjax import shown_not_obeyed
from ch3quiz.quiz.variants import draw_variant

# Fixed ids: re-importing an updated export updates the same deck and notes in Anki.
MODEL_ID = 1_733_030_301
DECK_ID = 1_733_030_302
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
# Bank text is untrusted, and Anki typesets every \( \) \[ \] in a card with MathJax. So only the
# bank's $..$ become math: a delimiter it wrote itself gets a word joiner (U+2060, invisible) after its
# backslash, and in its math a command that makes links or styles is shown, not obeyed (``mathjax``).
_DELIMITER = re.compile(r"\\(?=[()\[\]])")
_WORD_JOINER = "\N{WORD JOINER}"
# Anki obeys tags in a field's text too: [sound:…] plays a file, [anki:tts]…[/anki:tts] speaks, and
# [latex]…[/latex], [$]…[/$], [$$]…[/$$] run the student's LaTeX on the bank's code. Their "[" is written
# as "&#91;": the card shows it as "[", and Anki, which reads the field before HTML is decoded, sees no tag.
_ANKI_TAG = re.compile(r"\[(?=sound:|anki:|latex\]|\$\$?\])", re.I)

CARD_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.en { color: #555; } .meta { color: #999; font-size: 12px; } .explain { margin-top: 1em; }"""


def _plain(text: str) -> str:
    """Text outside the bank's math: HTML-escaped, with no MathJax delimiter and no Anki tag left in it."""
    return _ANKI_TAG.sub("&#91;", html.escape(_DELIMITER.sub("\\\\" + _WORD_JOINER, text)))


def _math(latex: str) -> str:
    """The inside of one formula: HTML-escaped, unable to end itself early, obeying no html command."""
    escaped = html.escape(_DELIMITER.sub("\\\\" + _WORD_JOINER, shown_not_obeyed(latex)), quote=False)
    return _ANKI_TAG.sub("&#91;", escaped)


def to_anki_html(text: str) -> str:
    """Escape text for HTML and turn ``$..$`` into MathJax ``\\(..\\)`` (``$$..$$`` into ``\\[..\\]``);
    nothing else in ``text`` becomes markup or math."""
    pieces: list[str] = []
    last = 0
    for match in _MATH.finditer(text):
        pieces.append(_plain(text[last:match.start()]))
        if match.group(1) is not None:
            pieces.append(r"\[" + _math(match.group(1)) + r"\]")
        else:
            pieces.append(r"\(" + _math(match.group(2)) + r"\)")
        last = match.end()
    pieces.append(_plain(text[last:]))
    return "".join(pieces).replace("\n", "<br>")


def _front(question: Question) -> str:
    parts = [to_anki_html(question.prompt_zh), f'<div class="en">{to_anki_html(question.prompt_en)}</div>']
    if question.choices:
        items = "".join(f"<li>{letter}. {to_anki_html(choice_text(c))}</li>" for letter, c in zip(LETTERS, question.choices))
        parts.append(f'<ul style="list-style:none;padding-left:0">{items}</ul>')
    return "".join(parts)


def _back(question: Question) -> str:
    answer = to_anki_html(answer_plain(question))
    explain = (f'<div class="explain">{to_anki_html(question.explanation_zh)}</div>'
               f'<div class="explain en">{to_anki_html(question.explanation_en)}</div>')
    return f"<b>答案 / Answer:</b> {answer}{explain}"


def write_apkg(questions: Sequence[Question], path: Path, deck_name: str = "ch3quiz · 第3章 神经网络基础") -> int:
    import genanki

    model = genanki.Model(
        MODEL_ID, "ch3quiz question",
        fields=[{"name": "Id"}, {"name": "Section"}, {"name": "Front"}, {"name": "Back"}],
        templates=[{
            "name": "Card 1",
            "qfmt": '<div class="meta">{{Section}} · {{Id}}</div>{{Front}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }],
        css=CARD_CSS,
    )
    deck = genanki.Deck(DECK_ID, deck_name)
    # An Anki card is fixed text: a question with params keeps the numbers of seed 0.
    for q in (draw_variant(question, 0) for question in questions):
        tags = [f"section::{q.section}", f"type::{q.type}", *q.tags]
        deck.add_note(genanki.Note(
            model=model, fields=[html.escape(q.id), html.escape(q.section), _front(q), _back(q)],
            tags=[t.replace(" ", "_") for t in tags], guid=genanki.guid_for("ch3quiz", q.id),
        ))
    genanki.Package(deck).write_to_file(str(path))
    return len(questions)
