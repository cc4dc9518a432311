"""The question bank: YAML loading, schema validation with locations, the in-memory Bank."""

from ch3quiz.bank.loader import Problem, load_bank, read_bank
from ch3quiz.bank.model import QUESTION_TYPES, Bank, Question

__all__ = ["QUESTION_TYPES", "Bank", "Problem", "Question", "load_bank", "read_bank"]
