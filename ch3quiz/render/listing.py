"""The question list: one line a question, streamed, so a list of 60,000 starts at once.

A Rich table measures every row before it draws the first (0.25 s for 410 questions,
over 30 s for 60,000), so the list is laid out here with fixed column widths, measured in
terminal cells (a CJK character takes two), and written in chunks as it is made.
``page`` shows one page of ``PAGE_SIZE`` rows instead of them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain, islice

from rich.cells import cell_len, set_cell_size

from ch3quiz.bank.model import Question
from ch3quiz.errors import UsageError
from ch3quiz.render.bank import SHORT_TYPE_NAMES
from ch3quiz.render.console import narrow, out
from ch3quiz.render.latex import render_inline_math
from ch3quiz.safetext import inert
from ch3quiz.wording import counted

PAGE_SIZE = 50
_CHUNK = 500  # rows written at a time


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut to exactly ``width`` cells, a cut marked with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _widths() -> list[int]:
    # A narrow terminal keeps every column and every id whole (ids are typed): the section and the
    # type take four cells (types shortened), the prompt what is left.
    if narrow():
        return [30, 4, 4, 4, max(8, out.width - 46)]
    return [30, 7, 10, 4, max(16, out.width - 55)]


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return " ".join(_fit(cell, width) for cell, width in zip(cells, widths)).rstrip()


def _source_head(text: str, width: int) -> str:
    """Enough of ``text`` to fill ``width`` cells once rendered: three characters of source a cell,
    cut before the LaTeX is rendered (a long prompt is not rendered whole), but never inside a
    ``$…$`` span, which would show as raw LaTeX ("前向传播为 $z^{(l+1)}…")."""
    head = text[:3 * width]
    if head.count("$") % 2:
        close = text.find("$", len(head))
        head = text[:close + 1] if 0 <= close < len(head) + _LONGEST_SPAN else head[:head.rfind("$")]
    return head


_LONGEST_SPAN = 300  # source characters read on to close a formula cut by the head


def _row(question: Question, width: int) -> list[str]:
    prompt = render_inline_math(_source_head(question.prompt_zh, width)).replace("\n", " ")
    qtype = SHORT_TYPE_NAMES.get(question.type, question.type) if narrow() else question.type
    return [inert(question.id), inert(question.section), inert(qtype), str(question.difficulty), prompt]


def _write(lines: Iterable[str]) -> None:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= _CHUNK:
            out.file.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        out.file.write("\n".join(batch) + "\n")
    out.file.flush()


def question_lines(questions: Sequence[Question], page: int | None = None) -> None:
    """Every question (or one page of them), one line each, then the count."""
    total = len(questions)
    pages = max(1, -(-total // PAGE_SIZE))
    shown: Iterable[Question] = questions
    if page is not None:
        if not 1 <= page <= pages:
            raise UsageError(f"--page must be from 1 to {pages} / 页码须在 1 到 {pages} 之间")
        shown = islice(questions, (page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    widths = _widths()
    header = _line(["id", "§" if narrow() else "section", "type", "diff", "prompt"], widths)
    _write(chain([header], (_line(_row(q, widths[-1]), widths) for q in shown)))
    if page is None:
        out.print(counted(total, "question"), markup=False, highlight=False)
    else:
        more = f"; --page {page + 1} for more" if page < pages else ""
        out.print(f"{counted(total, 'question')} · page {page} of {pages}{more}", markup=False, highlight=False)
