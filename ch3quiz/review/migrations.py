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
    (
        # stats reads per-question tallies that triggers keep current (an answer, a marked exam answer,
        # an undone review), instead of counting 100,000 logs; and finds a day's activity by time.
        # An answer not yet marked counts nowhere, as in stats before.
        "005_stats_tallies",
        """
        CREATE INDEX answers_by_time ON answers(answered_at);
        CREATE TABLE answer_tallies (
            question_id TEXT NOT NULL,
            section TEXT NOT NULL,
            answered INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (question_id, section)
        );
        INSERT INTO answer_tallies
            SELECT question_id, section, COUNT(*), SUM(verdict = 'correct'), SUM(score) FROM answers
            WHERE verdict != 'unmarked' GROUP BY question_id, section;
        CREATE TRIGGER answers_tallied AFTER INSERT ON answers WHEN NEW.verdict != 'unmarked' BEGIN
            INSERT INTO answer_tallies VALUES (NEW.question_id, NEW.section, 1, NEW.verdict = 'correct', NEW.score)
            ON CONFLICT (question_id, section) DO UPDATE SET
                answered = answered + 1, correct = correct + excluded.correct, score = score + excluded.score;
        END;
        CREATE TRIGGER answers_untallied AFTER UPDATE OF verdict, score ON answers WHEN OLD.verdict != 'unmarked' BEGIN
            UPDATE answer_tallies SET answered = answered - 1, correct = correct - (OLD.verdict = 'correct'),
                score = score - OLD.score
            WHERE question_id = OLD.question_id AND section = OLD.section;
        END;
        CREATE TRIGGER answers_retallied AFTER UPDATE OF verdict, score ON answers WHEN NEW.verdict != 'unmarked' BEGIN
            INSERT INTO answer_tallies VALUES (NEW.question_id, NEW.section, 1, NEW.verdict = 'correct', NEW.score)
            ON CONFLICT (question_id, section) DO UPDATE SET
                answered = answered + 1, correct = correct + excluded.correct, score = score + excluded.score;
        END;
        CREATE TABLE review_tallies (
            question_id TEXT NOT NULL,
            source TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            recalled INTEGER NOT NULL,
            PRIMARY KEY (question_id, source)
        );
        INSERT INTO review_tallies
            SELECT question_id, source, COUNT(*), SUM(rating != 1) FROM review_logs GROUP BY question_id, source;
        CREATE TRIGGER review_logs_tallied AFTER INSERT ON review_logs BEGIN
            INSERT INTO review_tallies VALUES (NEW.question_id, NEW.source, 1, NEW.rating != 1)
            ON CONFLICT (question_id, source)
            DO UPDATE SET reviews = reviews + 1, recalled = recalled + excluded.recalled;
        END;
        CREATE TRIGGER review_logs_untallied AFTER DELETE ON review_logs BEGIN
            UPDATE review_tallies SET reviews = reviews - 1, recalled = recalled - (OLD.rating != 1)
            WHERE question_id = OLD.question_id AND source = OLD.source;
        END;
        """,
    ),
    (
        # A typed answer the student overrode with "!" (a typo, not a mistake): kept apart in stats.
        # The override's UPDATE of verdict and score moves the answer in the tallies (005's triggers);
        # the partial index lets stats count overrides without reading every answer.
        "006_answer_overrides",
        """
        ALTER TABLE answers ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX answers_overridden ON answers(id) WHERE overridden = 1;
        """,
    ),
    (
        # A rating remembers the session that gave it, so `review --undo` can tell a rating of a session
        # still running in another terminal (not its to take back) from one of a session that has ended.
        # Ratings from before this migration, and from commands without a session (check, derive), keep NULL.
        "007_review_log_sessions",
        """
        ALTER TABLE review_logs ADD COLUMN session_id INTEGER REFERENCES sessions(id);
        """,
    ),
)



def statements(sql: str) -> list[str]:
    """The SQL statements of a migration, split where SQLite says a statement is complete
    (a trigger's body holds semicolons of its own)."""
    import sqlite3

    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        found.append(pending.strip())
    return found
