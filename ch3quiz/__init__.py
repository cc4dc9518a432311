"""ch3quiz: terminal exam review for chapter 3 (neural-network foundations)."""

__version__ = "0.1.0"
