"""Fitting FSRS to the student's own memory: the parameters that best predict their review history.

The fit is fsrs-rs's (the ``fsrs-rs-python`` wheel: Rust, no torch), imported here only. Reviews are
turned into FSRS training items as fsrs-rs expects: per card, each review with the card's history
before it, days counted between the student's local review days. The fit is judged on held-out
cards (one in five, chosen by a hash of the id, so the split is the same every run): the defaults
and the fitted parameters each predict those cards' reviews, and the fitted ones are kept only if
they predict better. Kept parameters live in the store's settings; the scheduler and the exam plan
read them from there (review/scheduler.py ``fsrs_scheduler``).
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime

from ch3quiz.errors import Ch3quizError, StoreError
from ch3quiz.review.cardlog import stored_moment
from ch3quiz.review.scheduler import PARAMETERS_SETTING, fsrs_scheduler, local_day
from ch3quiz.review.store import Store

MIN_REVIEWS = 200  # reviews a day or more after the card's previous one; fewer, and the fit is noise
HELD_OUT = 5  # one card in five is kept out of the fit to judge it


@dataclass(frozen=True, kw_only=True)
class Fit:
    """How well a set of parameters predicts the held-out reviews (lower is better)."""

    log_loss: float
    rmse: float


@dataclass(frozen=True, kw_only=True)
class Optimized:
    reviews: int  # training items: reviews with at least one earlier day in their card's history
    held_out: int
    before: Fit  # the parameters in use until now
    after: Fit  # the fitted ones
    kept: bool  # stored, because they predict the held-out reviews better
    parameters: list[float]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _histories(store: Store) -> dict[str, list[tuple[int, datetime]]]:
    """question id -> (rating, moment) of every review, oldest first."""
    histories: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
    for qid, log_json in store.review_logs_json():
        try:
            log = json.loads(log_json)
            rating = int(log["rating"])
        except (ValueError, TypeError, KeyError):  # a hand edit or a foreign row: exit 70 (JSONDecodeError)
            raise StoreError(f"the progress database is damaged: a review log of {qid} cannot be read;"
                             " it was left as it is / 进度数据库中有无法读取的复习记录") from None
        histories[qid].append((rating, stored_moment(log["review_datetime"], f"a review time of {qid}")))
    return histories


def _items(rs, history: list[tuple[int, datetime]]) -> list:
    """fsrs-rs training items of one card: each review with everything before it."""
    reviews, previous = [], None
    for rating, moment in history:
        day = local_day(moment)
        reviews.append(rs.FSRSReview(rating, 0 if previous is None else (day - previous).days))
        previous = day
    items = [rs.FSRSItem(reviews[: end + 1]) for end in range(1, len(reviews))]
    return [item for item in items if item.long_term_review_cnt() > 0]


def _held_out(question_id: str) -> bool:
    return zlib.crc32(question_id.encode("utf-8")) % HELD_OUT == 0


def _load_fsrs_rs():
    try:
        import fsrs_rs_python  # heavy and optional: a Rust wheel only this command needs
    except ImportError:
        raise Ch3quizError("optimize needs the fsrs-rs-python package: pip install fsrs-rs-python") from None
    return fsrs_rs_python


def training_items(store: Store) -> tuple[list, list]:
    """(fit items, held-out items) from the student's reviews."""
    rs = _load_fsrs_rs()
    fit, held = [], []
    for qid, history in _histories(store).items():
        (held if _held_out(qid) else fit).extend(_items(rs, history))
    return fit, held


def optimize(store: Store) -> Optimized:
    """Fit FSRS to the student's reviews; store the parameters if they predict held-out reviews better.
    Raises Ch3quizError when there are too few reviews (saying how many there are)."""
    rs = _load_fsrs_rs()
    fit, held = training_items(store)
    total = len(fit) + len(held)
    if total < MIN_REVIEWS:
        raise Ch3quizError(f"not enough reviews to fit your own memory model yet: {total} of the {MIN_REVIEWS} needed "
                           "(reviews a day or more after the card's previous one) / 复习记录不足，暂无法拟合")
    if not fit or not held:  # one card in five is held out: with very few cards one side can be empty
        raise Ch3quizError(f"your {total} reviews are on too few cards to hold one in {HELD_OUT} out and judge the fit; "
                           "review more cards first / 复习的卡片太少，无法检验拟合")
    current = _current_parameters(store, rs)
    fitted = [float(w) for w in rs.FSRS(current).compute_parameters(fit)]
    before, after = _fit(rs, current, held), _fit(rs, fitted, held)
    kept = after.log_loss < before.log_loss
    if kept:
        everything = [float(w) for w in rs.FSRS(current).compute_parameters(fit + held)]
        _check_usable(everything)
        store.save_setting(PARAMETERS_SETTING, {"parameters": everything, "reviews": total})
        fitted = everything
    return Optimized(reviews=total, held_out=len(held), before=before, after=after, kept=kept, parameters=fitted)


def reset(store: Store) -> bool:
    """Go back to the default parameters; whether fitted ones were in use."""
    try:
        had = store.setting(PARAMETERS_SETTING) is not None
    except ValueError:  # damaged, and about to go: resetting is how it is repaired
        had = True
    store.save_setting(PARAMETERS_SETTING, None)
    return had


def _current_parameters(store: Store, rs) -> list[float]:
    """The parameters in use: the stored fit (checked as the scheduler checks it), else the defaults."""
    scheduler = fsrs_scheduler(store)  # StoreError, with the way out, when the stored fit is damaged
    return list(scheduler.parameters) if store.setting(PARAMETERS_SETTING) else list(rs.DEFAULT_PARAMETERS)


def _fit(rs, parameters: list[float], items: list) -> Fit:
    evaluation = rs.FSRS(parameters).evaluate(items)
    return Fit(log_loss=round(evaluation.log_loss, 4), rmse=round(evaluation.rmse_bins, 4))


def _check_usable(parameters: list[float]) -> None:
    import fsrs

    try:
        fsrs.Scheduler(parameters=parameters)
    except ValueError as exc:
        raise StoreError(f"the fitted parameters are outside what py-fsrs accepts ({exc}); kept the old ones") from None
