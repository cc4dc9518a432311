"""A large bank's first read runs on every core (``bank.pool``): the same questions and the same problems, in
the same words, as a read in one process; Ctrl-C still ends it with 130 and nothing left behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ch3quiz.bank import cache, loader, pool
from ch3quiz.paths import bundled_bank_path

BANKS = Path(__file__).parents[1] / "data" / "banks"
ROOT = Path(__file__).parents[2]


def _every_test_bank(folder: Path) -> Path:
    """One folder holding every test bank file, the hostile and the invalid ones included, and one
    file that is not UTF-8."""
    folder.mkdir()
    for kind in ("hostile", "invalid", "dup-across", "valid", "params", "design"):
        for file in sorted((BANKS / kind).glob("*.yaml")):
            shutil.copy(file, folder / f"{kind}-{file.name}")
    (folder / "latin1.yaml").write_bytes("- id: caf\xe9\n".encode("latin-1"))
    return folder


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every read made by two worker processes, a file per batch however small the bank; the list
    counts the reads that went to them."""
    used: list[int] = []
    real = pool._parallel
    monkeypatch.setattr(pool, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pool, "BATCH_BYTES", 1)
    monkeypatch.setattr(pool, "FIRST_BYTES", 1)
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    monkeypatch.setattr(pool, "_parallel", lambda *args, **options: used.append(1) or real(*args, **options))
    return used


def _serial_read(path: Path, *, thorough: bool, store: object = None):
    saved = pool.PARALLEL_FROM, pool.worker_count
    pool.PARALLEL_FROM, pool.worker_count = 1 << 62, lambda: 1
    try:
        return loader.read_bank(path, store, thorough=thorough)  # type: ignore[arg-type]
    finally:
        pool.PARALLEL_FROM, pool.worker_count = saved


@pytest.mark.parametrize("thorough", [True, False], ids=["validate", "session"])
def test_workers_find_the_same_problems_in_the_same_words(tmp_path: Path, parallel: list[int], thorough: bool) -> None:
    bank = _every_test_bank(tmp_path / "bank")
    serial_bank, serial_problems = _serial_read(bank, thorough=thorough)
    assert parallel == []
    parallel_bank, parallel_problems = loader.read_bank(bank, thorough=thorough)
    assert parallel == [1]
    assert [str(p) for p in parallel_problems] == [str(p) for p in serial_problems]
    assert parallel_problems == serial_problems and parallel_bank.questions == serial_bank.questions
    messages = "\n".join(map(str, parallel_problems))
    for expected in ("expand to", "nested more than", "duplicate id (first at", "YAML syntax error",
                     "not UTF-8 text", "refers to the collection it is in", "the file is empty"):
        assert expected in messages, expected


def _question(n: int, indent: str = "", **fields: str) -> str:
    lines = {"id": f"q{n}", "type": "tf", "section": "'3.1'", "prompt_zh": f"第 {n} 题", "prompt_en": f"Question {n}",
             "answer": "true", "explanation_zh": "对。", "explanation_en": "Right.", "tags": "[x]", "difficulty": "1",
             **fields}
    body = [f"{name}: {value}" for name, value in lines.items()]
    return f"{indent}- " + f"\n{indent}  ".join(body) + "\n"


def _one_file(*special: dict[str, str], count: int = 30, mapping: bool = False) -> str:
    """``count`` questions in one file, question 10 + i given the fields ``special[i]``."""
    indent = "  " if mapping else ""
    extra = dict(enumerate(special, start=10))
    body = "# a large bank in one file\n\n" + "".join(_question(n, indent, **extra.get(n, {})) for n in range(count))
    return "section: '3.1'\nquestions:\n" + body if mapping else body


ONE_FILE = {
    "root-list": _one_file(),
    "questions-list": _one_file(mapping=True),
    "syntax-error-midway": _one_file({"prompt_en": '"never closed'}),
    "alias-to-an-earlier-piece": _one_file({"tags": "&shared [x, y]"}, *[{}] * 5, {"tags": "*shared"}),  # kept whole
    "duplicate-ids-pieces-apart": _one_file({"id": "q3"}),
    "a-quoted-line-that-looks-like-a-question": _one_file({"prompt_en": '"two\n- lines"'}),
    "a-wrong-field-midway": _one_file({"difficulty": "7"}),
    "a-block-text-with-dashes": _one_file({"prompt_en": "|\n    - one\n    - two"}),
}


