"""Reading a number the way students type it: ``0.25``, ``1/4``, ``2.5e-3``, ``25%``, ``3×10^-2``,
``1/√8``, ``(1-0.25)^2``; and a bank's arithmetic in named parameters, ``(n + 2*p - k) // s + 1``,
``sigmoid(z)``, ``max(0, w*x + b)``. One tiny reader of our own (never ``eval``), bounded in size,
with a fixed table of functions: a name it does not know is an error, never a lookup."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from ch3quiz.wording import counted

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


Value = Callable[[Mapping[str, float]], float]  # a compiled expression: names -> value


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise NotANumber("division by zero")
    return a / b


def _floor_divide(a: float, b: float) -> float:
    if b == 0:
        raise NotANumber("division by zero")
    return a // b


def _power(a: float, b: float) -> float:
    if abs(b) > 400:
        raise NotANumber("exponent too large")
    return math.pow(a, b)


_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": _divide, "//": _floor_divide, "^": _power, "**": _power,
}


def _binary(operator: str, left: Value, right: Value) -> Value:
    apply = _BINARY[operator]
    return lambda names: apply(left(names), right(names))


def _lookup(name: str) -> Value:
    def value(names: Mapping[str, float]) -> float:
        if name not in names:
            raise NotANumber(f"unknown name '{name}'")
        return float(names[name])

    return value


class _Reader:
    """Reads the tokens once into a tree of small functions; evaluating it is then cheap, so a bank
    question can be drawn hundreds of times without reading its text again."""

    def __init__(self, tokens: list[str], functions: Mapping[str, tuple[int | None, Callable[..., float]]]) -> None:
        self.tokens, self.i, self.depth = tokens, 0, 0
        self.functions = functions

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

    def expr(self) -> Value:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = _binary(self.take(), value, self.term())
        return value

    def term(self) -> Value:
        value = self.unary()
        while self.peek() in ("*", "/", "//"):
            value = _binary(self.take(), value, self.unary())
        return value

    def unary(self) -> Value:
        if self.peek() in ("-", "+"):
            self.nested()
            negative = self.take() == "-"
            inner = self.unary()
            self.depth -= 1
            return (lambda names: -inner(names)) if negative else inner
        return self.power()

    def power(self) -> Value:
        base = self.atom()
        if self.peek() in ("^", "**"):
            return _binary(self.take(), base, self.unary())
        return base

    def atom(self) -> Value:
        token = self.take()
        if token == "√":
            inner = self.atom()
            return lambda names: _sqrt(inner(names))
        if token == "(":
            self.nested()
            value = self.expr()
            self.expect(")")
            self.depth -= 1
            return value
        if token[0].isdigit() or token[0] == ".":
            number = float(token)
            return lambda names: number
        if token in self.functions:
            return self.call(token)
        if token[0].isalpha() or token[0] == "_":
            if self.peek() == "(":
                raise NotANumber(f"unknown function '{token}'")
            return _lookup(token)
        raise NotANumber(f"unexpected '{token}'")

    def call(self, name: str) -> Value:
        arity, function = self.functions[name]
        if self.peek() != "(" and name == "sqrt":
            inner = self.atom()  # students write 'sqrt 8' as they write '√8'
            return lambda names: _sqrt(inner(names))
        self.expect("(")
        self.nested()
        args = [self.expr()]
        while self.peek() == ",":
            self.take()
            args.append(self.expr())
        self.expect(")")
        self.depth -= 1
        if arity is not None and len(args) != arity:
            raise NotANumber(f"{name} takes {counted(arity, 'argument')}, not {len(args)}")
        if arity is None and len(args) < 2:  # min(n) reached Python's min() and said "'float' object is not iterable"
            raise NotANumber(f"{name} takes two or more arguments, e.g. {name}(n, 1)")
        return lambda names: float(function(*(arg(names) for arg in args)))


def _compile(text: str, functions: Mapping[str, tuple[int | None, Callable[..., float]]]) -> Value:
    reader = _Reader(_tokens(text), functions)
    value = reader.expr()
    if reader.peek() is not None:
        raise NotANumber(f"unexpected '{reader.peek()}'")
    return value


@functools.lru_cache(maxsize=4096)
def _compiled_bank_expression(text: str) -> Value:
    return _compile(unicodedata.normalize("NFKC", text).strip(), FUNCTIONS)


def _run(value: Value, names: Mapping[str, float]) -> float:
    try:
        result = value(names)
    except (OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        if isinstance(exc, NotANumber):
            raise
        raise NotANumber(str(exc) or type(exc).__name__) from None
    if not math.isfinite(result):
        raise NotANumber("the value is not finite")
    return result


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
        value = _run(_compile(cleaned, _STUDENT_FUNCTIONS), {}) * scale
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
    return _run(_compiled_bank_expression(text), names)
