"""Parameterised numeric questions: fresh numbers on every attempt.

A numeric question may declare ``params`` (choices ``[28, 32, 64]``, integer ranges ``'0..2'``, or a
value derived from the ones before it, ``'(n + 2*p - k) // s + 1'``). Its ``answer``, ``tolerance``
and ``rel_tolerance`` are then expressions in them, and ``{expr}`` in its prompt, hint and
explanation is replaced by the value (``{x:.3f}`` chooses the format; ``{x:.3s}`` writes ``1.05\\times10^{8}``). Everything is computed by the
arithmetic reader of ``numbers.py``, never by ``eval``. A variant is drawn from a seed, so the same
seed gives the same numbers; the variant is an ordinary ``Question`` (a copy: the bank's question is
never changed), with the drawn values in ``fields["variant"]``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ch3quiz.bank.model import Question
from ch3quiz.errors import BankError
from ch3quiz.quiz.numbers import FUNCTIONS, MAX_LENGTH, NotANumber, evaluate_expression

SEED_RANGE = 1_000_000  # seeds short enough to type: ch3quiz show ID --seed 48213
VALIDATION_DRAWS = 200
TEXT_FIELDS = ("prompt_zh", "prompt_en", "explanation_zh", "explanation_en", "hint_zh", "hint_en")
EXPRESSION_FIELDS = ("tolerance", "rel_tolerance")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")
_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
MAX_RANGE_DIGITS = 15  # a bound a float holds exactly; a longer one is a typo, not a question
_PLACEHOLDER = re.compile(r"\{([^{}\n]+)\}")
_FORMAT = re.compile(r"^(?:\.\d{1,2}[fges]|d|g)$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_NUMBER = re.compile(r"(?<![A-Za-z_])\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")  # 1e-9 holds no name ``e``


class VariantError(BankError):
    """A parameterised question that cannot be drawn (with the field at fault). The validator draws
    each question many times, but a wide range can still hold a bad draw: the student then sees which
    question and seed, never a traceback."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.where = ""  # "id (seed N)", once known

    @property
    def message(self) -> str:
        return f"{self.where}: {self.args[0]} / 这道题的数值无法生成" if self.where else str(self.args[0])


def is_parameterised(question: Question) -> bool:
    return question.type == "numeric" and bool(question.fields.get("params"))


# ---- drawing the values ----------------------------------------------------

def _draw_one(name: str, spec: Any, rng: random.Random, values: Mapping[str, float]) -> float:
    if isinstance(spec, bool):
        raise VariantError("params", f"parameter '{name}': true/false is not a number")
    if isinstance(spec, (int, float)):
        return _finite(name, spec)
    if isinstance(spec, list):
        if not spec or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec):
            raise VariantError("params", f"parameter '{name}': choices must be a non-empty list of numbers"
                               + _read_as_text(spec))
        return _finite(name, rng.choice(spec))
    if isinstance(spec, str):
        bounds = _RANGE.match(spec)
        if bounds:
            return _draw_range(name, spec, bounds, rng)
        try:
            return evaluate_expression(spec, values)
        except NotANumber as exc:
            raise VariantError("params", f"parameter '{name}' = {spec!r}: {exc}") from None
    raise VariantError("params", f"parameter '{name}' must be a number, a list of choices, 'low..high' or an expression")


def _read_as_text(choices: list[Any]) -> str:
    """Why a choice that looks like a number is not one: YAML reads 1e-3 (no dot) as text."""
    for choice in choices:
        if isinstance(choice, str) and _YAML_TEXT_NUMBER.fullmatch(choice.strip()):
            mantissa, exponent = choice.strip().lower().split("e")
            return (f"; YAML reads {choice!r} as text, not a number: write it with a dot and a signed exponent,"
                    f" {mantissa if '.' in mantissa else mantissa + '.0'}e{exponent if exponent[0] in '+-' else '+' + exponent}")
    return ""


_YAML_TEXT_NUMBER = re.compile(r"[-+]?\d+(\.\d*)?[eE][-+]?\d+")


