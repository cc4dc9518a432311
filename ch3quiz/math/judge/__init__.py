"""Stage 3, judging: two typed IRs -> equal, different or undecided.

Takes the expected and the given IR with the spec, and gives a comparison: numeric random instantiation
over seeded draws (`numeric`), the decision over those draws (`compare`), and a time-limited SymPy
confirmation where numbers cannot decide (`symbolic`). Imports `meaning/` and `read/`. This is where numpy
and SymPy are loaded, so the layers above import it lazily.
"""
