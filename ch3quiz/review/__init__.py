"""Progress: the SQLite store (the only sqlite3 user) and FSRS scheduling."""
