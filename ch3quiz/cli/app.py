"""The Typer app, its error boundary and the options several commands share.

Each command parses options, makes one core call and renders the result.

Heavy modules (SymPy, numpy, sqlite3, the renderers) are imported inside the
commands that need them, so ``ch3quiz --help`` and a multiple-choice quiz
start fast.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ch3quiz import __version__
from ch3quiz.cli.catalog import LazyGroup, summary
from ch3quiz.errors import Ch3quizError, UsageError

app = typer.Typer(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    name="ch3quiz",
    help="Exam review for NLP chapter 3 (neural-network foundations): quizzes, flashcards, formula checks.\n\n"
    "神经网络基础复习：测验、间隔复习卡片、公式检查。",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help loads markdown-it and friends, doubling start-up time.
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])
INTERNAL_ERROR = 70
INTERRUPTED = 130
SAVED_ON_INTERRUPT = "interrupted; everything answered so far is saved. / 已中断，已作答的记录均已保存。"
PLAIN_INTERRUPT = "interrupted / 已中断"


def _wrapped_in_a_terminal(show: Callable[..., None]) -> Callable[..., None]:
    """Click prints its own usage errors ("Error: Invalid value for '--count' …") as one long line, which a
    narrow terminal cuts mid-word. In a terminal they go through the stderr console instead, wrapped at
    word boundaries like every other message; in a pipe, or to another file, Click's text is untouched."""

    @functools.wraps(show)
    def wrapped(self: Any, file: Any = None) -> None:
        from ch3quiz.render.console import err, wrapped_lines

        if file is not None or not err.is_terminal:
            show(self, file)
            return
        buffer = io.StringIO()
        show(self, buffer)
        wrapped_lines(buffer.getvalue())

    return wrapped


