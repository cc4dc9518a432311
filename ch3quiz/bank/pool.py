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
memory) costs speed only: its files are parsed here instead.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ch3quiz.bank import loader
from ch3quiz.bank.bulk import no_gc
from ch3quiz.bank.loader import FileRead

# Below this many bytes of YAML to parse, starting workers costs more than it saves.
PARALLEL_FROM = 6 * 2**20
# Files are sent to a worker in batches of about this many bytes: few enough round trips, small
# enough that the first file's questions (``list``) and a Ctrl-C are not kept waiting.
BATCH_BYTES = 2**19
MAX_WORKERS = 4

Named = tuple[Path, str]  # a bank file and the name problems show for it


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
    batches = _batches(named, sizes) if sum(sizes) >= PARALLEL_FROM else []
    workers = min(worker_count(), len(batches))
    if workers < 2:
        return _serial(named, thorough=thorough)
    return _parallel(batches, workers, thorough=thorough, encode=encode, folder=folder)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # unreadable: the reading says so


def _serial(named: list[Named], *, thorough: bool) -> Generator[FileRead, None, None]:
    memo: dict[str, Any] = {}
    for file, shown in named:
        yield loader.read_file(file, shown, thorough=thorough, memo=memo)


def _batches(named: list[Named], sizes: list[int]) -> list[list[Named]]:
    batches: list[list[Named]] = [[]]
    filled = 0
    for pair, size in zip(named, sizes):
        if filled >= BATCH_BYTES:
            batches.append([])
            filled = 0
        batches[-1].append(pair)
        filled += size
    return batches


def _parallel(batches: list[list[Named]], workers: int, *, thorough: bool, encode: bool,
              folder: Path | None) -> Generator[FileRead, None, None]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_interrupts)
    try:
        with _interrupts_held():  # the workers start (at the first submits) with Ctrl-C blocked
            futures = [executor.submit(read_batch, [(str(file), shown) for file, shown in batch], thorough, encode,
                                       folder and str(folder)) for batch in batches]
        for batch, future in zip(batches, futures):
            try:
                reads = future.result()
            except BrokenProcessPool:  # a worker was killed: this batch (and any after it) is read here
                reads = [loader.read_file(file, shown, thorough=thorough, memo={}) for file, shown in batch]
            yield from map(_with_questions, reads)
    finally:  # done, or stopped early (an error, Ctrl-C): the batches not started are dropped
        executor.shutdown(wait=True, cancel_futures=True)


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


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the parent, which stops the read (a terminal sends it to both)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


_MEMO: dict[str, Any] = {}  # a worker's thorough-check results, kept across its batches


def read_batch(batch: list[tuple[str, str]], thorough: bool, encode: bool, folder: str | None) -> list[FileRead]:
    """The readings of a batch of files (in a worker process), each valid file's cached copy written."""
    from ch3quiz.bank.cache import records_text, write_file_copy

    reads = []
    with no_gc():
        for file, shown in batch:
            read = loader.read_file(Path(file), shown, thorough=thorough, memo=_MEMO)
            if encode and read.valid:
                read.records = records_text([question for _qid, _line, question in read.entries])
                if read.records is not None and folder:
                    write_file_copy(Path(folder), read.digest, shown, read.records)
            if read.records is not None:  # sent once, as that JSON (a third of the cost of pickling them)
                read.entries = [(qid, line, None) for qid, line, _question in read.entries]
            reads.append(read)
    return reads


def _with_questions(read: FileRead) -> FileRead:
    """A worker's reading with its questions made again from their JSON (what the cache holds)."""
    if read.records is not None:
        from ch3quiz.bank.cache import questions_from_records

        questions = questions_from_records(read.records)
        read.entries = [(qid, line, question) for (qid, line, _none), question in zip(read.entries, questions)]
    return read
