"""The in-memory question bank."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ch3quiz.bank.sections import section_order
from ch3quiz.errors import UnknownQuestionError, UsageError

QUESTION_TYPES: tuple[str, ...] = ("mc", "multi", "tf", "fill", "numeric", "short", "formula", "derivation", "reorder")
# Types the checker grades; everything else is graded without SymPy or numpy.
MATH_TYPES = frozenset({"formula", "derivation"})  # what check and derive take (a reorder is graded in quiz and review)


def choice_text(choice: Any, lang: str = "both") -> str:
    """A choice as text: one language, or both as "中文 / English"."""
    if isinstance(choice, Mapping):
        if lang == "zh":
            return str(choice["zh"])
        if lang == "en":
            return str(choice["en"])
        return f"{choice['zh']} / {choice['en']}"
    return str(choice)


@dataclass(frozen=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    section: str
    prompt_zh: str
    prompt_en: str
    answer: Any
    explanation_zh: str
    explanation_en: str
    tags: tuple[str, ...]
    difficulty: int
    # Type-specific fields as written in YAML (choices, tolerance, key_points, symbols, ...).
    fields: Mapping[str, Any] = field(default_factory=dict)
    location: Location = Location("<memory>", 0)

    @property
    def choices(self) -> list[Any]:
        return list(self.fields.get("choices", []))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view with every field the YAML gave."""
        data: dict[str, Any] = {
            "id": self.id,
            "section": self.section,
            "type": self.type,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "prompt_zh": self.prompt_zh,
            "prompt_en": self.prompt_en,
            "answer": self.answer,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
        }
        data.update(self.fields)
        data["source"] = str(self.location)
        return data


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    root: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id  # type: ignore[attr-defined]

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]  # type: ignore[attr-defined]
        except KeyError:
            close = difflib.get_close_matches(question_id, list(self._by_id), n=3)  # type: ignore[attr-defined]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UnknownQuestionError(f"no question with id '{question_id}'{hint}; ch3quiz list shows every id / 没有这道题") from None

    def select(
        self,
        sections: Iterable[str] = (),
        types: Iterable[str] = (),
        tags: Iterable[str] = (),
    ) -> list[Question]:
        """Questions matching every given filter (each filter: any of its values), in bank order."""
        wanted_sections, wanted_types, wanted_tags = set(sections), set(types), set(tags)
        return [
            q
            for q in self.questions
            if (not wanted_sections or q.section in wanted_sections)
            and (not wanted_types or q.type in wanted_types)
            and (not wanted_tags or wanted_tags.intersection(q.tags))
        ]

    def tag_counts(self, questions: Iterable[Question] | None = None) -> list[tuple[str, int]]:
        """(tag, number of questions) for every tag, most used first, then by name."""
        counts: dict[str, int] = {}
        for q in self.questions if questions is None else questions:
            for tag in q.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def check_tags(self, tags: Iterable[str]) -> list[str]:
        """The tags, all known to the bank; an unknown one raises UsageError with the closest known ones."""
        known = {tag for q in self.questions for tag in q.tags}
        for tag in tags:
            if tag not in known:
                close = difflib.get_close_matches(tag, sorted(known), n=3)
                guess = f"did you mean {', '.join(close)}? " if close else ""
                raise UsageError(f"no question has the tag '{tag}'; {guess}ch3quiz tags lists them all / 没有这个标签")
        return list(tags)

    def sorted_by_section(self) -> list[Question]:
        return sorted(self.questions, key=lambda q: section_order(q.section))
