"""Characters a formula carries when it is copied from an equation editor or a rendered page, made plain at the
character level: Word's and OneNote's styled letters (𝑥, 𝜎, ℎ, bold 𝐀, script 𝒩) as the letters they are,
MathML's invisible operators as what they stand for, zero-width characters and a byte-order mark gone. The
verdicts on whole answers written so are in tests/math/test_reader_generalises.py."""

from __future__ import annotations

import pytest

from ch3quiz.math.read.characters import normalise_chars


@pytest.mark.parametrize(("text", "plain"), [
    ("a\u2063b", "a,b"),  # invisible separator: the comma of a_{ij}
    ("2\u2064x", "2+x"),  # invisible plus
    ("x\u2062y", "x y"),  # invisible times: the two factors side by side
    ("sin\u2061x", "sinx"),  # function application: nothing
    ("a\u200c\u200d\u2060\u00adb", "ab"),
    ("𝑥ℎℬ𝐖𝒙", "xhBWx"),
])
def test_copied_characters_become_plain(text, plain):
    assert "".join(ch for ch, _ in normalise_chars(text)) == plain


def test_columns_still_point_into_what_was_typed():
    # a removed character leaves the next one at its own column, so a caret still points at the right place
    assert normalise_chars("\ufeffσ")[-1][1] == 1
