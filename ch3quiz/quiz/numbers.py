"""Reading a number the way students type it: ``0.25``, ``1/4``, ``2.5e-3``, ``25%``, ``3×10^-2``,
``1/√8``, ``(1-0.25)^2``. A tiny arithmetic reader of our own (never ``eval``), bounded in size."""

from __future__ import annotations

import math
import re
import unicodedata

MAX_LENGTH = 80
_TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,3})?)|(?P<op>sqrt|[-+*/^()√]))")


class NotANumber(ValueError):
    pass


def _tokens(text: str) -> list[str]:
    tokens, i = [], 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if not match or match.end() == i:
            raise NotANumber(text)
        tokens.append(match.group("num") or match.group("op"))
        i = match.end()
    return tokens


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise NotANumber("ends too early")
        self.i += 1
        return token

    def expr(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/"):
            if self.take() == "*":
                value *= self.unary()
            else:
                divisor = self.unary()
                if divisor == 0:
                    raise NotANumber("division by zero")
                value /= divisor
        return value

    def unary(self) -> float:
        if self.peek() in ("-", "+"):
            return -self.unary() if self.take() == "-" else self.unary()
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.unary()
            if abs(exponent) > 400:
                raise NotANumber("exponent too large")
            return math.pow(base, exponent)
        return base

    def atom(self) -> float:
        token = self.take()
        if token in ("√", "sqrt"):
            inner = self.atom()
            if inner < 0:
                raise NotANumber("square root of a negative number")
            return math.sqrt(inner)
        if token == "(":
            value = self.expr()
            if self.take() != ")":
                raise NotANumber("unclosed bracket")
            return value
        if token[0].isdigit() or token[0] == ".":
            return float(token)
        raise NotANumber(token)


def read_number(text: str) -> float:
    """The value of ``text``; NotANumber when it is not a plain arithmetic number."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    for old, new in (("−", "-"), ("×", "*"), ("·", "*"), ("÷", "/"), ("x", "*"), (",", ""), ("，", "")):
        cleaned = cleaned.replace(old, new)
    if not cleaned or len(cleaned) > MAX_LENGTH:
        raise NotANumber(text)
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    reader = _Reader(_tokens(cleaned))
    try:
        value = reader.expr()
    except (OverflowError, ValueError, ZeroDivisionError) as exc:
        raise NotANumber(str(exc)) from None
    if reader.peek() is not None:
        raise NotANumber(text)
    value *= scale
    if not math.isfinite(value):
        raise NotANumber(text)
    return value
