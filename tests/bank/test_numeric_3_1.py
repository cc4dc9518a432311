"""3.1: every numeric answer recomputed."""


def test_numeric_answers_3_1(assert_numeric_answers):
    assert_numeric_answers("3.1", {})
