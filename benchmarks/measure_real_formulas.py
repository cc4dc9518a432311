"""How well the formula checker reads real formulas: tests/data/real_formulas.yaml against check_answer.

Run from the repository root: python benchmarks/measure_real_formulas.py [--json] [--file PATH]
(--file measures another collection in the same format: the held-out ones are
tests/data/real_formulas_holdout.yaml and tests/data/real_formulas_holdout2.yaml).

What the checker should say for each entry:
* label correct: verdict "correct", except where the question asks for a form the text does not use
  (asked_form: false), where any verdict but "correct" agrees (the answer is equal but not in the form);
* label incorrect: verdict "incorrect" or "invalid" ("undecided" is a disagreement, not a false accept);
* label ambiguous: anything but "correct" (reported apart; not counted in the agreement).

Prints the false accepts first (wrong answers accepted), then right values accepted in a form the
question does not ask for, then agreement overall, per notation, per class and per question, then
every other disagreement with the checker's verdict and message.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "real_formulas.yaml"
sys.path.insert(0, str(ROOT))

from ch3quiz.bank import load_bank  # noqa: E402
from ch3quiz.math import check_answer  # noqa: E402
from ch3quiz.paths import bundled_bank_path  # noqa: E402


def expected_ok(entry: dict, verdict: str) -> bool:
    """True when the checker's verdict agrees with the entry's label."""
    if entry["label"] == "correct":
        return verdict == "correct" if entry.get("asked_form", True) else verdict != "correct"
    if entry["label"] == "incorrect":
        return verdict in ("incorrect", "invalid")
    return verdict != "correct"


def false_accept(entry: dict, verdict: str) -> bool:
    """A wrong (or ambiguous) answer accepted: the worst disagreement."""
    return verdict == "correct" and entry["label"] != "correct"


def form_accept(entry: dict, verdict: str) -> bool:
    """A right value accepted although the question asks for a form the text does not use."""
    return verdict == "correct" and entry["label"] == "correct" and entry.get("asked_form", True) is False


def run(entries: list[dict]) -> list[dict]:
    """Check every entry; one result row per entry."""
    bank = load_bank(bundled_bank_path())
    rows = []
    for entry in entries:
        result = check_answer(bank.get(entry["question"]), entry["text"])
        rows.append({"entry": entry, "verdict": result.verdict, "message": result.message,
                     "agrees": expected_ok(entry, result.verdict), "false_accept": false_accept(entry, result.verdict),
                     "form_accept": form_accept(entry, result.verdict)})
    return rows


def rate(rows: list[dict]) -> str:
    agree = sum(r["agrees"] for r in rows)
    return f"{agree}/{len(rows)} = {100 * agree / max(len(rows), 1):.1f}%"


def grouped(rows: list[dict], key) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        for name in key(row["entry"]):
            groups[str(name)].append(row)
    return dict(sorted(groups.items()))


def line(row: dict) -> str:
    e = row["entry"]
    want = e["label"] if e.get("asked_form", True) else "correct value, not the asked form"
    return f"  {e['id']:8s} {e['question']:22s} {e['notation']:7s} want {want}; got {row['verdict']}: {e['text']}\n" \
           f"           message: {row['message']}"


def report(rows: list[dict], seconds: float) -> None:
    clear = [r for r in rows if r["entry"]["label"] != "ambiguous"]
    accepts = [r for r in rows if r["false_accept"]]
    print(f"FALSE ACCEPTS (a wrong answer accepted): {len(accepts)}")
    for row in accepts:
        print(line(row))
    forms = [r for r in rows if r["form_accept"]]
    print(f"\naccepted although not in the asked form: {len(forms)}")
    for row in forms:
        print(line(row))
    print(f"\nagreement on the unambiguous entries: {rate(clear)}  ({len(rows)} entries checked in {seconds:.1f} s)")
    for title, key in (("notation", lambda e: [e["notation"]]), ("class", lambda e: e["classes"]),
                       ("question", lambda e: [e["question"]]), ("label", lambda e: [e["label"]])):
        print(f"\nper {title}:")
        for name, group in grouped(clear if title != "label" else rows, key).items():
            print(f"  {name:24s} {rate(group)}")
    print("\nambiguous entries (reported apart):")
    for row in rows:
        if row["entry"]["label"] == "ambiguous":
            print(line(row))
    print("\ndisagreements:")
    for row in clear:
        if not row["agrees"] and not row["false_accept"] and not row["form_accept"]:
            print(line(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per entry instead of the report")
    parser.add_argument("--file", type=Path, default=CORPUS, help="the collection to measure (default: %(default)s)")
    args = parser.parse_args()
    entries = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    rows = run(entries)
    seconds = time.perf_counter() - start
    if args.json:
        for row in rows:
            e = row["entry"]
            print(json.dumps({"id": e["id"], "label": e["label"], "verdict": row["verdict"], "agrees": row["agrees"],
                              "false_accept": row["false_accept"], "form_accept": row["form_accept"],
                              "message": row["message"]}, ensure_ascii=False))
        return
    report(rows, seconds)


if __name__ == "__main__":
    main()
