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
def test_a_killed_worker_costs_only_time(large_bank: Path, tmp_path: Path) -> None:
    untouched = _start(large_bank, tmp_path / "home-untouched", "list", "--json")
    expected, _err = untouched.communicate(timeout=300)
    process = _start(large_bank, tmp_path / "home", "list", "--json")
    os.kill(_workers(process.pid)[0], signal.SIGKILL)
    out, err = process.communicate(timeout=300)
    assert process.returncode == untouched.returncode == 0, err
    assert out == expected and err == ""