@pytest.mark.parametrize("name", ONE_FILE, ids=list(ONE_FILE))
def test_one_large_file_read_in_pieces_keeps_every_line_and_message(tmp_path: Path, parallel: list[int],
                                                                   monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(ONE_FILE[name], encoding="utf-8")
    serial_bank, serial_problems = _serial_read(bank, thorough=False)
    pieces: list[int] = []
    real = loader.read_piece
    monkeypatch.setattr(loader, "read_piece", lambda text, shown, offset, **options: pieces.append(offset) or real(text, shown, offset, **options))
    _read_in_parent(monkeypatch)
    parallel_bank, parallel_problems = loader.read_bank(bank, _Store(), thorough=False)
    assert [str(p) for p in parallel_problems] == [str(p) for p in serial_problems]
    assert parallel_bank.questions == serial_bank.questions
    assert [q.location.line for q in parallel_bank.questions] == [q.location.line for q in serial_bank.questions]
    if name != "alias-to-an-earlier-piece":
        assert len(pieces) >= 20, pieces  # cut question by question (a piece with a problem: the file read whole)
    if name in ("root-list", "questions-list", "alias-to-an-earlier-piece", "a-block-text-with-dashes",
                "a-quoted-line-that-looks-like-a-question"):  # cut inside the quotes too: that piece fails
        assert len(parallel_bank) == 30 and not parallel_problems
    else:
        assert parallel_problems


def _read_in_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers' batches read in this process (where a test can count them), through the same steps."""
    class Here:
        def __init__(self, **_options: object) -> None:
            pass

        def submit(self, function, *args):  # noqa: ANN001, ANN202
            from concurrent.futures import Future

            future: Future = Future()
            future.set_result(function(*args))
            return future

        def shutdown(self, **_options: object) -> None:
            pass

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Here)


class _Store:
    """A file store that has nothing and remembers what it was told."""

    folder = None

    def __init__(self) -> None:
        self.kept: dict[str, loader.FileRead] = {}

    def has(self, file: Path, shown: str) -> bool:
        return False

    def reuse(self, file: Path, shown: str) -> None:
        return None

    def keep(self, file: Path, shown: str, read: loader.FileRead) -> None:
        self.kept[shown] = read


def test_workers_send_each_valid_file_as_the_json_the_cache_keeps(tmp_path: Path, parallel: list[int]) -> None:
    bank = _every_test_bank(tmp_path / "bank")
    serial_store, parallel_store = _Store(), _Store()
    serial_bank, _ = _serial_read(bank, thorough=False, store=serial_store)
    parallel_bank, _ = loader.read_bank(bank, parallel_store, thorough=False)
    assert parallel == [1] and parallel_bank.questions == serial_bank.questions
    assert parallel_store.kept.keys() == serial_store.kept.keys()
    for shown, read in parallel_store.kept.items():
        questions = [q for _qid, _line, q in serial_store.kept[shown].entries]
        assert read.entries == serial_store.kept[shown].entries
        assert read.records == (cache.records_text(questions) if read.valid else None), shown  # type: ignore[arg-type]
    assert sum(read.records is not None for read in parallel_store.kept.values()) >= 4


def test_the_bundled_bank_read_by_workers_is_the_bank(parallel: list[int]) -> None:
    serial_bank, serial_problems = _serial_read(bundled_bank_path(), thorough=False)
    parallel_bank, parallel_problems = loader.read_bank(bundled_bank_path(), thorough=False)
    assert parallel == [1] and not parallel_problems and not serial_problems
    assert parallel_bank.questions == serial_bank.questions and len(parallel_bank) > 500


def test_the_copies_workers_write_serve_the_next_read(tmp_path: Path, parallel: list[int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ch3quiz.bank.files import bank_files

    bank = tmp_path / "bank"
    shutil.copytree(bundled_bank_path(), bank)
    first = cache.load_bank_cached(bank)
    assert parallel == [1]
    copies = list(cache._cache_file(bank).with_suffix(".files").glob("*.json"))
    assert len(copies) == len(bank_files(bank))
    edited = bank / "3.1-loss.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("prompt_en: ", "prompt_en: Edited. ", 1), encoding="utf-8")
    parsed: list[str] = []
    real = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda file, shown, **options: parsed.append(file.name) or real(file, shown, **options))
    monkeypatch.setattr(pool, "PARALLEL_FROM", 1 << 62)  # one file to read: read here, where it is counted
    second = cache.load_bank_cached(bank)
    assert parsed == ["3.1-loss.yaml"]
    changed = [q.id for q, before in zip(second.questions, first.questions) if q != before]
    assert len(changed) == 1 and second.get(changed[0]).prompt_en.startswith("Edited. ")
    assert len(list(cache._cache_file(bank).with_suffix(".files").glob("*.json"))) == len(copies)


def test_a_file_json_would_not_give_back_as_written_is_read_from_the_yaml_each_time(tmp_path: Path) -> None:
    # A mapping with number keys comes back from JSON with text keys: {1: ...} would have become {'1': ...}.
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "- {id: numbered, type: formula, section: '3.1', prompt_zh: 题, prompt_en: Q, answer: 'x',"
        " explanation_zh: 解, explanation_en: E, tags: [t], difficulty: 1, symbols: {1: scalar}}\n",
        encoding="utf-8")
    for _ in range(2):
        assert cache.load_bank_cached(bank).get("numbered").fields["symbols"] == {1: "scalar"}


# ---- a real process: Ctrl-C and a killed worker ---------------------------------------------------------

_ID = re.compile(r"^(\s*-\s+id:\s*)(\S+)", re.MULTILINE)


