"""How well the derivation checker judges real derivations: tests/data/derivations.yaml against check_derivation.

Run from the repository root:

    python benchmarks/measure_derivations.py            # entries whose question is in the bundled bank
    python benchmarks/measure_derivations.py --json     # one JSON object per entry
    python benchmarks/measure_derivations.py --holdout  # the held-out collection, tests/data/derivations_holdout.yaml
    python benchmarks/measure_derivations.py --holdout2 # the second held-out collection, tests/data/derivations_holdout2.yaml

What agrees with an entry's label (the label is the mathematics, not what the checker says today):

* verdict: label ``correct`` wants ``correct``; label ``incorrect`` wants ``incorrect`` or ``invalid``
  (``undecided`` is a disagreement, ``correct`` a false accept, the worst one);
* first wrong line: the checker's ``first_wrong`` equals the label's (both may be null);
* marks (where the entry has them): line by line, the checker's line verdict read as a mark
  (ok -> ok, wrong -> wrong, invalid -> unreadable, undecided -> undecided; a line mark of its own, such
  as ``side``, is used as it is when the checker gives one, except ``jump``: a true line that goes straight to the
  result, ok with advice).

Prints the false accepts first, then agreement overall and per notation and per question, then every
disagreement with the checker's messages, and a count of the causes (the message of the first line on
which checker and label part).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "derivations.yaml"
HOLDOUT = ROOT / "tests" / "data" / "derivations_holdout.yaml"
HOLDOUT2 = ROOT / "tests" / "data" / "derivations_holdout2.yaml"
sys.path.insert(0, str(ROOT))

from ch3quiz.bank import load_bank  # noqa: E402
from ch3quiz.math import check_derivation  # noqa: E402
from ch3quiz.paths import bundled_bank_path  # noqa: E402

LINE_MARKS = {"ok": "ok", "jump": "ok", "wrong": "wrong", "invalid": "unreadable", "undecided": "undecided"}
# Causes, tried in order on the message of the first line where checker and label part.
CAUSES = (
    ("checker fields unreadable (the question cannot be read)", r"checker fields cannot be read"),
    ("checker failed (internal error)", r"checker failed"),
    ("unknown symbol", r"unknown symbol"),
    ("unreadable notation", r"cannot read this line|unknown LaTeX command|expected|cannot be checked yet"),
    ("a '=' line after an unreadable or wrong line", r"needs a readable line before it"),
    ("shape error (a product read one way only)", r" is \S+×\S+ but |needs equal shapes|inner sizes"),
    ("does not follow from the previous line", r"does not follow from the previous one"),
    ("not equal (the chain rule or an intermediate form refused)", r"is not equal to"),
    ("starts from what is asked", r"starts from what is asked"),
    ("needs more steps", r"needs steps"),
    ("last line not in the asked form", r"does not reach the result"),
    ("undecided", r"cannot decide"),
)


def load_questions() -> dict:
    return {q.id: q for q in load_bank(bundled_bank_path())}


def verdict_agrees(label: str, verdict: str) -> bool:
    return verdict == "correct" if label == "correct" else verdict in ("incorrect", "invalid")


def judge(entry: dict, question) -> dict:
    """Check one entry; its row: what the checker said and where it agrees."""
    result = check_derivation(question, list(entry["lines"]))
    got_marks = [LINE_MARKS.get(line.mark or line.verdict, line.mark or line.verdict) for line in result.lines]
    want_marks = entry.get("marks")
    marks_agree = None
    if want_marks is not None:
        marks_agree = sum(a == b for a, b in zip(got_marks, want_marks))
    return {"entry": entry, "result": result, "marks": got_marks,
            "verdict_ok": verdict_agrees(entry["verdict"], result.verdict),
            "first_wrong_ok": result.first_wrong == entry["first_wrong"],
            "false_accept": result.verdict == "correct" and entry["verdict"] != "correct",
            "marks_agree": marks_agree}


def cause(row: dict) -> str:
    """The message of the first line where the checker and the label part, sorted into a cause."""
    result, entry = row["result"], row["entry"]
    text = result.message
    want = entry.get("marks") or []
    for number, line in enumerate(result.lines, start=1):
        label_mark = want[number - 1] if number <= len(want) else ("wrong" if number == entry["first_wrong"] else None)
        got = LINE_MARKS.get(line.verdict, line.verdict)
        if label_mark is not None and got != label_mark and line.message:
            text = line.message
            break
    for name, pattern in CAUSES:
        if re.search(pattern, text):
            return name
    return "other: " + text[:80]


def rate(rows: list[dict], key: str) -> str:
    good = sum(bool(r[key]) for r in rows)
    return f"{good}/{len(rows)} = {100 * good / max(len(rows), 1):.1f}%"


def grouped(rows: list[dict], field: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row["entry"][field])].append(row)
    return dict(sorted(groups.items()))


def show(row: dict) -> str:
    entry, result = row["entry"], row["result"]
    head = (f"- {entry['id']} [{entry['notation']}, {entry['question']}]: label {entry['verdict']}"
            f" (first wrong {entry['first_wrong']}), checker {result.verdict} (first wrong {result.first_wrong}): {result.message}")
    lines = [head]
    want = entry.get("marks") or [None] * len(result.lines)
    for line, mark, label_mark in zip(result.lines, row["marks"], want):
        flag = "" if label_mark in (None, mark) else f"  <- label {label_mark}"
        lines.append(f"    {line.number}. {mark}: {line.message or 'ok'}{flag}")
    return "\n".join(lines)


def report(rows: list[dict], skipped: list[dict], seconds: float) -> None:
    marked = [r for r in rows if r["marks_agree"] is not None]
    print(f"{len(rows)} derivations checked in {seconds:.1f} s ({len(skipped)} skipped: their question is not in the bank)")
    false_accepts = [r for r in rows if r["false_accept"]]
    print(f"\nFalse accepts (a wrong derivation judged correct): {len(false_accepts)}")
    for row in false_accepts:
        print(show(row))
    print(f"\nverdict agrees:          {rate(rows, 'verdict_ok')}")
    print(f"first wrong line agrees: {rate(rows, 'first_wrong_ok')}")
    if marked:
        total = sum(len(r["entry"]["marks"]) for r in marked)
        good = sum(r["marks_agree"] for r in marked)
        print(f"line marks agree:        {good}/{total} = {100 * good / total:.1f}% (over {len(marked)} entries with marks)")
    for field in ("notation", "question"):
        print(f"\nper {field} (verdict, first wrong line):")
        for name, group in grouped(rows, field).items():
            print(f"  {name:34} {rate(group, 'verdict_ok'):>18}   {rate(group, 'first_wrong_ok'):>18}")
    parted = [r for r in rows if not (r["verdict_ok"] and r["first_wrong_ok"])]
    print(f"\nDisagreements ({len(parted)}):")
    for row in parted:
        print(show(row))
    print("\nCauses (the first line where checker and label part):")
    for name, count in Counter(cause(r) for r in parted).most_common():
        print(f"  {count:3}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per entry")
    parser.add_argument("--holdout", action="store_true", help="measure the held-out collection instead")
    parser.add_argument("--holdout2", action="store_true", help="measure the second held-out collection instead")
    args = parser.parse_args()
    questions = load_questions()
    path = HOLDOUT2 if args.holdout2 else HOLDOUT if args.holdout else CORPUS
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    rows, skipped = [], []
    for entry in entries:
        question = questions.get(entry["question"])
        if question is None:
            skipped.append(entry)
            continue
        rows.append(judge(entry, question))
    seconds = time.perf_counter() - start
    if args.json:
        for row in rows:
            print(json.dumps({"id": row["entry"]["id"], "verdict": row["result"].verdict,
                              "first_wrong": row["result"].first_wrong, "marks": row["marks"],
                              "verdict_ok": row["verdict_ok"], "first_wrong_ok": row["first_wrong_ok"],
                              "message": row["result"].message}, ensure_ascii=False))
        return
    report(rows, skipped, seconds)
    if path == CORPUS:
        for held in (HOLDOUT, HOLDOUT2):
            held_out(questions, held)


def held_out(questions: dict, path: Path) -> None:
    """One line for a held-out collection (its full report: --holdout, --holdout2): does the checker generalise?"""
    entries = [e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if e["question"] in questions]
    rows = [judge(entry, questions[entry["question"]]) for entry in entries]
    print(f"\nheld out ({path.name}): first wrong line agrees {rate(rows, 'first_wrong_ok')}, "
          f"verdict {rate(rows, 'verdict_ok')}, false accepts {sum(r['false_accept'] for r in rows)}")


if __name__ == "__main__":
    main()
