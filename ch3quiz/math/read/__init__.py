"""Stage 1, reading: formula text -> syntax tree.

Takes the student's (or the bank's) text, plain or LaTeX-flavoured, and gives a position-carrying syntax
tree (`parser.parse`, `parser.parse_expression`) or one `tokens.FormulaSyntaxError` that draws its own caret.
Knows nothing of symbols, shapes or values; imports nothing from the later stages.
"""
