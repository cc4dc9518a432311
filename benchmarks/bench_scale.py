"""Scale: a synthetic bank of 10,000 questions and 100,000 review logs.

Targets (issue 7): ``review`` shows its first card and ``stats`` finishes within 1 s each.
The bank and database are built in a temporary directory; nothing of the student's is touched.

``--copies N`` builds instead the attacker's kind of large bank (issue 18): copies of the bundled
bank's questions, every kind included (parameterised numeric, formula, derivation, fill), with ids
made unique, N questions in all, and times the commands that read it for the first time.

Run: python benchmarks/bench_scale.py [--questions N] [--logs N]
     python benchmarks/bench_scale.py --copies 60000 [--keep DIR] [--one-file] [--only quiz stats ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

SECTIONS = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "补充"]


def make_bank(folder: Path, n: int) -> list[str]:
    ids = []
    per_file = n // len(SECTIONS) + 1
    for index, section in enumerate(SECTIONS):
        questions = []
        for k in range(per_file):
            qid = f"synthetic-{index}-{k}"
            ids.append(qid)
            questions.append({
                "id": qid, "type": "mc", "difficulty": 1 + k % 3, "tags": [f"tag-{k % 40}"],
                "prompt_zh": f"合成题 {k}", "prompt_en": f"Synthetic question {k}",
                "choices": ["a", "b", "c", "d"], "answer": "ABCD"[k % 4],
                "explanation_zh": "解释", "explanation_en": "Explanation",
            })
        text = yaml.safe_dump({"section": section, "questions": questions}, allow_unicode=True, sort_keys=False)
        (folder / f"s{index}.yaml").write_text(text, encoding="utf-8")
    return ids[:n]


_QUESTION_ID = re.compile(r"^(\s*-\s+id:\s*)(\S+)", re.MULTILINE)
_ANCHOR = re.compile(r"^(.*:[ \t]+[&*])([A-Za-z0-9_-]+)[ \t]*$", re.MULTILINE)  # `symbols: &name`, `symbols: *name`


def bundled_files() -> list[tuple[Path, str, int]]:
    """(path under the bank, text, questions) of every bundled bank file."""
    root = Path(__file__).resolve().parent.parent / "questions"
    found = []
    for file in sorted(root.rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        found.append((file.relative_to(root), text, len(_QUESTION_ID.findall(text))))
    return found


def make_copies(folder: Path, n: int) -> list[str]:
    """A bank of ``n`` questions: the bundled files copied whole, one folder per copy, each id
    (and each YAML anchor) given the copy's suffix; the last copy stops at ``n``. Returns the ids."""
    ids: list[str] = []
    sources = bundled_files()
    copy = 0
    while len(ids) < n:
        for relative, text, count in sources:
            room = n - len(ids)
            if room <= 0:
                break
            if count > room:  # keep only the first `room` questions of this file
                starts = [m.start() for m in _QUESTION_ID.finditer(text)]
                text = text[:starts[room]]
            renamed = _QUESTION_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}", text)
            renamed = _ANCHOR.sub(lambda m: f"{m.group(1)}{m.group(2)}_c{copy}", renamed)
            target = folder / f"copy-{copy:04d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(renamed, encoding="utf-8")
            ids.extend(m.group(2) for m in _QUESTION_ID.finditer(renamed))
        copy += 1
    return ids


_SECTION = re.compile(r"^section:\s*(\S+)", re.MULTILINE)
_ALIAS = re.compile(r"(?:^|[ \[{,])\*[^ \n\[\]{},]", re.MULTILINE)


def make_one_file(target: Path, n: int) -> list[str]:
    """The questions of ``make_copies`` in one file whose root is their list, each naming its section
    (the kind of file the reader cuts into pieces). The bundled file that uses YAML aliases is left out:
    a file with aliases is read in one piece. Returns the ids."""
    ids: list[str] = []
    with tempfile.TemporaryDirectory() as scratch, target.open("w", encoding="utf-8") as out:
        make_copies(Path(scratch), int(n * 1.2) + 600)
        for file in sorted(Path(scratch).rglob("*.yaml")):
            text = file.read_text(encoding="utf-8")
            if _ALIAS.search(text):
                continue
            section = _SECTION.search(text).group(1)  # type: ignore[union-attr]
            body = text.split("\nquestions:\n", 1)[1]
            indent = len(body) - len(body.lstrip(" "))
            for item in re.split(r"(?m)^(?= {%d}- id:)" % indent, body):
                lines = [line[indent:] for line in item.splitlines()]
                if len(ids) == n or not lines or not lines[0].startswith("- id:"):
                    continue  # enough, or the comments above the first question
                if not any(line.startswith("  section:") for line in lines):
                    lines.insert(1, f"  section: {section}")
                ids.append(_QUESTION_ID.search(lines[0]).group(2))  # type: ignore[union-attr]
                out.write("\n".join(lines) + "\n")
    return ids


