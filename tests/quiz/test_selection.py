"""A session's order: a fill-in is asked before any question that shows its answer."""

from __future__ import annotations

from ch3quiz.bank import Bank
from ch3quiz.bank.model import Question
from ch3quiz.quiz.selection import Selection, fills_first, select_questions


def _question(qid: str, qtype: str, prompt: str, answer: object, explanation: str = "", **fields: object) -> Question:
    return Question(id=qid, type=qtype, section="3.3", prompt_zh=prompt, prompt_en=prompt, answer=answer,
                    explanation_zh=explanation, explanation_en=explanation, tags=(), difficulty=1, fields=fields)


FILL = _question("fill-dying", "fill", "A unit stuck at zero output for every input is a ____ ReLU.", ["dying", "dead"])
NAMES_IT = _question("mc-cause", "mc", "What usually causes the dying ReLU problem?", "A",
                     choices=["a large negative bias", "a small learning rate", "tanh outputs", "softmax"])
EXPLAINS_IT = _question("tf-zero", "tf", "ReLU's gradient is 0 for negative inputs.", True,
                        explanation="So a unit whose inputs stay negative is dead: it never recovers.")
UNRELATED = _question("tf-range", "tf", "tanh is zero-centred.", True)


def test_a_fill_named_in_an_earlier_prompt_moves_before_it() -> None:
    ordered = fills_first([UNRELATED, NAMES_IT, FILL])
    assert [q.id for q in ordered] == ["tf-range", "fill-dying", "mc-cause"]


def test_an_explanation_shown_after_answering_counts_too() -> None:
    ordered = fills_first([EXPLAINS_IT, UNRELATED, FILL])
    assert [q.id for q in ordered] == ["fill-dying", "tf-zero", "tf-range"]


def test_nothing_moves_when_no_question_gives_a_fill_away() -> None:
    assert [q.id for q in fills_first([NAMES_IT, UNRELATED])] == ["mc-cause", "tf-range"]
    assert [q.id for q in fills_first([FILL, NAMES_IT])] == ["fill-dying", "mc-cause"]


def test_answers_are_found_as_whole_words_only() -> None:
    number = _question("fill-one", "fill", "The maximum of tanh'(x) is ____.", "1")
    shows_ten = _question("mc-ten", "mc", "Which of 10, 20 is larger?", "B", choices=["10", "20"])
    assert [q.id for q in fills_first([shows_ten, number])] == ["mc-ten", "fill-one"]


def test_the_bundled_bank_gives_no_fill_away_in_a_seeded_quiz(bundled_bank: Bank) -> None:
    from ch3quiz.quiz.selection import _reveals

    for seed in range(8):
        asked = select_questions(bundled_bank, Selection(count=20, seed=seed), {})
        shown: dict = {}
        revealed = [q.id for i, q in enumerate(asked) if q.type == "fill"
                    and any(_reveals(p, q, shown) and not _reveals(q, p, shown) for p in asked[:i])]
        assert revealed == [], f"seed {seed}: {revealed}"


def test_the_same_seed_still_gives_the_same_quiz(bundled_bank: Bank) -> None:
    first = select_questions(bundled_bank, Selection(count=20, seed=3), {})
    again = select_questions(bundled_bank, Selection(count=20, seed=3), {})
    assert [q.id for q in first] == [q.id for q in again]


def test_a_session_of_thousands_of_fills_is_ordered_with_bounded_work(monkeypatch) -> None:
    # 4,000 fills, each explanation naming the next one's answer, took 36 s; 100,000 never ended.
    import ch3quiz.quiz.selection as selection

    calls = 0
    reveals = selection._reveals

    def counted(question: Question, fill: Question, shown: dict) -> bool:
        nonlocal calls
        calls += 1
        return reveals(question, fill, shown)

    monkeypatch.setattr(selection, "_reveals", counted)
    fills = [_question(f"f-{i}", "fill", f"Blank {i}: ____.", f"w{i}x", f"The next one is w{i + 1}x.")
             for i in range(4000)]
    ordered = fills_first(fills)
    window = selection.REORDER_WINDOW
    assert calls <= selection._REORDER_PASSES * window * window
    assert sorted(q.id for q in ordered) == sorted(q.id for q in fills)
    assert ordered[window:] == fills[window:]  # past the window: the seeded order, untouched
    assert ordered[0].id != "f-0"  # inside it, a fill named by an earlier explanation moved forward
