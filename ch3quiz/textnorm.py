"""Text folding shared by the validator and the graders."""

from __future__ import annotations

import re
import unicodedata

_EDGE_PUNCTUATION = "。.，,；;：:！!？?\"'“”‘’"


def normalize_text(text: str) -> str:
    """Case, full/half width and spacing folded away (NFKC maps full-width forms to ASCII)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"\s+", "", folded)
    return folded.strip(_EDGE_PUNCTUATION)
