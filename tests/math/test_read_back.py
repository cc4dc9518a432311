"""Everything the tool shows about a formula question reads back when pasted as an answer (issue 16, item 7):
the expected form in LaTeX and as the terminal prints it (Unicode), the "read as" echo of it, each catalogued
mistake in both forms and its echo (read back to the same verdict and the same named mistake), and every
name in the symbol list of an "unknown symbol" message (read back as that symbol)."""

from __future__ import annotations

import unicodedata

import pytest

from ch3quiz.bank import Bank
from ch3quiz.math.derivation.recurrence_check import is_recurrence
from ch3quiz.math import check_answer
from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import listed_symbols
from ch3quiz.math.meaning.spec import spec_for
from ch3quiz.render.latex import latex_to_unicode


def _formulas(bank: Bank):
    return [q for q in bank if q.type == "formula"]


def test_the_expected_form_reads_back_as_printed_and_as_echoed(bundled_bank: Bank):
    problems = []
    for q in _formulas(bundled_bank):
        echo = check_answer(q, q.answer).reading
        for shown in (latex_to_unicode(q.answer), echo):
            got = check_answer(q, shown)
            if got.verdict != "correct":
                problems.append(f"{q.id}: {shown!r} is {got.verdict}: {got.message}")
    assert not problems, "\n".join(problems)


def test_each_catalogued_mistake_reads_back_as_the_same_mistake(bundled_bank: Bank):
    problems = []
    for q in _formulas(bundled_bank):
        for mistake in q.fields.get("mistakes", []):
            first = check_answer(q, mistake["expr"])
            for shown in (latex_to_unicode(mistake["expr"]), first.reading):
                got = check_answer(q, shown)
                if shown and (got.verdict, got.mistake) != (first.verdict, first.mistake):
                    problems.append(f"{q.id} {mistake['tag']}: {shown!r} is {got.verdict}/{got.mistake}, "
                                    f"as written {first.verdict}/{first.mistake}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("printed", [False, True], ids=["as typed", "as printed"])
def test_every_listed_symbol_name_reads_back_as_that_symbol(bundled_bank: Bank, printed: bool):
    # "as printed" is the list an "unknown symbol" message shows (ŷ, c̃ₜ, W⁽ᴸ⁾); "as typed" the ASCII spelling
    # the closest name is looked up in (hat y, tilde c_t).
    problems = []
    for q in bundled_bank:
        if q.type not in ("formula", "derivation") or is_recurrence(q):
            continue  # an unrolled recurrence (derive-bptt-product) has its own model, without a symbol table
        spec = spec_for(q)
        node = min(spec.nodes, default="v")
        names = listed_symbols(spec.table, node) if printed else spec.table.listed_names(node)
        assert len(names) == len(spec.table.names())
        for key, listed in zip(spec.table.names(), names):
            info = spec.table.declared[key]
            want = ir.NodeVar(info.key, node) if info.node else ir.Var(info.key)
            try:
                got = spec.build(listed)
            except Exception as exc:  # noqa: BLE001 - the message is the finding
                problems.append(f"{q.id}: {listed!r}: {exc}")
                continue
            if got != want:
                problems.append(f"{q.id}: {listed!r} reads as {got}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("qid", "typed", "suggested"), [
    ("lstm-cell", "f_t c_{t-1} + i_t cbar_t", "c̃ₜ"),
    ("rnn-hidden", "tanh(W_hh h_{t-1} + W_hx x_t + b_h)", "Wₓₕ"),
])
def test_an_unknown_symbol_gets_did_you_mean(fq, qid, typed, suggested):
    result = check_answer(fq(qid), typed)
    assert result.verdict == "invalid"
    assert f"did you mean {suggested}?" in result.message, result.message
    assert "是不是想写" in result.message_zh


def test_symbol_lists_print_multi_character_labels_in_braces(fq):
    typed = spec_for(fq("lstm-cell")).table.listed_names()
    assert "c_{t-1}" in typed and "c_t-1" not in typed


@pytest.mark.parametrize(("qid", "shown", "not_shown"), [
    ("loss-mse-grad", "J, ŷ, y", "hat y"),  # seen by a student: "this question's symbols are: J, hat y, y"
    ("lstm-cell", "cₜ₋₁, cₜ", "c_{t-1}"),
    ("gnn-basic-update", "hᵥ⁽ᵏ⁻¹⁾", "h_v^(k-1)"),
])
def test_symbol_lists_show_symbols_as_a_student_writes_them(fq, qid, shown, not_shown):
    result = check_answer(fq(qid), "q")
    message, message_zh = (unicodedata.normalize("NFC", text) for text in (result.message, result.message_zh))
    assert result.verdict == "invalid"
    assert "this question's symbols are: " in message and shown in message, message
    assert not_shown not in message and shown in message_zh
