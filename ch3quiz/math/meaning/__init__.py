"""Stage 2, meaning: syntax tree + the question's symbols -> typed IR.

Takes a syntax tree from `read/` and a question, and gives the question's spec (`spec.spec_for`: its symbol
table, the expected answer and the forms it asks for) and the answer's typed IR (`spec.Spec.interpret`):
symbols resolved (`symbols`), the tree given meaning (`build`), shapes inferred (`shapes`), plus the
readable echo of an IR (`reading`) and its structural signature (`structure`).
Raises `SymbolError` / `ShapeError` for what cannot mean anything. Imports only `read/`; no numpy, no SymPy.
"""
