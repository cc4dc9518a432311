"""The answer prompt in a real terminal: readline knows the prompt, so Ctrl-U / Ctrl-A / Ctrl-W never
erase it, and Up recalls an earlier answer of the session. Driven through a pseudo-terminal."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty", reason="needs a Unix pseudo-terminal")
pytest.importorskip("readline", reason="line editing needs GNU readline")

ROOT = Path(__file__).parents[1]
PROMPT = "answer / 答案 > "
READ_FOUR = (
    "from ch3quiz.cli.interact import read_line\n"
    f"answers = [read_line({PROMPT!r}) for _ in range(4)]\n"
    "print('GOT', answers)\n"
)
# What is typed at each of the four prompts: an edit with Ctrl-U, Ctrl-A + Ctrl-K, Ctrl-W, then Up.
KEYSTROKES = [[b"sigma", b"\x15", b"delta\r"], [b"sigma", b"\x01\x0b", b"gamma\r"], [b"sigma", b"\x17", b"theta\r"],
              [b"\x1b[A", b"\r"]]


def _type_into(script: str, keystrokes: list[list[bytes]]) -> bytes:
    """Run ``script`` on a pseudo-terminal; at each prompt type its keys, one at a time; return all it drew."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script], stdin=slave, stdout=slave, stderr=slave, env=env,
                             close_fds=True)
    os.close(slave)
    drawn = bytearray()

    def read_until(done, limit: float = 15.0) -> None:
        start = time.monotonic()
        while not done() and time.monotonic() - start < limit:
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    drawn.extend(os.read(master, 4096))
                except OSError:  # the child has gone
                    return

    prompt = PROMPT.encode("utf-8")
    try:
        for number, keys in enumerate(keystrokes, start=1):
            read_until(lambda: drawn.count(prompt) >= number)
            for key in keys:
                seen = len(drawn)
                os.write(master, key)
                read_until(lambda: len(drawn) > seen, limit=2.0)  # readline has drawn the key
        read_until(lambda: b"GOT" in drawn and drawn.endswith(b"\n"))
        child.wait(timeout=10)
    finally:
        child.kill()
        os.close(master)
    return bytes(drawn)


def _screen_lines(drawn: bytes) -> list[str]:
    """What a terminal shows, line by line, for the few controls readline uses on one line."""
    lines, line, cursor = [], [], 0
    for token in re.findall(r"\x1b\[[0-9;]*[A-Za-z]|\x1b.|\r\n|.", drawn.decode("utf-8", "replace"), re.S):
        if token == "\r\n":
            lines.append("".join(line).rstrip())
            line, cursor = [], 0
        elif token == "\r":
            cursor = 0
        elif token == "\b":
            cursor = max(0, cursor - 1)
        elif token == "\x1b[K":
            del line[cursor:]
        elif token.startswith("\x1b"):
            continue
        else:
            line[cursor:cursor + 1] = [token]
            cursor += 1
    return lines + ["".join(line).rstrip()]


@pytest.fixture(scope="module")
def screen() -> list[str]:
    return _screen_lines(_type_into(READ_FOUR, KEYSTROKES))


def test_editing_keys_never_erase_the_prompt(screen: list[str]) -> None:
    assert screen[:3] == [PROMPT + "delta", PROMPT + "gamma", PROMPT + "theta"]


def test_up_recalls_an_earlier_answer(screen: list[str]) -> None:
    assert screen[3] == PROMPT + "theta"
    assert "GOT ['delta', 'gamma', 'theta', 'theta']" in screen
