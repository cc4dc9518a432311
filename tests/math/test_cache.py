"""The checker's caches are bounded and drop the least recently used entry first."""

from __future__ import annotations

from ch3quiz.math.meaning.cache import BoundedCache, PerObject


def test_a_bounded_cache_keeps_at_most_its_size_and_drops_the_least_recently_used():
    cache: BoundedCache[str, int] = BoundedCache(2)
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or len(made)

    assert cache.get("a", make("a")) == 1
    assert cache.get("b", make("b")) == 2
    assert cache.get("a", make("a")) == 1  # a hit: nothing made, "a" now the most recent
    assert cache.get("c", make("c")) == 3  # "b" is dropped
    assert len(cache) == 2 and made == ["a", "b", "c"]
    assert cache.get("b", make("b")) == 4 and made == ["a", "b", "c", "b"]


def test_a_per_object_value_is_made_once_per_object():
    cache: PerObject[int] = PerObject(8)
    first, second = object(), object()
    assert cache.get(first, lambda: 1) == 1
    assert cache.get(first, lambda: 2) == 1
    assert cache.get(second, lambda: 3) == 3
