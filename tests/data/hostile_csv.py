"""CSV rows that once crashed ``ch3quiz import csv`` (exit 70), each with the one line it must give now.

A row is (name, CSV line after the header, text the error must contain). The target bank stays
byte-for-byte as it was in every case (tests/export/test_safe_writes.py).
"""

from __future__ import annotations

ROW = "n-{n},3.1,tf,{difficulty},t,对吗,True?,true,因为,because,,{extra}\n"

CASES: list[tuple[str, str, str]] = [
    # '²'.isdigit() is true, int('²') raises: the difficulty is now read only as 1, 2 or 3.
    ("superscript-difficulty", ROW.format(n=1, difficulty="²", extra=""),
     "difficulty must be 1 (easy), 2 (medium) or 3 (hard), not '²'"),
    # json.loads recursed 20,000 levels deep.
    ("deep-json", ROW.format(n=1, difficulty=1, extra='"{""x"": ' + "[" * 20_000 + "]" * 20_000 + "}\""),
     "nests more than 16 levels"),
    # An integer of 5,000 digits is more than Python converts from text.
    ("huge-json-integer", ROW.format(n=1, difficulty=1, extra='"{""hint_zh"": ' + "9" * 5000 + "}\""),
     "holds a value that cannot be read"),
    # The csv module refuses a cell over 131,072 characters.
    ("cell-over-the-field-limit", ROW.format(n=1, difficulty=1, extra='"' + "x" * 140_000 + '"'),
     "field larger than field limit"),
    # A 400-digit numeric answer overflowed math.isfinite.
    ("huge-numeric-answer", "n-1,3.1,numeric,1,t,多少,How many?," + "9" * 400 + ",因为,because,,\n",
     "numeric answer must be a number"),
]
