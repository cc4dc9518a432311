"""Taking the bank elsewhere: Anki decks, CSV (both ways) and a printable Markdown sheet."""
