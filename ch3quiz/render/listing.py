"""The question list: one line a question, streamed, so a list of 60,000 starts at once.

A Rich table measures every row before it draws the first (0.25 s for 410 questions,
over 30 s for 60,000), so the list is laid out here with fixed column widths, measured in
terminal cells (a CJK character takes two), and written in chunks as it is made.
``page`` shows one page of ``PAGE_SIZE`` rows instead of them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

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


class QuestionLines:
    """The list written as the questions arrive (a bank read file by file shows its first page at
    once): ``add`` each batch in bank order, then ``finish`` for the count. With ``page`` only that
    page's rows are written; the footer needs the total, so it waits for ``finish``."""

    def __init__(self, page: int | None = None) -> None:
        self.page = page
        self.total = 0
        self.widths: list[int] | None = None

    def add(self, questions: Iterable[Question]) -> None:
        for_rows = list(questions)
        first = self.total
        self.total += len(for_rows)
        if self.page is not None:  # the slice of this batch that falls on the page
            start, stop = (self.page - 1) * PAGE_SIZE, self.page * PAGE_SIZE
            for_rows = for_rows[max(0, start - first):max(0, stop - first)]
        if not for_rows:
            return
        lines: list[str] = []
        if self.widths is None:
            self.widths = _widths()
            lines.append(_header(self.widths))
        widths = self.widths
        _write(chain(lines, (_line(_row(q, widths[-1]), widths) for q in for_rows)))

    def finish(self) -> None:
        """The count (and the page's place); UsageError for a page past the last."""
        pages = _pages(self.total, self.page)
        if self.widths is None:  # nothing shown yet: the header alone
            _write([_header(_widths())])
        if self.page is None:
            out.print(counted(self.total, "question"), markup=False, highlight=False)
            return
        more = f"; --page {self.page + 1} for more" if self.page < pages else ""
        out.print(f"{counted(self.total, 'question')} · page {self.page} of {pages}{more}", markup=False, highlight=False)


def _header(widths: Sequence[int]) -> str:
    return _line(["id", "§" if narrow() else "section", "type", "diff", "prompt"], widths)


def _pages(total: int, page: int | None) -> int:
    """How many pages ``total`` questions fill; UsageError when ``page`` is not one of them."""
    pages = max(1, -(-total // PAGE_SIZE))
    if page is not None and not 1 <= page <= pages:
        raise UsageError(f"--page must be from 1 to {pages} / 页码须在 1 到 {pages} 之间")
    return pages


def question_lines(questions: Sequence[Question], page: int | None = None) -> None:
    """Every question (or one page of them), one line each, then the count."""
    _pages(len(questions), page)  # a page past the last is refused before a line is written
    lines = QuestionLines(page)
    lines.add(questions)
    lines.finish()
