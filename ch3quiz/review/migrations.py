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
    (
        "002_fsrs_cards_and_review_logs",
        """
        CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            state INTEGER NOT NULL,
            introduced_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cards_by_due ON cards(due);
        CREATE TABLE review_logs (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            source TEXT NOT NULL,
            log TEXT NOT NULL
        );
        CREATE INDEX review_logs_by_time ON review_logs(reviewed_at);
        CREATE INDEX review_logs_by_question ON review_logs(question_id, id);
        """,
    ),
    (
        # The exam plan and the fitted FSRS parameters are the student's settings (JSON values).
        # A review log keeps the card row it replaced, so `u` in review can restore it exactly.
        "003_settings_and_undo",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        ALTER TABLE review_logs ADD COLUMN prior_card TEXT
        """,
    ),
    (
        # Every answer keeps the numbers it was drawn with and what went wrong.
        "004_answer_variants_and_mistakes",
        """
        ALTER TABLE answers ADD COLUMN variant TEXT;
        CREATE TABLE mistakes (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id),
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            tag TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX mistakes_by_tag ON mistakes(kind, tag);
        CREATE INDEX mistakes_by_answer ON mistakes(answer_id);
        """,
    ),
)
