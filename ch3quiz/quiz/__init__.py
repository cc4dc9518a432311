"""Quiz sessions: selecting questions and grading answers. No terminal I/O here."""
