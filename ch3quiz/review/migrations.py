"""Append-only, named schema migrations. Never edit one that has shipped; add a new one."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "001_sessions_and_answers",
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            mode TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            filters TEXT NOT NULL DEFAULT '{}',
            seed INTEGER
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id),
            question_id TEXT NOT NULL,
            section TEXT NOT NULL,
            qtype TEXT NOT NULL,
            given TEXT NOT NULL,
            verdict TEXT NOT NULL,
            score REAL NOT NULL,
            seconds REAL NOT NULL,
            mode TEXT NOT NULL,
            answered_at TEXT NOT NULL
        );
        CREATE INDEX answers_by_question ON answers(question_id, id);
        """,
    ),
)
