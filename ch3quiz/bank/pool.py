"""Parsing a large bank's files on every core.

A first read of a large bank is CPU-bound Python and C (libyaml composing nodes, the schema, the
values built, the cache's JSON), file by file, with nothing shared between files but the
duplicate-id check, which runs afterwards on the merged readings (``loader._assemble``). So the
files are parsed in worker processes, in batches of about half a megabyte, and their readings come
back in file order: the same ``FileRead`` a serial read makes, with the same problems in the same
words, plus the cache's JSON of the file's questions made there too.

Worker processes cost a start each (an interpreter and the loader's imports, ~0.1 s), so a bank
under ``PARALLEL_FROM`` bytes is read here as before. The workers are started with ``spawn`` (no
copy of the parent's state; the same on every platform), ignore Ctrl-C (the parent stops them: a
Ctrl-C ends the read after the batches being parsed, exits 130 and leaves no process behind), and
write each valid file's cached copy themselves (a temporary file renamed into place, as the parent
does), which leaves the parent little but merging the readings. A worker that dies (killed, out of
memory) costs speed only: its files are parsed here instead; a parent killed outright takes its
workers with it (each watches its parent).

One large file is cut into pieces at question boundaries (``chunks.pieces``) that are parsed like
files, each with the line it starts at, so every question keeps its true line; a piece read with any
problem sends the whole file to be read in one piece, here, so its problems are a serial read's.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ch3quiz.bank import loader
from ch3quiz.bank.bulk import no_gc
from ch3quiz.bank.chunks import pieces
from ch3quiz.bank.files import content_digest
from ch3quiz.bank.loader import FileRead

# Below this many bytes of YAML to parse, starting workers costs more than it saves.
PARALLEL_FROM = 6 * 2**20
# Files are sent to a worker in batches of about this many bytes (a larger file is cut into pieces
# of about this size): few enough round trips, small enough that the first file's questions
# (``list``) and a Ctrl-C are not kept waiting.
BATCH_BYTES = 2**19
# The first batch is read by the parent while the workers start (~0.3 s), so the first questions are
# there as soon as with a serial read (``list`` shows its first page then).
FIRST_BYTES = 2**16
MAX_WORKERS = 4

Named = tuple[Path, str]  # a bank file and the name problems show for it


@dataclass(frozen=True)
class _Unit:
    """What a worker parses: a whole file (``text`` None), or a piece of one at ``offset`` lines."""

    file: str
    shown: str
    size: int
    text: str | None = None
    offset: int = 0


@dataclass(frozen=True)
class _Plan:
    """A file and the units it is parsed as (the content hash of a file cut into pieces, read here)."""

    named: Named
    units: list[_Unit]
    digest: str = ""


def worker_count() -> int:
    """The cores this process may use, capped at MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def read_files(named: list[Named], *, thorough: bool, encode: bool,
               folder: Path | None = None) -> Generator[FileRead, None, None]:
    """The reading of each file, in order: in worker processes when the bank is large enough to pay
    for them, else here. ``encode``: a worker also makes the cache's JSON of a valid file's questions,
    and writes that file's cached copy in ``folder`` when one is given."""
    sizes = [_size(file) for file, _shown in named]
    if sum(sizes) < PARALLEL_FROM or worker_count() < 2:
        return _serial(named, thorough=thorough)
    plans = [_plan(pair, size) for pair, size in zip(named, sizes)]
    batches = _batches(unit for plan in plans for unit in plan.units)
    if len(batches) < 3:  # the first is read here
        return _serial(named, thorough=thorough)
    return _parallel(plans, batches, min(worker_count(), len(batches) - 1), _Options(thorough, encode, folder and str(folder)))


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # unreadable: the reading says so


def _serial(named: list[Named], *, thorough: bool) -> Generator[FileRead, None, None]:
    memo: dict[str, Any] = {}
    for file, shown in named:
        yield loader.read_file(file, shown, thorough=thorough, memo=memo)


def _plan(named: Named, size: int) -> _Plan:
    """A file as one unit, or, when it is large and can be cut, as pieces."""
    file, shown = named
    whole = _Plan(named, [_Unit(str(file), shown, size)])
    if size < 2 * BATCH_BYTES:
        return whole
    try:
        content = file.read_bytes()
        cut = pieces(content.decode("utf-8"), BATCH_BYTES)
    except (OSError, UnicodeDecodeError):
        return whole  # read whole, which reports it
    if cut is None:
        return whole
    units = [_Unit(str(file), shown, len(piece.text), piece.text, piece.offset) for piece in cut]
    return _Plan(named, units, content_digest(content))


