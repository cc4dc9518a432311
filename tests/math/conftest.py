"""Fixtures for the checker's tests: the bundled bank's formula questions by id."""

from __future__ import annotations

import pytest

from ch3quiz.bank import Bank


@pytest.fixture(scope="session")
def fq(bundled_bank: Bank):
    """``fq("bp-delta-Lminus1")``: a formula or derivation question of the bundled bank."""
    return bundled_bank.get
