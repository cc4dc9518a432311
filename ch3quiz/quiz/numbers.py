"""Reading a number the way students type it: ``0.25``, ``1/4``, ``2.5e-3``, ``25%``, ``3×10^-2``,
``1/√8``, ``(1-0.25)^2``; and a bank's arithmetic in named parameters, ``(n + 2*p - k) // s + 1``,
``sigmoid(z)``, ``max(0, w*x + b)``. One tiny reader of our own (never ``eval``), bounded in size,
with a fixed table of functions: a name it does not know is an error, never a lookup."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping

MAX_LENGTH = 80  # what a student types
MAX_EXPRESSION = 240  # what a bank writes
MAX_DEPTH = 40  # brackets and unary signs nested
_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,3})?)|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>//|\*\*|[-+*/^()√,]))"
)


class NotANumber(ValueError):
    pass


def _sigmoid(x: float) -> float:
    # Written so that neither branch overflows: exp of a large positive number is never taken.
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def _log(x: float) -> float:
    if x <= 0:
        raise NotANumber("log of a number that is not positive")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        raise NotANumber("square root of a negative number")
    return math.sqrt(x)


# name -> (number of arguments, None for one or more; the function)
FUNCTIONS: dict[str, tuple[int | None, Callable[..., float]]] = {
    "sqrt": (1, _sqrt),
    "exp": (1, math.exp),
    "log": (1, _log),
    "ln": (1, _log),
    "tanh": (1, math.tanh),
    "sigmoid": (1, _sigmoid),
    "relu": (1, lambda x: max(0.0, x)),
    "abs": (1, abs),
    "floor": (1, lambda x: float(math.floor(x))),
    "ceil": (1, lambda x: float(math.ceil(x))),
    "min": (None, min),
    "max": (None, max),
}
_STUDENT_FUNCTIONS = {"sqrt": FUNCTIONS["sqrt"]}


def _tokens(text: str) -> list[str]:
    tokens, i = [], 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if not match or match.end() == i:
            if text[i:].strip() == "":
                break
            raise NotANumber(f"cannot read {text[i:].strip()[:12]!r}")
        tokens.append(match.group("num") or match.group("name") or match.group("op"))
        i = match.end()
    return tokens


class _Reader:
    def __init__(self, tokens: list[str], names: Mapping[str, float],
                 functions: Mapping[str, tuple[int | None, Callable[..., float]]]) -> None:
        self.tokens, self.i, self.depth = tokens, 0, 0
        self.names, self.functions = names, functions

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise NotANumber("ends too early")
        self.i += 1
        return token

    def expect(self, token: str) -> None:
        if self.peek() != token:
            raise NotANumber(f"expected '{token}'")
        self.i += 1

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise NotANumber("nested too deeply")

    def expr(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/", "//"):
            operator = self.take()
            if operator == "*":
                value *= self.unary()
                continue
            divisor = self.unary()
            if divisor == 0:
                raise NotANumber("division by zero")
            value = value / divisor if operator == "/" else value // divisor
        return value

    def unary(self) -> float:
        if self.peek() in ("-", "+"):
            self.nested()
            value = -self.unary() if self.take() == "-" else self.unary()
            self.depth -= 1
            return value
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek() in ("^", "**"):
            self.take()
            exponent = self.unary()
            if abs(exponent) > 400:
                raise NotANumber("exponent too large")
            return math.pow(base, exponent)
        return base

    def atom(self) -> float:
        token = self.take()
        if token == "√":
            return _sqrt(self.atom())
        if token == "(":
            self.nested()
            value = self.expr()
            self.expect(")")
            self.depth -= 1
            return value
        if token[0].isdigit() or token[0] == ".":
            return float(token)
        if token in self.functions:
            return self.call(token)
        if token in self.names:
            return float(self.names[token])
        raise NotANumber(f"unknown name '{token}'" if token[0].isalpha() or token[0] == "_" else f"unexpected '{token}'")

    def call(self, name: str) -> float:
        arity, function = self.functions[name]
        if self.peek() != "(" and arity == 1 and name == "sqrt":
            return _sqrt(self.atom())  # students write 'sqrt 8' as they write '√8'
        self.expect("(")
        self.nested()
        args = [self.expr()]
        while self.peek() == ",":
            self.take()
            args.append(self.expr())
        self.expect(")")
        self.depth -= 1
        if arity is not None and len(args) != arity:
            raise NotANumber(f"{name} takes {arity} argument(s), not {len(args)}")
        return float(function(*args))


def _run(text: str, names: Mapping[str, float], functions: Mapping[str, tuple[int | None, Callable[..., float]]]) -> float:
    reader = _Reader(_tokens(text), names, functions)
    try:
        value = reader.expr()
    except (OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise NotANumber(str(exc) or type(exc).__name__) from None
    if reader.peek() is not None:
        raise NotANumber(f"unexpected '{reader.peek()}'")
    if not math.isfinite(value):
        raise NotANumber("the value is not finite")
    return value


def read_number(text: str) -> float:
    """The value of ``text``; NotANumber when it is not a plain arithmetic number."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    for old, new in (("−", "-"), ("×", "*"), ("·", "*"), ("÷", "/"), ("x", "*"), (",", ""), ("，", "")):
        cleaned = cleaned.replace(old, new)
    if not cleaned or len(cleaned) > MAX_LENGTH or "//" in cleaned or "**" in cleaned:
        raise NotANumber(text)
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    try:
        value = _run(cleaned, {}, _STUDENT_FUNCTIONS) * scale
    except NotANumber:
        raise NotANumber(text) from None
    if not math.isfinite(value):
        raise NotANumber(text)
    return value


def evaluate_expression(text: str, names: Mapping[str, float]) -> float:
    """The value of a bank expression over named numbers (``(n + 2*p - k) // s + 1``).

    ``//`` is floor division; the functions are those of ``FUNCTIONS``. Raises NotANumber, saying
    why, when the text cannot be read, names an unknown variable, or has no finite value.
    """
    if not isinstance(text, str) or not text.strip():
        raise NotANumber("empty expression")
    if len(text) > MAX_EXPRESSION:
        raise NotANumber(f"longer than {MAX_EXPRESSION} characters")
    return _run(unicodedata.normalize("NFKC", text).strip(), names, FUNCTIONS)
