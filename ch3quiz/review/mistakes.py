"""The student's own mistakes: named, counted across answers, and turned into a drill.

Every wrong answer keeps what went wrong (the store's ``mistakes`` rows: the checker's mistake tag,
the wrong choice picked, the key point missed, the wrong value). Here they become "dropped a
transpose 4 times in 3 questions", and the list of questions that test them for ``quiz --mistakes``.
Pure computation over the store's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ch3quiz.bank.model import Question
from ch3quiz.wording import counted

# The checker's tags (the generic near-miss detector's and the bank's catalogue's), in words.
CHECKER_NAMES: dict[str, tuple[str, str]] = {
    "transpose": ("a transpose dropped or added", "转置漏写或多写"),
    "dropped-transpose": ("dropped a transpose", "漏了转置"),
    "extra-transpose": ("added a transpose", "多了转置"),
    "transposed-result": ("transposed the result", "结果整体转置了"),
    "sign": ("flipped a sign", "符号写反"),
    "sign-flip": ("flipped a sign", "符号写反"),
    "derivative": ("took σ′ where σ belongs, or σ where σ′ belongs", "σ 与 σ′ 混用"),
    "dropped-derivative": ("dropped the σ′ factor", "漏了 σ′ 因子"),
    "missing-derivative": ("dropped the σ′ factor", "漏了 σ′ 因子"),
    "derivative-at-activation": ("took σ′ at the activation instead of the pre-activation", "σ′ 的自变量写成了激活值"),
    "layer-index": ("used the wrong layer index", "层号写错"),
    "wrong-layer": ("used the wrong layer index", "层号写错"),
    "time-index": ("used the wrong time step", "时间步写错"),
    "order": ("multiplied in the wrong order", "乘法顺序写反"),
    "product-kind": ("mixed up ⊙ and the matrix product", "⊙ 与矩阵乘法混用"),
    "missing-self-loop": ("left out the self-loop", "漏了自环"),
    "wrong-degree": ("used the wrong degree", "度数用错"),
    "missing-root": ("left out the square root", "漏了平方根"),
    "missing-square": ("left out a square", "漏了平方"),
    "missing-bias": ("left out the bias", "漏了偏置"),
    "missing-activation": ("left out the activation", "漏了激活函数"),
    "missing-term": ("left out a term", "漏了一项"),
    "extra-term": ("added a term that does not belong", "多了一项"),
    "missing-factor": ("left out a factor", "漏了一个因子"),
    "extra-factor": ("added a factor that does not belong", "多了一个因子"),
    "wrong-function": ("used the wrong function", "函数用错"),
    "swapped-gates": ("swapped two gates", "两个门写反"),
    "wrong-gate": ("used the wrong gate", "门用错"),
    "missing-learning-rate": ("left out the learning rate", "漏了学习率"),
}
_KIND_NAMES = {
    "choice": ("picked {tag}", "选了 {tag}"),
    "missed-choice": ("missed option {tag}", "漏选 {tag}"),
    "key-point": ("missed key point {tag}", "漏答要点 {tag}"),
    "value": ("answered {tag}", "答成 {tag}"),
    "text": ("wrote “{tag}”", "写成“{tag}”"),
    "derivation": ("went wrong at line {tag}", "推导错在第 {tag} 行"),
}


def describe(kind: str, tag: str) -> tuple[str, str]:
    """A mistake in words, (English, Chinese)."""
    if kind == "checker":
        return CHECKER_NAMES.get(tag, (tag.replace("-", " "), tag.replace("-", " ")))
    en, zh = _KIND_NAMES.get(kind, (f"{kind} {{tag}}", f"{kind} {{tag}}"))
    return en.format(tag=tag), zh.format(tag=tag)


@dataclass
class RepeatedMistake:
    kind: str
    tag: str
    en: str
    zh: str
    times: int = 0
    questions: list[str] = field(default_factory=list)
    detail: str = ""

    def line(self) -> str:
        """"dropped a transpose 4 times in 3 questions / 漏了转置：3 道题共 4 次"."""
        n = len(self.questions)
        where = counted(n, "question") if n != 1 else self.questions[0]
        where_zh = f"{n} 道题" if n != 1 else self.questions[0]
        return f"{self.en} {counted(self.times, 'time')} in {where} / {self.zh}：{where_zh}共 {self.times} 次"


Row = tuple[str, str, str, str, int]  # (question id, kind, tag, detail, answer id)


def _key(kind: str, tag: str, question_id: str) -> tuple[str, str, str]:
    # The checker's tags mean the same thing in every question; a choice letter or a key point's
    # number only means something within its own question.
    return (kind, tag, "") if kind == "checker" else (kind, tag, question_id)


def repeated_mistakes(rows: Iterable[Row], known: Mapping[str, Question] | None = None, *,
                      minimum: int = 2, top: int = 8) -> list[RepeatedMistake]:
    """Mistakes made at least ``minimum`` times (each answer counted once), most frequent first.
    ``known``: only mistakes in these questions count (the bank in use)."""
    table: dict[tuple[str, str, str], RepeatedMistake] = {}
    seen_answers: set[tuple[tuple[str, str, str], int]] = set()
    for question_id, kind, tag, detail, answer_id in rows:
        if known is not None and question_id not in known:
            continue
        key = _key(kind, tag, question_id)
        if (key, answer_id) in seen_answers:
            continue
        seen_answers.add((key, answer_id))
        entry = table.get(key)
        if entry is None:
            en, zh = describe(kind, tag)
            entry = table[key] = RepeatedMistake(kind, tag, en, zh, detail=detail)
        entry.times += 1
        if question_id not in entry.questions:
            entry.questions.append(question_id)
    found = [m for m in table.values() if m.times >= minimum]
    found.sort(key=lambda m: (-m.times, -len(m.questions), m.kind, m.tag))
    return found[:top]


def drill_ids(rows: Iterable[Row], questions: Sequence[Question]) -> list[str]:
    """The questions that test the student's mistakes: every question where one was made, and every
    question whose catalogue of known mistakes lists a checker tag the student has shown; the most
    frequent mistakes' questions first."""
    rows = list(rows)
    weight: dict[str, int] = defaultdict(int)
    tags: dict[str, int] = defaultdict(int)
    for question_id, kind, tag, _detail, _answer in rows:
        weight[question_id] += 1
        if kind == "checker":
            tags[tag] += 1
    for q in questions:
        for listed in q.fields.get("mistakes") or []:
            if isinstance(listed, Mapping) and listed.get("tag") in tags:
                weight[q.id] += tags[listed["tag"]]
    in_bank = {q.id for q in questions}
    return sorted((qid for qid in weight if qid in in_bank), key=lambda qid: -weight[qid])


def mistake_lines(mistakes: Iterable[tuple[str, str, str]]) -> list[str]:
    """One answer's mistakes in words, for the exam report."""
    lines = []
    for kind, tag, detail in mistakes:
        en, zh = describe(kind, tag)
        lines.append(f"{en} / {zh}" + (f" ({detail})" if detail and kind in ("choice", "missed-choice", "key-point") else ""))
    return lines