def _finite(name: str, value: float) -> float:
    """``value`` when it is a number a float holds (a 400-digit integer, .inf and .nan are not) and,
    if whole, one the prompt shows in full: a longer integer is shown rounded (1.23457e+299), so an
    answer worked from it is wrong by more than any tolerance, and cannot be typed exactly either."""
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # str() of it may be refused too (over 4,300 digits): never quote it
        raise VariantError("params", f"parameter '{name}': a number too large for a float (over 1e308)") from None
    if not finite:
        raise VariantError("params", f"parameter '{name}': {value} is not a finite number")
    if isinstance(value, int) and abs(value) >= 10**MAX_RANGE_DIGITS:
        raise VariantError("params", f"parameter '{name}': a whole number of {_digits(value)} digits; a prompt shows"
                           f" at most {MAX_RANGE_DIGITS} in full, so no student could work with it")
    return value


def _digits(value: int) -> int:
    """How many digits a whole number has (counted without str(), which refuses over 4,300 digits)."""
    value, digits = abs(value), 1
    while value >= 10**digits:
        digits *= 2
    low, high = digits // 2, digits
    while low < high:  # the smallest d with value < 10**d
        middle = (low + high) // 2
        low, high = (middle + 1, high) if value >= 10**middle else (low, middle)
    return max(low, 1)


def _draw_range(name: str, spec: str, bounds: re.Match[str], rng: random.Random) -> int:
    if any(len(bound.lstrip("-")) > MAX_RANGE_DIGITS for bound in bounds.groups()):
        raise VariantError("params", f"parameter '{name}': a range bound has more than {MAX_RANGE_DIGITS} digits")
    low, high = int(bounds.group(1)), int(bounds.group(2))
    if low > high:
        raise VariantError("params", f"parameter '{name}': empty range {spec!r}")
    return rng.randint(low, high)