# Click's two error classes that print themselves, found from Typer's public BadParameter (some Typer
# versions carry their own copy of Click, others use the click package).
for _shown in (cls for cls in typer.BadParameter.__mro__ if cls.__name__ in ("ClickException", "UsageError")):
    _shown.show = _wrapped_in_a_terminal(_shown.__dict__["show"])  # type: ignore[attr-defined]


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ch3quiz {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_show_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Options of `ch3quiz` itself (the app's help text above is what --help shows)."""

BankOption = Annotated[
    Optional[Path],
    typer.Option("--bank", envvar="CH3QUIZ_BANK", help="Question bank (a YAML file or folder); default: the bundled bank."),
]
SectionOption = Annotated[list[str], typer.Option("--section", "-s", help="Only this section (3.1 … 3.10, 补充 or supp); repeatable.")]
TypeOption = Annotated[list[str], typer.Option("--type", "-t", help="Only this question type (mc, multi, tf, fill, numeric, short, formula, derivation, reorder); repeatable.")]
TagOption = Annotated[list[str], typer.Option("--tag", help="Only questions with this tag; repeatable.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def command(fn: F | None = None, *, name: str | None = None, typer_app: typer.Typer | None = None,
            on_interrupt: str = PLAIN_INTERRUPT) -> Any:
    """Register a command behind the error boundary: a user-facing error becomes one line on stderr and an exit code.

    ``on_interrupt`` is the note Ctrl-C leaves (only commands that save answers as they go may promise
    that they are saved). ``CH3QUIZ_DEBUG=1`` lets the exception through with its traceback.
    """
    if fn is None:
        return functools.partial(command, name=name, typer_app=typer_app, on_interrupt=on_interrupt)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            tolerant_stdio()
            return fn(*args, **kwargs)
        except Ch3quizError as exc:
            if os.environ.get("CH3QUIZ_DEBUG") == "1":
                raise
            from ch3quiz.render.console import error

            error(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM/SIGHUP (ch3quiz.signals)
            if os.environ.get("CH3QUIZ_DEBUG") == "1":
                raise
            from ch3quiz.render.console import note

            note(on_interrupt)
            raise typer.Exit(getattr(stop, "exit_code", INTERRUPTED)) from None
        except BrokenPipeError:  # `ch3quiz list | head`: the reader left; nothing to report
            # Point stdout at /dev/null so the flush at exit does not raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: still one line, never a traceback unless asked for
            if os.environ.get("CH3QUIZ_DEBUG") == "1":
                raise
            if _output_failed(exc):
                _output_lost(exc, saves_answers=on_interrupt == SAVED_ON_INTERRUPT)
            if isinstance(exc, OSError) and exc.filename is not None:
                _file_refused(exc)
            from ch3quiz.render.console import error

            error(f"internal error ({type(exc).__name__}: {exc}); run again with CH3QUIZ_DEBUG=1 to see where")
            # 70 (EX_SOFTWARE): a script must not mistake a crash for "incorrect" (1) or "unreadable" (2).
            raise typer.Exit(INTERNAL_ERROR) from None

    short_help = summary(name or fn.__name__) if typer_app is None else None
    return (typer_app or app).command(name=name, short_help=short_help)(wrapper)


# A write to the standard streams that failed (stdout on a full disk, >/dev/full, a dead terminal): the
# OSError carries no file name, where every file ch3quiz writes itself reports its own failure by name.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.ENXIO})
OUTPUT_LOST = 2  # not 1 or 3: a script reading `check`'s status must not take a lost output for a verdict


def _output_failed(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.filename is None and exc.errno in _OUTPUT_ERRNOS


def _output_lost(exc: OSError, *, saves_answers: bool) -> None:
    """One line on stderr and exit 2 when the output could not be written (it was exit 70, "internal
    error"); stdout is then pointed at /dev/null so the flush at exit does not fail again. Only a
    command that saves answers as they go says they are saved."""
    from ch3quiz.render.console import error

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    saved = "; everything answered so far is saved" if saves_answers else ""
    with contextlib.suppress(OSError):
        error(f"the output could not be written ({exc.strerror}){saved} / 无法写出结果")
    raise typer.Exit(OUTPUT_LOST) from None


def _file_refused(exc: OSError) -> None:
    """One line and exit 2 when the system refuses a path the student gave (or CH3QUIZ_HOME makes):
    a name too long for the file system was exit 70 in list, quiz, validate and import, each of which
    looks at the path (exists, is_dir) before reading it."""
    from ch3quiz.render.console import error
    from ch3quiz.safetext import short_name

    hint = "; give a shorter name" if exc.errno == errno.ENAMETOOLONG else ""
    error(f"cannot use {short_name(os.fsdecode(exc.filename))}: {exc.strerror}{hint} / 无法使用该路径")
    raise typer.Exit(UsageError.exit_code) from None


def tolerant_stdio() -> None:
    """Bytes that are not valid in the locale's encoding become U+FFFD instead of an exception:
    each line of piped input still gets its answer, and output never fails on a character."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace", **_without_bom(stream))
            except (ValueError, OSError, TypeError, LookupError):  # closed or not a text stream: leave it be
                pass


def _without_bom(stream: Any) -> dict[str, str]:
    """For UTF-8 standard input: drop a byte-order mark at its start (answers.txt saved by Notepad as
    "UTF-8 with BOM" made the first answer of check --stdin unreadable, and the first quiz answer)."""
    import codecs

    if stream is not sys.stdin or codecs.lookup(getattr(stream, "encoding", None) or "ascii").name != "utf-8":
        return {}
    return {"encoding": "utf-8-sig"}


def load(bank: Path | None, each: Any = None):
    """The bank in use (``--bank``, ``CH3QUIZ_BANK`` or the bundled one), from the parse cache; a pipe
    (``--bank <(cmd)``) is read once as one bank file, uncached. ``each`` is given its questions as they
    are read (``bank.cache.load_bank_cached``)."""
    from ch3quiz.bank.cache import load_bank_cached
    from ch3quiz.paths import bank_path

    path = bank_path(bank)
    if not is_pipe(path):
        return load_bank_cached(path, each)
    from ch3quiz.bank.loader import errors_only, read_bank_text
    from ch3quiz.errors import BankError

    the_bank, problems = read_bank_text(read_text_argument(path), str(path))
    if errors_only(problems):
        raise BankError(f"{errors_only(problems)[0]}; save it to a file and run ch3quiz validate FILE to see every problem")
    if each is not None:
        each(list(the_bank.questions))
    return the_bank


def load_index(bank: Path | None) -> list:
    """The bank's questions as far as stats and plan need them (id, section, tags): the cache's small
    index, a tenth of the full copy to read (with 100,000 questions, seconds); a pipe (``--bank <(cmd)``)
    is read once, uncached."""
    from ch3quiz.bank.cache import load_index_cached
    from ch3quiz.paths import bank_path

    path = bank_path(bank)
    return list(load(bank).questions) if is_pipe(path) else load_index_cached(path)


def parse_sections(values: list[str]) -> list[str]:
    from ch3quiz.bank.sections import SECTION_IDS, normalize_section

    chosen = []
    for value in values:
        section = normalize_section(value)
        if section is None:
            raise UsageError(f"unknown section '{value}'; choose from {', '.join(SECTION_IDS)} (or supp) / 没有这个章节")
        chosen.append(section)
    return chosen


def parse_types(values: list[str]) -> list[str]:
    from ch3quiz.bank.model import QUESTION_TYPES

    for value in values:
        if value not in QUESTION_TYPES:
            raise UsageError(f"unknown type '{value}'; choose from {', '.join(QUESTION_TYPES)} / 没有这种题型")
    return values


def refuse_ignored(*rules: tuple[bool, str]) -> None:
    """UsageError for the first option given where it would have no effect: ``plan --clear --exam D``
    cleared the plan and silently dropped the date. Each rule is (ignored?, the one-line message)."""
    for ignored, message in rules:
        if ignored:
            raise UsageError(message)


STDIN = "-"


def is_stdin(path: Path | None) -> bool:
    """True for the FILE argument '-', which means standard input (as in every Unix tool)."""
    return path is not None and str(path) == STDIN


def is_pipe(path: Path | None) -> bool:
    """True for a path that is neither a file nor a folder but can be read: a pipe such as ``<(cmd)``
    (``/dev/fd/63``), a FIFO or a device. Such a path is read once, bounded, like standard input; it
    was taken for a folder ("no .yaml question files here")."""
    import stat

    try:
        mode = path.stat().st_mode if path is not None and str(path) != STDIN else 0
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)

MAX_TEXT_BYTES = 64 * 1024 * 1024  # a FILE argument read further: /dev/zero or an endless pipe filled the memory


def _bounded(raw: bytes, name: str, limit: int) -> bytes:
    if len(raw) > limit:
        raise UsageError(f"{name} holds more than {limit:,} bytes; that is no input for ch3quiz / 输入过长")
    return raw


def read_text_argument(path: Path, *, limit: int = MAX_TEXT_BYTES) -> str:
    """The text of a FILE argument: '-' reads standard input; an unreadable file, or one longer than
    ``limit`` bytes (read no further), is a usage error."""
    if is_stdin(path):
        return _read_stdin(limit)
    try:
        with open(path, "rb") as handle:
            return _bounded(handle.read(limit + 1), str(path), limit).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot read {path}: {reason}; give a UTF-8 text file, or - for standard input"
                         " / 无法读取文件") from None


def _read_stdin(limit: int) -> str:
    """Standard input as UTF-8 text (a leading byte-order mark dropped); anything else is a usage error."""
    raw = _bounded(sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer")
                   else sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape"), "standard input", limit)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(f"standard input is not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as"
                         " UTF-8 and pipe it again / 标准输入不是 UTF-8 文本") from None


def print_json(data: Any) -> None:
    import json

    from ch3quiz.safetext import json_inert

    sys.stdout.write(json_inert(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    try:
        app(args=argv, prog_name="ch3quiz")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
