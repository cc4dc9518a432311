"""The public face of the checker (re-exported by ``ch3quiz.math``)."""

from ch3quiz.math import CheckResult, DerivationResult, LineResult, check_answer, check_derivation

__all__ = ["CheckResult", "DerivationResult", "LineResult", "check_answer", "check_derivation"]