def _large_bank(folder: Path) -> Path:
    """Copies of the bundled bank, ids made unique, until it is large enough for worker processes."""
    sources = [(file.relative_to(bundled_bank_path()), file.read_text(encoding="utf-8"))
               for file in sorted(bundled_bank_path().rglob("*.yaml"))]
    size, copy = 0, 0
    while size < pool.PARALLEL_FROM * 1.3:
        for relative, text in sources:
            target = folder / f"copy-{copy}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            size += target.write_text(_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}", text), encoding="utf-8")
        copy += 1
    return folder


@pytest.fixture(scope="module")
def large_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _large_bank(tmp_path_factory.mktemp("large") / "bank")


def _start(bank: Path, home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "CH3QUIZ_BANK": str(bank)}
    env.pop("CH3QUIZ_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "ch3quiz", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended (it waits for init to collect it)


def _workers(pid: int, timeout: float = 30) -> list[int]:
    """The worker processes of ``pid``, once they have started."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            workers = [c for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
        except OSError:
            workers = []
        if len(workers) >= 2:
            return workers
        time.sleep(0.02)
    raise AssertionError("no worker processes started")


pytestmark_linux = pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                                      reason="needs Linux's /proc and two cores")


@pytestmark_linux
@pytest.mark.parametrize("to_group", [True, False], ids=["terminal-ctrl-c", "sigint-to-the-process"])
def test_ctrl_c_during_a_parallel_read_exits_130_leaving_nothing_behind(large_bank: Path, tmp_path: Path,
                                                                        to_group: bool) -> None:
    home = tmp_path / "home"
    process = _start(large_bank, home, "stats", "--json")
    workers = _workers(process.pid)
    if to_group:  # a terminal's Ctrl-C reaches every process of the foreground group, the workers too
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "interrupted / 已中断\n"
    end = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [w for w in workers if _running(w)]
    assert not [p for p in [*home.rglob(".*"), *large_bank.rglob(".*")]]  # no temporary file


@pytestmark_linux
def test_workers_end_with_a_parent_killed_outright(large_bank: Path, tmp_path: Path) -> None:
    process = _start(large_bank, tmp_path / "home", "stats", "--json")
    workers = _workers(process.pid)
    process.kill()
    process.communicate(timeout=30)
    end = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [w for w in workers if _running(w)]


@pytestmark_linux
def test_a_killed_worker_costs_only_time(large_bank: Path, tmp_path: Path) -> None:
    untouched = _start(large_bank, tmp_path / "home-untouched", "list", "--json")
    expected, _err = untouched.communicate(timeout=300)
    process = _start(large_bank, tmp_path / "home", "list", "--json")
    os.kill(_workers(process.pid)[0], signal.SIGKILL)
    out, err = process.communicate(timeout=300)
    assert process.returncode == untouched.returncode == 0, err
    assert out == expected and err == ""


KEPT_WHOLE = {
    "a document marker": "---\n- a\n- b\n",
    "a key after the list": "questions:\n  - a\n  - b\nsection: '3.1'\n",
    "a tab": "- a\n-\tb\n",
    "CR line ends": "- a\r\n- b\r\n",
    "a byte-order mark": "\ufeff- a\n- b\n",
    "a flow list": "[a, b]\n",
    "a key before a root list": "section: '3.1'\n- a\n- b\n",
    "a line less indented than the list": "questions:\n  - a\n - b\n  - c\n",
    "a directive": "%YAML 1.1\n- a\n- b\n",
    "an alias": "- &x a\n- *x\n",
    "an alias in a flow list": "- [&x a]\n- [b,*x]\n",
}


@pytest.mark.parametrize("text", KEPT_WHOLE.values(), ids=list(KEPT_WHOLE))
def test_a_file_that_is_not_plainly_one_list_is_never_cut(text: str) -> None:
    from ch3quiz.bank.chunks import pieces

    assert pieces(text, 1) is None


def test_pieces_begin_at_questions_and_carry_their_lines() -> None:
    from ch3quiz.bank.chunks import pieces

    text = "# bank\nsection: '3.1'\nquestions:\n  - id: a\n    x: 1\n  - id: b\n    y: |\n      - z\n  - id: c\n"
    cut = pieces(text, 1)
    assert cut is not None and [p.offset for p in cut] == [0, 2, 5]
    header = "# bank\nsection: '3.1'\nquestions:\n"
    assert [p.text for p in cut] == [header + "  - id: a\n    x: 1\n", header + "  - id: b\n    y: |\n      - z\n",
                                     header + "  - id: c\n"]


def test_a_machine_that_cannot_start_workers_reads_the_bank_here(tmp_path: Path, parallel: list[int],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def refused(**_options: object) -> None:
        raise OSError(38, "Function not implemented")  # sem_open in a sandbox without /dev/shm

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    serial_bank, _ = _serial_read(bundled_bank_path(), thorough=False)
    bank, problems = loader.read_bank(bundled_bank_path(), thorough=False)
    assert parallel == [1] and not problems and bank.questions == serial_bank.questions
