"""Messages on stderr in a real 60-column terminal: wrapped at word boundaries (Chinese between
characters), each line under the message's start; in a pipe, one line as before.

Seen by students at 60 columns: "…choose from 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.1" and
"0, 补充…" on the next line, the terminal cutting words in two. Driven through a pseudo-terminal.
"""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

pty = pytest.importorskip("pty", reason="needs a Unix pseudo-terminal")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

ROOT = Path(__file__).parents[1]
WIDTH = 60
LONG_CHINESE_PATH = "/tmp/" + "不存在的题库" + "很长" * 30

CASES = {
    "a usage error of ours": (["quiz", "--section", "9.9"], "error: ", 2),
    "a usage error Click words": (["quiz", "--count", "abc"], "Error: ", 2),
    "a missing question": (["show", "no-such-question-id-at-all"], "error: ", 2),
    "a Chinese path with no space to break at": (["list", "--bank", LONG_CHINESE_PATH], "error: ", 2),
}


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    return {**env, "NO_COLOR": "1", "TERM": "xterm", "CH3QUIZ_HOME": str(home), "PYTHONPATH": str(ROOT)}


def _stderr_in_a_terminal(args: list[str], home: Path) -> tuple[int, str]:
    """Run ``ch3quiz ARGS`` with stderr on a pseudo-terminal WIDTH columns wide; its exit code and what it drew."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, WIDTH, 0, 0))
    child = subprocess.Popen([sys.executable, "-m", "ch3quiz", *args], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=slave, env=_environment(home), cwd=ROOT)
    os.close(slave)
    drawn = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child has gone and closed its side
                    break
                if not chunk:
                    break
                drawn.extend(chunk)
            elif child.poll() is not None:
                break
        code = child.wait(timeout=30)
    finally:
        child.kill()
        os.close(master)
    text = drawn.decode("utf-8").replace("\x1b[1m", "").replace("\x1b[0m", "")  # bold stays under NO_COLOR
    return code, text.replace("\r\n", "\n")


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _breaks_only_between_words(lines: list[str], message: str) -> None:
    """The lines hold the message's characters in order, and each line ends where the message has a space
    or between two Chinese characters: no word is cut in two."""
    solid = [(index, char) for index, char in enumerate(message) if not char.isspace()]
    assert "".join(line.replace(" ", "") for line in lines) == "".join(char for _, char in solid)
    seen = 0
    for line in lines[:-1]:
        seen += len(line.replace(" ", ""))
        end, after = solid[seen - 1][0], solid[seen][0]
        assert after > end + 1 or (_is_cjk(message[end]) and _is_cjk(message[after])), (line, message)


@pytest.mark.parametrize("case", list(CASES))
def test_a_long_message_wraps_at_word_boundaries_under_its_start(case: str, tmp_path: Path) -> None:
    args, label, exit_code = CASES[case]
    piped = subprocess.run([sys.executable, "-m", "ch3quiz", *args], capture_output=True, text=True,
                           env=_environment(tmp_path), cwd=ROOT, timeout=60)
    message_line = piped.stderr.splitlines()[-1]
    assert message_line.startswith(label) and cell_len(message_line) > WIDTH  # a pipe keeps one line, long

    code, drawn = _stderr_in_a_terminal(args, tmp_path)
    assert code == piped.returncode == exit_code
    lines = drawn.rstrip("\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(label))
    message = lines[start:]
    assert lines[:start] == piped.stderr.splitlines()[:-1]  # Click's usage lines, as in a pipe
    assert len(message) > 1 and all(cell_len(line) <= WIDTH for line in message), drawn
    indent = " " * len(label)
    assert all(line.startswith(indent) and line[len(indent)] != " " for line in message[1:]), drawn
    body = [message[0][len(label):].strip()] + [line.strip() for line in message[1:]]
    _breaks_only_between_words(body, message_line[len(label):])