def draw_values(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """The parameters' values for ``seed``, in the order declared (later ones may use earlier ones)."""
    if not isinstance(params, Mapping) or not params:
        raise VariantError("params", "params must be a mapping of names to choices, ranges or expressions")
    rng = random.Random(seed)
    values: dict[str, float] = {}
    for name, spec in params.items():
        if not isinstance(name, str) or not _NAME.match(name) or name in FUNCTIONS or name == "answer":
            raise VariantError("params", f"parameter name {name!r} must be a plain name (not a function, not 'answer')")
        values[name] = _draw_one(name, spec, rng, values)
    return values


# ---- filling in text -------------------------------------------------------

def format_value(value: float, spec: str = "") -> str:
    """A drawn number as text: integers in full, others to 6 significant digits unless ``spec`` says."""
    if spec == "d":
        return str(int(round(value)))
    if spec.endswith("s"):  # scientific, written for LaTeX: 1.05\times10^{8}
        mantissa, _, exponent = format(value, spec[:-1] + "e").partition("e")
        return f"{mantissa}\\times10^{{{int(exponent)}}}"
    if spec:
        return format(value, spec)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def fill_text(text: str, values: Mapping[str, float]) -> str:
    """``text`` with every ``{expr}`` that uses a parameter replaced by its value.

    Braces that name no parameter (LaTeX such as ``\\frac{1}{2}`` or ``^{\\top}``) are left alone.
    Raises NotANumber when a placeholder that uses a parameter has no value.
    """
    parts = _template(text, frozenset(values))
    return "".join(part if isinstance(part, str) else format_value(evaluate_expression(part[0], values), part[1])
                   for part in parts)


@functools.lru_cache(maxsize=4096)
def _template(text: str, names: frozenset[str]) -> tuple[str | tuple[str, str], ...]:
    """``text`` cut once into literal pieces and (expression, format) placeholders."""
    parts: list[str | tuple[str, str]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        inner, spec = match.group(1), ""
        head, colon, tail = inner.rpartition(":")
        if colon and _FORMAT.match(tail.strip()):
            inner, spec = head, tail.strip()
        words = set(_WORD.findall(_NUMBER.sub(" ", inner)))
        if not words & names or not words <= names | set(FUNCTIONS) or "\\" in inner:
            continue
        parts += [text[last:match.start()], (inner, spec)]
        last = match.end()
    parts.append(text[last:])
    return tuple(parts)


# ---- the variant -----------------------------------------------------------

def _number(field: str, expression: Any, values: Mapping[str, float]) -> float:
    if isinstance(expression, (int, float)) and not isinstance(expression, bool):
        return expression
    if not isinstance(expression, str):
        raise VariantError(field, f"{field} must be a number or an expression in the parameters")
    try:
        return evaluate_expression(expression, values)
    except NotANumber as exc:
        raise VariantError(field, f"{field} {expression!r}: {exc}") from None


def _answer(question: Question, values: Mapping[str, float]) -> float | int:
    value = _number("answer", question.answer, values)
    if question.fields.get("integer"):
        if abs(value - round(value)) > 1e-9:
            raise VariantError("answer", f"the answer {value:g} is not a whole number, but integer: true asks for one")
        whole = int(round(value))
        if _digits(whole) + (whole < 0) > MAX_LENGTH:
            raise VariantError("answer", f"the answer is a whole number of {_digits(whole)} digits; a student types at"
                               f" most {MAX_LENGTH} characters, so it could never be answered")
        return whole
    return value


def draw_variant(question: Question, seed: int) -> Question:
    """The question with the numbers drawn for ``seed``; a question without params, or one already
    drawn, comes back as is.

    Raises VariantError (naming the field) when a draw gives no finite answer or fills no text.
    """
    if not is_parameterised(question) or "variant" in question.fields:
        return question  # no params, or already drawn (its texts are filled: it keeps its numbers)
    try:
        return _draw(question, seed)
    except VariantError as exc:
        exc.where = f"{question.id} (seed {seed})"
        raise


def _draw(question: Question, seed: int) -> Question:
    values = draw_values(question.fields["params"], seed)
    fields = dict(question.fields)
    for name in EXPRESSION_FIELDS:
        if name in fields:
            fields[name] = _number(name, fields[name], values)
            if fields[name] < 0:
                raise VariantError(name, f"{name} is negative ({fields[name]:g})")
    texts = {}
    for name in TEXT_FIELDS:
        source = fields if name.startswith("hint") else question.__dict__
        if source.get(name):
            try:
                texts[name] = fill_text(source[name], values)
            except NotANumber as exc:
                raise VariantError(name, f"a {{…}} in {name}: {exc}") from None
    fields.update({k: v for k, v in texts.items() if k.startswith("hint")})
    fields["variant"] = {"seed": seed, "values": values}
    return dataclasses.replace(
        question, answer=_answer(question, values), fields=fields,
        **{k: v for k, v in texts.items() if not k.startswith("hint")},
    )


def variant_seed(question_id: str, session_seed: int | None, rng: random.Random | None = None) -> int:
    """The seed of one attempt: fixed by the session's seed (a seeded quiz repeats exactly), else fresh."""
    if session_seed is None:
        return (rng or random.SystemRandom()).randrange(SEED_RANGE)
    return random.Random(f"{session_seed}:{question_id}").randrange(SEED_RANGE)


# ---- validation ------------------------------------------------------------

def _shows_a_parameter(text: Any, params: Mapping[str, Any]) -> bool:
    return isinstance(text, str) and any(
        set(_WORD.findall(m.group(1))) & set(params) for m in _PLACEHOLDER.finditer(text)
    )


def variant_faults(question: Question, draws: int = VALIDATION_DRAWS) -> Iterator[tuple[str, str]]:
    """(field, message) for what goes wrong over ``draws`` seeds: the first failing draw per field,
    with the values that broke it; and a prompt that shows no parameter (its numbers never change)."""
    params = question.fields.get("params")
    for name in ("prompt_zh", "prompt_en"):
        if not _shows_a_parameter(getattr(question, name), params or {}):
            yield name, f"{name} shows no parameter: write {{name}} where a drawn number goes"
    reported: set[str] = set()
    seen: set[tuple[float, ...]] = set()
    for seed in range(draws):
        try:
            drawn = tuple(draw_values(params, seed).values())
            if drawn in seen:
                continue  # the same numbers as an earlier draw: nothing new to find
            seen.add(drawn)
            draw_variant(question, seed)
        except VariantError as exc:
            if exc.field in reported:
                continue
            reported.add(exc.field)
            try:
                drawn = ", ".join(f"{k}={format_value(v)}" for k, v in draw_values(params, seed).items())
            except VariantError:
                drawn = ""
            yield exc.field, f"{exc} (seed {seed}{': ' + drawn if drawn else ''})"
            if exc.field == "params":
                return


_COMMON = ("id", "type", "section", "prompt_zh", "prompt_en", "answer", "explanation_zh", "explanation_en")


def raw_variant_faults(raw: Mapping[str, Any], draws: int = VALIDATION_DRAWS) -> Iterator[tuple[str, str]]:
    """``variant_faults`` of a question as read from YAML (before it is a ``Question``)."""
    common = {name: raw.get(name, "") for name in _COMMON}
    fields = {k: v for k, v in raw.items() if k not in _COMMON and k not in ("tags", "difficulty")}
    question = Question(**common, tags=(), difficulty=1, fields=fields)
    yield from variant_faults(question, draws)
