"""A small seeded generator (SplitMix64), so chance never depends on global state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


class Rng:
    """Deterministic: the same seed gives the same numbers on every machine and Python."""

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK

    def next(self) -> int:
        """Return the next 64-bit number."""
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def below(self, limit: int) -> int:
        """Return a number in [0, limit)."""
        return self.next() % limit

    def shuffled(self, items: Sequence[T]) -> list[T]:
        """Return a Fisher–Yates shuffled copy of `items`."""
        result = list(items)
        for index in range(len(result) - 1, 0, -1):
            pick = self.below(index + 1)
            result[index], result[pick] = result[pick], result[index]
        return result

    def choice(self, items: Sequence[T]) -> T:
        """Return one of `items`."""
        return items[self.below(len(items))]
