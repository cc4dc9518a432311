"""Small explicit caches: bounded, least recently used first out, never attributes patched onto objects."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """At most ``size`` values by key; the least recently used is dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        value = self._entries[key] = make()
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)


class PerObject(Generic[V]):
    """A value computed once per live object (by identity), bounded. It holds the object too, so an id is
    never reused for another object while its entry is cached."""

    def __init__(self, size: int) -> None:
        self._cache: BoundedCache[int, tuple[object, V]] = BoundedCache(size)

    def get(self, owner: object, make: Callable[[], V]) -> V:
        # The entry holds its owner, so while it is cached no other object can have that id.
        _, value = self._cache.get(id(owner), lambda: (owner, make()))
        return value
