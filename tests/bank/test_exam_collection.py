"""docs/review/exam-collection.md: the real exam questions, their sources and what prepares for them.

The collection is only worth keeping if it stays true of the bank: every row names a source that the
document lists, a verdict, and questions that exist; every row that was partly or not prepared for
names a question written to close the gap; every question written for it is named by some row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

COLLECTION = Path(__file__).parents[2] / "docs" / "review" / "exam-collection.md"
ROW = re.compile(r"^\| (\d+) \| (.+?) \| (.+?) \| (.+?) \| (fully|partly|not)\b(.*?) \| (.+?) \|$", re.M)
SOURCE_KEY = re.compile(r"^\| ([A-Z0-9-]+) \| ", re.M)


def _rows() -> list[re.Match[str]]:
    return list(ROW.finditer(COLLECTION.read_text(encoding="utf-8")))


def _ids(cell: str) -> list[str]:
    return re.findall(r"`([a-z0-9-]+)`", cell)


def test_the_collection_has_at_least_sixty_numbered_questions() -> None:
    numbers = [int(row.group(1)) for row in _rows()]
    assert len(numbers) >= 60
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("row", _rows(), ids=lambda row: f"row-{row.group(1)}")
def test_each_row_cites_a_listed_source_and_questions_of_the_bank(row, bundled_bank) -> None:
    text = COLLECTION.read_text(encoding="utf-8")
    keys = set(SOURCE_KEY.findall(text.split("## The collection")[0]))
    assert any(key in row.group(3) for key in keys), f"row {row.group(1)}: no listed source in {row.group(3)!r}"
    prepared_by = _ids(row.group(7))
    assert prepared_by, f"row {row.group(1)} names no question"
    for qid in prepared_by:
        bundled_bank.get(qid)  # raises UnknownQuestionError for an id the bank does not have
    if row.group(5) != "fully":
        assert any(qid.startswith("exam-") for qid in prepared_by), f"row {row.group(1)}: gap not closed"


def test_every_question_written_for_the_collection_is_named_by_a_row(bundled_bank) -> None:
    named = {qid for row in _rows() for qid in _ids(row.group(7))}
    written = {q.id for q in bundled_bank.select() if "/exam/" in q.location.file.replace("\\", "/")}
    assert written, "no questions under questions/exam/"
    assert written <= named, f"not named in the collection: {sorted(written - named)}"


def test_the_summary_counts_the_verdicts() -> None:
    verdicts = [row.group(5) for row in _rows()]
    counts = {v: verdicts.count(v) for v in ("fully", "partly", "not")}
    summary = re.search(r"(\d+) questions; before this pass (\d+) were fully, (\d+) partly and (\d+) not",
                        COLLECTION.read_text(encoding="utf-8").replace("\n", " "))
    assert summary, "the summary sentence is missing"
    total, fully, partly, not_ = map(int, summary.groups())
    assert (total, fully, partly, not_) == (len(verdicts), counts["fully"], counts["partly"], counts["not"])
