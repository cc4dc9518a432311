"""The question schema: which fields each type has, and every rule they must obey.

Each rule reports ``(field, message)`` pairs; the loader turns them into
``file:line: id: message`` rows, with the line of the offending field.
Validation never stops at the first fault: a teacher fixing a file wants
the whole list at once.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import string
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ch3quiz.bank.model import QUESTION_TYPES
from ch3quiz.bank.sections import SECTION_IDS
from ch3quiz.quiz.numbers import MAX_LENGTH as TYPED_DIGITS  # the longest number a student may type
from ch3quiz.textnorm import normalize_text
from ch3quiz.wording import plural

Fault = tuple[str | None, str]  # (field the fault is in, message)

# Letters, digits and dashes: the formula targets fix ids such as bp-grad-W and bp-delta-Lminus1.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$")
LETTERS = string.ascii_uppercase[:8]

COMMON_REQUIRED = (
    "id", "type", "section", "prompt_zh", "prompt_en", "answer",
    "explanation_zh", "explanation_en", "tags", "difficulty",
)
COMMON_OPTIONAL = ("hint_zh", "hint_en")

# Fields each type adds to the common ones: (required, optional).
TYPE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mc": (("choices",), ()),
    "multi": (("choices",), ()),
    "tf": ((), ()),
    "fill": ((), ()),
    "numeric": ((), ("tolerance", "rel_tolerance", "unit", "params", "integer")),
    "short": (("key_points",), ()),
    "formula": ((), ("target", "given", "symbols", "functions", "conventions", "mistakes", "checker", "hints")),
    "derivation": ((), ("target", "given", "symbols", "functions", "conventions", "mistakes", "checker", "hints")),
    # the lines of a derivation shuffled with one or two wrong lines; judged by the derivation checker
    "reorder": (("distractors",), ("target", "given", "symbols", "functions", "conventions", "checker", "hints")),
}


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


# Integers beyond a float's range cannot be graded (and math.isfinite overflows on them).
MAX_INTEGER = 10**300


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_INTEGER <= value <= MAX_INTEGER
    return isinstance(value, float) and math.isfinite(value)


def _brief(value: Any, limit: int = 60) -> str:
    """A value as it was written, cut short: a 400-digit number is named, not printed."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def letter_index(letter: Any, n_choices: int) -> int | None:
    """The 0-based index of a choice letter, or None when it names no choice."""
    if not isinstance(letter, str) or len(letter.strip()) != 1:
        return None
    index = LETTERS.find(letter.strip().upper())
    return index if 0 <= index < n_choices else None


# ---- common fields ---------------------------------------------------------