def make_progress(home: Path, ids: list[str], n_logs: int) -> None:
    """Cards and logs written through the real migrations, then filled in bulk."""
    from ch3quiz.review.store import open_store

    with open_store(home / "progress.sqlite3"):
        pass
    rng = random.Random(0)
    now = datetime.now(timezone.utc)
    db = sqlite3.connect(home / "progress.sqlite3")
    with db:
        cards = []
        for qid in ids:
            due = now + timedelta(days=rng.uniform(-3, 30))
            card = {"card_id": 1, "state": 2, "step": None, "stability": 5.0, "difficulty": 5.0,
                    "due": due.isoformat(), "last_review": (now - timedelta(days=2)).isoformat()}
            cards.append((qid, json.dumps(card), due.isoformat(timespec="seconds"), 2,
                          (now - timedelta(days=60)).isoformat(timespec="seconds"), now.isoformat(timespec="seconds")))
        db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?)", cards)
        logs = []
        answers = []
        for i in range(n_logs):
            qid = ids[rng.randrange(len(ids))]
            when = (now - timedelta(minutes=rng.randrange(60 * 24 * 60))).isoformat(timespec="seconds")
            logs.append((qid, rng.choice([1, 2, 3, 3, 4]), when, 5000, "review", "{}"))
            if i % 2 == 0:
                answers.append((None, qid, SECTIONS[int(qid.split("-")[1])], "mc", "A",
                                rng.choice(["correct", "incorrect"]), 1.0, 3.0, "quiz", when))
        db.executemany("INSERT INTO review_logs (question_id, rating, reviewed_at, duration_ms, source, log)"
                       " VALUES (?, ?, ?, ?, ?, ?)", logs)
        db.executemany("INSERT INTO answers (session_id, question_id, section, qtype, given, verdict, score, seconds,"
                       " mode, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", answers)
    db.close()


def timed(cmd: list[str], env: dict[str, str], stdin: str = "") -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr[-500:]}")
    return elapsed


def cpu_timed(cmd: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit status) of one fresh process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - start, cpu, done.returncode


COPIES_COMMANDS = {
    "quiz": ("quiz --type mc, to the first question", ["quiz", "--type", "mc", "--seed", "1"]),
    "page": ("list --page 1", ["list", "--page", "1"]),
    "list": ("list (every line)", ["list"]),
    "stats": ("stats --json", ["stats", "--json"]),
    "plan": ("plan --exam (in 14 days) --json", ["plan", "--exam", "{exam}", "--json"]),
    "validate": ("validate", ["validate"]),
}


def first_lines(cmd: list[str], env: dict[str, str], count: int) -> float:
    """Seconds until a fresh process has written ``count`` lines (the first page of a listing)."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True) as process:
        assert process.stdout is not None
        for seen, _line in enumerate(process.stdout, start=1):
            if seen >= count:
                break
        elapsed = time.perf_counter() - start
        process.kill()
    return elapsed


def copies_report(n: int, keep: Path | None, which: list[str], one_file: bool = False) -> None:
    """Each command on a bank of ``n`` copied questions: first read (an empty cache) and again."""
    root = keep or Path(tempfile.mkdtemp(prefix="ch3quiz-copies-"))
    bank = root / ("bank.yaml" if one_file else "bank")
    if one_file and not bank.is_file():
        root.mkdir(parents=True, exist_ok=True)
        make_one_file(bank, n)
    elif not one_file and not bank.is_dir():
        bank.mkdir(parents=True)
        make_copies(bank, n)
    exam = (datetime.now(timezone.utc) + timedelta(days=14)).date().isoformat()
    cmd = [sys.executable, "-m", "ch3quiz"]
    print(f"bank of {n:,} copied questions in {bank}; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    print(f"{'command':40} {'first read':>22} {'again':>22}")
    for name in which:
        label, argv = COPIES_COMMANDS[name]
        home = Path(tempfile.mkdtemp(prefix="ch3quiz-copies-home-"))
        env = {**os.environ, "CH3QUIZ_HOME": str(home), "CH3QUIZ_BANK": str(bank)}
        argv = [a.replace("{exam}", exam) for a in argv]
        if name == "page":  # the first page on the screen, before the rest is read
            print(f"{'list, until its first 51 lines':40} {first_lines([*cmd, 'list'], env, 51):8.2f} s (wall)")
            home = Path(tempfile.mkdtemp(prefix="ch3quiz-copies-home-"))
            env["CH3QUIZ_HOME"] = str(home)
        runs = [cpu_timed([*cmd, *argv], env) for _ in range(2)]
        cells = [f"{wall:6.2f} s ({cpu:5.2f} CPU){'' if code in (0, 1) else ' exit ' + str(code)}"
                 for wall, cpu, code in runs]
        print(f"{label:40} {cells[0]:>22} {cells[1]:>22}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--copies", type=int, help="Time the commands on a bank of this many copied questions.")
    parser.add_argument("--keep", type=Path, help="With --copies: build (or reuse) the bank in this folder.")
    parser.add_argument("--one-file", action="store_true", help="With --copies: the questions in one file.")
    parser.add_argument("--only", nargs="+", choices=sorted(COPIES_COMMANDS), default=list(COPIES_COMMANDS),
                        help="With --copies: time only these commands.")
    args = parser.parse_args()
    if args.copies:
        copies_report(args.copies, args.keep, args.only, args.one_file)
        return
    root = Path(tempfile.mkdtemp())
    bank, home = root / "bank", root / "home"
    bank.mkdir()
    home.mkdir()
    ids = make_bank(bank, args.questions)
    os.environ["CH3QUIZ_HOME"] = str(home)
    make_progress(home, ids, args.logs)
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "CH3QUIZ_BANK": str(bank)}
    cmd = [sys.executable, "-m", "ch3quiz"]
    first_parse = timed([*cmd, "stats", "--json"], env)
    print(f"bank {len(ids)} questions, {args.logs} review logs, {args.logs // 2} answers")
    print(f"first stats (parses the YAML, fills the cache): {first_parse:.3f}s")
    for label, argv, stdin in (("stats", ["stats"], ""), ("stats --json", ["stats", "--json"], ""),
                               ("review (to first card)", ["review"], "")):
        best = min(timed([*cmd, *argv], env, stdin) for _ in range(3))
        print(f"{label:28} {best:.3f}s  {'ok' if best <= 1.0 else 'SLOW'} (<= 1.000s)")


if __name__ == "__main__":
    main()
