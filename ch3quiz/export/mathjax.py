"""The MathJax commands a bank's formula must never have obeyed where an export is shown.

Anki typesets a card's formulas with MathJax, and so do most Markdown viewers. MathJax's html
extension (autoloaded when a formula names it) makes ``\\href{javascript:…}{x}`` a live link,
``\\style``, ``\\class``, ``\\cssId`` and ``\\data`` CSS and markup of the bank's choosing, ``\\bbox[…]``
any CSS (an overlay over the card), and ``\\require`` loads more extensions. No formula of the
chapter needs them, so an export shows each as written (``\\backslash\\mathrm{href}``) instead.
"""

from __future__ import annotations

import re

_OBEYED = re.compile(r"\\(href|class|cssId|style|data|require|bbox)(?![A-Za-z])")


def shown_not_obeyed(latex: str) -> str:
    """``latex`` with each link, style, markup or extension command turned into its printed name."""
    return _OBEYED.sub(lambda match: r"\backslash\mathrm{" + match.group(1) + "}", latex)