def check_common(q: Mapping[str, Any]) -> Iterator[Fault]:
    qid = q.get("id")
    if "id" in q and not (isinstance(qid, str) and ID_PATTERN.match(qid)):
        yield "id", f"id {_brief(qid)} must be letters, digits and dashes (like 'loss-mse-grad')"
    if "type" in q and (not isinstance(q["type"], str) or q["type"] not in QUESTION_TYPES):
        close = difflib.get_close_matches(str(q["type"]), QUESTION_TYPES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield "type", f"unknown type {_brief(q['type'])}{hint}; expected one of {', '.join(QUESTION_TYPES)}"
    if "section" in q:
        yield from _check_section(q["section"])
    for name in ("prompt_zh", "prompt_en", "explanation_zh", "explanation_en", "hint_zh", "hint_en"):
        if name in q and not _is_text(q[name]):
            yield name, f"{name} must be non-empty text"
    if "tags" in q:
        tags = q["tags"]
        if not (isinstance(tags, list) and tags and all(_is_text(t) for t in tags)):
            yield "tags", "tags must be a non-empty list of words"
    difficulty = q.get("difficulty")
    if "difficulty" in q and (isinstance(difficulty, bool) or difficulty not in (1, 2, 3)):
        yield "difficulty", f"difficulty must be 1 (easy), 2 (medium) or 3 (hard), not {_brief(q.get('difficulty'))}"


def _check_section(section: Any) -> Iterator[Fault]:
    if isinstance(section, float):
        yield "section", (
            f"section {section!r} is a number; quote it (section: '3.10'), "
            "since YAML reads 3.10 as 3.1"
        )
    elif not isinstance(section, str) or section not in SECTION_IDS:
        yield "section", f"unknown section {_brief(section)}; expected one of {', '.join(SECTION_IDS)}"


def check_fields_known(q: Mapping[str, Any], qtype: str) -> Iterator[Fault]:
    required, optional = TYPE_FIELDS[qtype]
    allowed = set(COMMON_REQUIRED) | set(COMMON_OPTIONAL) | set(required) | set(optional)
    for name in q:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield name, f"unknown field '{name}' for a {qtype} question{hint}"
    for name in required:
        if name not in q:
            yield None, f"missing field '{name}'"


# ---- per-type rules --------------------------------------------------------

def _check_choices(q: Mapping[str, Any]) -> Iterator[Fault]:
    choices = q.get("choices")
    if not isinstance(choices, list) or not 2 <= len(choices) <= len(LETTERS):
        yield "choices", f"choices must be a list of 2 to {len(LETTERS)} options"
        return
    seen: set[str] = set()
    for number, choice in enumerate(choices, start=1):
        if isinstance(choice, Mapping):
            if set(choice) != {"zh", "en"} or not all(_is_text(v) for v in choice.values()):
                yield "choices", f"choice {number} must be text or a mapping with exactly 'zh' and 'en'"
                continue
            key = f"{choice['zh']}|{choice['en']}"
        elif _is_text(choice) or _is_number(choice):
            key = str(choice)
        else:
            yield "choices", f"choice {number} is empty"
            continue
        if key in seen:
            yield "choices", f"choice {number} repeats an earlier choice"
        seen.add(key)


def check_mc(q: Mapping[str, Any]) -> Iterator[Fault]:
    yield from _check_choices(q)
    n = len(q.get("choices") or [])
    if "answer" in q and letter_index(q["answer"], n) is None:
        yield "answer", f"mc answer {_brief(q['answer'])} is not among the choices (A-{LETTERS[max(n, 1) - 1]})"


def check_multi(q: Mapping[str, Any]) -> Iterator[Fault]:
    yield from _check_choices(q)
    n = len(q.get("choices") or [])
    answer = q.get("answer")
    if "answer" not in q:
        return
    if not isinstance(answer, list) or not answer:
        yield "answer", "multi answer must be a non-empty list of letters, like [A, C]"
        return
    for letter in answer:
        if letter_index(letter, n) is None:
            yield "answer", f"multi answer {_brief(letter)} is not among the choices"
    if len({str(a).strip().upper() for a in answer}) != len(answer):
        yield "answer", "multi answer repeats a letter"


def check_tf(q: Mapping[str, Any]) -> Iterator[Fault]:
    if "answer" in q and not isinstance(q["answer"], bool):
        yield "answer", f"tf answer must be true or false, not {_brief(q['answer'])}"


def check_fill(q: Mapping[str, Any]) -> Iterator[Fault]:
    answer = q.get("answer")
    if "answer" not in q:
        return
    alternatives = answer if isinstance(answer, list) else [answer]
    if not alternatives or not all(_is_text(a) or _is_number(a) for a in alternatives):
        yield "answer", "fill answer must be text or a non-empty list of accepted texts"


def check_numeric(q: Mapping[str, Any], draws: int) -> Iterator[Fault]:
    if "integer" in q and not isinstance(q["integer"], bool):
        yield "integer", "integer must be true or false"
    if "params" in q:
        yield from _param_faults(q, draws)
        return
    if q.get("integer") and _is_number(q.get("answer")) and not float(q["answer"]).is_integer():
        yield "answer", f"the answer {q['answer']!r} is not a whole number, but integer: true asks for one"
    if q.get("integer") and isinstance(q.get("answer"), int) and abs(q["answer"]) >= 10**TYPED_DIGITS:
        yield "answer", (f"the answer is a whole number of over {TYPED_DIGITS} digits; a student types at most"
                         f" {TYPED_DIGITS} characters, so it could never be answered")
    if "answer" in q and not _is_number(q["answer"]):
        yield "answer", f"numeric answer must be a number, not {_brief(q['answer'])}"
    for name in ("tolerance", "rel_tolerance"):
        if name in q and not (_is_number(q[name]) and q[name] >= 0):
            yield name, f"{name} must be a number >= 0"
    if "unit" in q and not _is_text(q["unit"]):
        yield "unit", "unit must be non-empty text"


def _param_faults(q: Mapping[str, Any], draws: int) -> Iterator[Fault]:
    """A parameterised question is drawn ``draws`` times; every draw must give a finite answer."""
    from ch3quiz.quiz.variants import raw_variant_faults

    if "unit" in q and not _is_text(q["unit"]):
        yield "unit", "unit must be non-empty text"
    yield from raw_variant_faults(q, draws)


def check_short(q: Mapping[str, Any]) -> Iterator[Fault]:
    answer = q.get("answer")
    if "answer" in q and not (
        isinstance(answer, Mapping) and _is_text(answer.get("zh")) and _is_text(answer.get("en"))
    ):
        yield "answer", "short answer must be a mapping with non-empty 'zh' and 'en' reference answers"
    points = q.get("key_points")
    if "key_points" not in q:
        return
    if not isinstance(points, list) or not points:
        yield "key_points", "key_points must be a non-empty list"
        return
    for number, point in enumerate(points, start=1):
        if not (isinstance(point, Mapping) and _is_text(point.get("zh")) and _is_text(point.get("en"))):
            yield "key_points", f"key point {number} needs non-empty 'zh' and 'en'"
            continue
        terms = point.get("terms")
        if not (isinstance(terms, list) and terms and all(_is_text(t) for t in terms)):
            yield "key_points", f"key point {number} needs 'terms': a non-empty list of words that show it"
        else:
            # A term that folds to one letter or digit ('ᵀ' -> 't') is found in almost any answer;
            # a lone symbol such as ⊙ is not.
            for term in terms:
                folded = normalize_text(term)
                if len(folded) < 2 and folded.isascii() and folded.isalnum():
                    yield "key_points", f"key point {number}: term {term!r} is too short to show anything"
        extra = set(point) - {"zh", "en", "terms"}
        if extra:
            yield "key_points", f"key point {number} has {plural(len(extra), 'an unknown field', 'unknown fields')} {', '.join(sorted(extra))}"


def check_formula(q: Mapping[str, Any]) -> Iterator[Fault]:
    if "answer" in q and not _is_text(q["answer"]):
        yield "answer", "formula answer must be the expected formula as text (LaTeX)"


def check_derivation(q: Mapping[str, Any]) -> Iterator[Fault]:
    answer = q.get("answer")
    if "answer" in q and not (isinstance(answer, list) and len(answer) >= 2 and all(_is_text(a) for a in answer)):
        yield "answer", "derivation answer must be a list of at least two lines (the reference derivation)"


def check_reorder(q: Mapping[str, Any]) -> Iterator[Fault]:
    """The right order (``answer``, at least three lines) and one or two distractors, each a line of its own
    with why it is wrong in both languages."""
    answer = q.get("answer")
    if "answer" in q and not (isinstance(answer, list) and len(answer) >= 3 and all(_is_text(a) for a in answer)):
        yield "answer", "reorder answer must be a list of at least three lines (one right order)"
        answer = []
    distractors = q.get("distractors")
    if not (isinstance(distractors, list) and 1 <= len(distractors) <= 2):
        yield "distractors", "reorder needs one or two distractors"
        return
    for number, item in enumerate(distractors, start=1):
        if not (isinstance(item, Mapping) and all(_is_text(item.get(k)) for k in ("line", "why_zh", "why_en"))):
            yield "distractors", f"distractor {number} needs 'line', 'why_zh' and 'why_en'"
        elif item["line"] in (answer or []):
            yield "distractors", f"distractor {number} is also a line of the answer"


def _math_faults(q: Mapping[str, Any]) -> Iterator[Fault]:
    """Deeper checks of the checker's fields, owned by the math package (pure Python, no SymPy)."""
    from ch3quiz.math.bankcheck import formula_faults

    yield from formula_faults(q)


# Each type's rules. The checker's fields of a formula, derivation or reorder question are read
# (every formula parsed and typed) only in a thorough check: see ``question_faults``.
TYPE_RULES: dict[str, Callable[[Mapping[str, Any]], Iterator[Fault]]] = {
    "mc": check_mc,
    "multi": check_multi,
    "tf": check_tf,
    "fill": check_fill,
    "numeric": lambda q: check_numeric(q, LOAD_DRAWS),
    "short": check_short,
    "formula": check_formula,
    "derivation": check_derivation,
    "reorder": check_reorder,
}


def _thorough_numeric(q: Mapping[str, Any]) -> Iterator[Fault]:
    from ch3quiz.quiz.variants import VALIDATION_DRAWS

    return check_numeric(q, VALIDATION_DRAWS)


def _thorough_math(rules: Callable[[Mapping[str, Any]], Iterator[Fault]]) -> Callable[[Mapping[str, Any]], Iterator[Fault]]:
    def checked(q: Mapping[str, Any]) -> Iterator[Fault]:
        yield from rules(q)
        yield from _math_faults(q)

    return checked


# What ``validate`` (and import) run instead, where they differ: every parameterised question drawn
# VALIDATION_DRAWS times, every checker field read. Loading a bank for a session draws once and reads
# no formula; a formula that cannot be read is then met when its question is asked, where the checker
# says so ("undecided") and the session goes on.
THOROUGH_RULES: dict[str, Callable[[Mapping[str, Any]], Iterator[Fault]]] = {
    **TYPE_RULES,
    "numeric": _thorough_numeric,
    "formula": _thorough_math(check_formula),
    "derivation": _thorough_math(check_derivation),
    "reorder": _thorough_math(check_reorder),
}
LOAD_DRAWS = 1
# The type rules are a function of the question's fields (the id aside): a bank that repeats a
# question under new ids has its costly checks made once per read (``_costly``).
_MEMO_TYPES = frozenset({"numeric", "formula", "derivation", "reorder"})


def question_faults(q: Mapping[str, Any], *, thorough: bool = True, memo: dict[str, list[Fault]] | None = None) -> list[Fault]:
    """Every fault of one question (a mapping as read from YAML, section already defaulted).

    ``thorough=False`` (loading a bank for a session) skips the checks that draw parameters many
    times or read formulas; ``memo`` keeps the costly checks' results for questions met again."""
    faults = list(check_common(q))
    faults.extend((None, f"missing field '{name}'") for name in COMMON_REQUIRED if name not in q)
    qtype = q.get("type")
    if isinstance(qtype, str) and qtype in TYPE_RULES:
        faults.extend(check_fields_known(q, qtype))
        faults.extend(_type_faults(q, qtype, THOROUGH_RULES if thorough else TYPE_RULES, memo))
    return faults


def _type_faults(q: Mapping[str, Any], qtype: str, rules: Mapping[str, Callable[[Mapping[str, Any]], Iterator[Fault]]],
                 memo: dict[str, list[Fault]] | None) -> list[Fault]:
    thorough = rules is THOROUGH_RULES
    key = _memo_key(q, thorough) if memo is not None and _costly(q, qtype, thorough) else None
    if key is not None and key in memo:  # type: ignore[operator]
        return memo[key]  # type: ignore[index]
    found = list(rules[qtype](q))
    if key is not None:
        memo[key] = found  # type: ignore[index]
    return found


def _costly(q: Mapping[str, Any], qtype: str, thorough: bool) -> bool:
    """Whether a type's checks cost more than keying them by the question's fields: all of a thorough
    check's for the types in _MEMO_TYPES, and a session's one draw of a parameterised question (~0.3 ms)."""
    return qtype in _MEMO_TYPES if thorough else qtype == "numeric" and "params" in q


def _memo_key(q: Mapping[str, Any], thorough: bool) -> str | None:
    """The question's fields but its id, as canonical text, marked by the checks made; None when they
    do not serialise alike."""
    try:
        return ("thorough:" if thorough else "load:") + json.dumps(
            {k: v for k, v in q.items() if k != "id"}, sort_keys=True, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None  # a date, a set, mixed key types: checked without the memo
