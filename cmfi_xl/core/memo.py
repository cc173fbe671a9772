"""A one-entry cache for values derived from a (frozen) book."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def remember_last(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """``fn(obj)`` for a pure ``fn``, computed once while the same object (by identity) is asked
    for again: ``check`` and the roll-up ask for the settings of one book several times in a
    row. The last object is held, so its id cannot be reused by another object meanwhile."""
    last: tuple[Any, Any] = (object(), None)

    @functools.wraps(fn)
    def wrapper(obj: Any) -> T:
        nonlocal last
        seen, value = last  # one tuple, swapped whole: a reader never sees half an update
        if seen is obj:
            return value  # type: ignore[no-any-return]
        value = fn(obj)
        last = (obj, value)
        return value

    return wrapper