def _batches(units: Iterable[_Unit]) -> list[list[_Unit]]:
    """The units in order, in batches of about BATCH_BYTES; the first is smaller (FIRST_BYTES)."""
    batches: list[list[_Unit]] = [[]]
    filled = 0
    for unit in units:
        if filled >= (BATCH_BYTES if len(batches) > 1 else FIRST_BYTES):
            batches.append([])
            filled = 0
        batches[-1].append(unit)
        filled += unit.size
    return batches


@dataclass(frozen=True)
class _Options:
    thorough: bool
    encode: bool  # make the cache's JSON of each valid file (or piece)
    folder: str | None  # and write a whole file's copy there


def _parallel(plans: list[_Plan], batches: list[list[_Unit]], workers: int,
              options: _Options) -> Generator[FileRead, None, None]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = None
    try:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(os.getpid(),))
        with _interrupts_held():  # the workers start (at the first submits) with Ctrl-C blocked
            futures = [executor.submit(read_batch, batch, options) for batch in batches[1:]]
    except (OSError, ImportError, NotImplementedError):  # no worker processes here (a sandbox, no /dev/shm)
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        yield from _serial([plan.named for plan in plans], thorough=options.thorough)
        return
    try:
        first = [_read_unit(unit, options, {}) for unit in batches[0]]
        done = itertools.chain(map(_with_questions_or_none, first), _results(batches[1:], futures, options))
        for plan in plans:
            parts = [next(done) for _unit in plan.units]
            yield parts[0] if len(parts) == 1 and plan.units[0].text is None else _joined(plan, parts, options)
    finally:  # done, or stopped early (an error, Ctrl-C): the batches not started are dropped
        executor.shutdown(wait=True, cancel_futures=True)


def _results(batches: list[list[_Unit]], futures: list[Any], options: _Options) -> Iterator[FileRead | None]:
    """Each unit's reading, in order, its questions made again from their JSON."""
    from concurrent.futures.process import BrokenProcessPool

    for batch, future in zip(batches, futures):
        try:
            reads = future.result()
        except BrokenProcessPool:  # a worker was killed: this batch (and any after it) is read here
            reads = [_read_unit(unit, options, {}) for unit in batch]
        yield from map(_with_questions_or_none, reads)


def _joined(plan: _Plan, parts: list[FileRead | None], options: _Options) -> FileRead:
    """A file read in pieces as one reading; read whole, here, when a piece had a problem."""
    file, shown = plan.named
    if any(part is None for part in parts):
        return loader.read_file(file, shown, thorough=options.thorough, memo={})
    whole = FileRead([entry for part in parts for entry in part.entries], [], digest=plan.digest)  # type: ignore[union-attr]
    texts = [part.records for part in parts]  # type: ignore[union-attr]
    if all(text is not None for text in texts):
        whole.records = "[" + ", ".join(text[1:-1] for text in texts if text != "[]") + "]"  # type: ignore[index]
    return whole


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT blocked (not ignored: one that arrives meanwhile is delivered at the end) in this thread,
    and so in the processes started meanwhile, which inherit the mask: a Ctrl-C sent to the terminal's
    whole process group while a worker was still importing printed its traceback. The same device as
    ``multiprocessing.resource_tracker``'s."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to the parent, which stops the read (a terminal sends it to both), and
    ends when the parent is gone: a parent killed outright (SIGKILL) left its workers blocked on a
    full pipe to it, for good."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


_MEMO: dict[str, Any] = {}  # a worker's costly-check results, kept across its batches


def read_batch(batch: list[_Unit], options: _Options) -> list[FileRead | None]:
    """The readings of a batch of units (in a worker process); None for a piece with a problem."""
    with no_gc():
        return [_read_unit(unit, options, _MEMO) for unit in batch]


def _read_unit(unit: _Unit, options: _Options, memo: dict[str, Any]) -> FileRead | None:
    from ch3quiz.bank.cache import records_text, write_file_copy

    if unit.text is None:
        read = loader.read_file(Path(unit.file), unit.shown, thorough=options.thorough, memo=memo)
    else:
        read = loader.read_piece(unit.text, unit.shown, unit.offset, thorough=options.thorough, memo=memo)
    if read is not None and options.encode and read.valid:
        read.records = records_text([question for _qid, _line, question in read.entries])
        if read.records is not None and options.folder and unit.text is None:
            write_file_copy(Path(options.folder), read.digest, unit.shown, read.records)
            read.copied = True
    if read is not None and read.records is not None:  # sent once, as that JSON (a third of the cost of pickling)
        read.entries = [(qid, line, None) for qid, line, _question in read.entries]
    return read


def _with_questions_or_none(read: FileRead | None) -> FileRead | None:
    """A worker's reading with its questions made again from their JSON (what the cache holds)."""
    if read is not None and read.records is not None:
        from ch3quiz.bank.cache import questions_from_records

        questions = questions_from_records(read.records)
        read.entries = [(qid, line, question) for (qid, line, _none), question in zip(read.entries, questions)]
    return read
