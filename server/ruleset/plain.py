"""`PlainReads`, a mixin of the server's pydantic models: their fields read as plain attributes.

pydantic's `BaseModel` defines `__getattr__` (for private attributes and extra fields), and a
class with a `__getattr__` anywhere in its hierarchy has every attribute read go through
CPython's `__getattr__` hook: it looks up `__getattribute__` and `__getattr__` on each read, and
it keeps Python 3.11's specialising interpreter and mypyc's compiled code from reading the field
straight out of the instance. The hook only matters when the ordinary lookup fails, which for a
model without private attributes or extra fields means the attribute does not exist.

So each model with the mixin that has neither is given CPython's generic attribute lookup in its
type's `tp_getattro` slot — what a class without `__getattr__` has — as pydantic finishes it.
A missing attribute still raises `AttributeError` (naming the model and the attribute).
Measured by `bench/counted.py` (docs/performance-recent.md, round ten): ~6% of the server's
instructions an action. The slot is found by comparing two fresh classes (not a hard-coded
offset) and written only where it holds the hook; on another interpreter, or if anything looks
unexpected, nothing is changed. BRINK_PLAIN_READS=0 turns it off (for A/B benches).

This module is in the ruleset because that is the lowest layer: every other one may import it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

from pydantic import BaseModel

SWITCH = "BRINK_PLAIN_READS"
ctypes.pythonapi.PyType_Modified.restype = None


def _slot() -> tuple[int, int, int] | None:
    """Return the byte offset of `tp_getattro` in a type object, the hook's address and the
    generic lookup's; None where they cannot be found with certainty."""
    if sys.implementation.name != "cpython" or os.environ.get(SWITCH, "1") == "0":
        return None

    class Hooked:
        def __getattr__(self, name: str) -> Any:
            raise AttributeError(name)

    class Unhooked:
        pass

    generic = ctypes.cast(ctypes.pythonapi.PyObject_GenericGetAttr, ctypes.c_void_p).value
    basic: int = type.__basicsize__  # type: ignore[assignment]
    words = basic // ctypes.sizeof(ctypes.c_void_p)
    hooked = (ctypes.c_void_p * words).from_address(id(Hooked))
    unhooked = (ctypes.c_void_p * words).from_address(id(Unhooked))
    found = [i for i in range(words) if unhooked[i] == generic and hooked[i] != generic]
    hook = hooked[found[0]] if len(found) == 1 else None
    if generic is None or hook is None:
        return None
    return found[0] * ctypes.sizeof(ctypes.c_void_p), hook, generic


_SLOT = _slot()


def plain_reads(cls: type[BaseModel]) -> bool:
    """Give `cls` the generic attribute lookup if it needs nothing of pydantic's `__getattr__`;
    return whether it has it now."""
    if _SLOT is None:
        return False
    offset, hook, generic = _SLOT
    if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
        return False
    if getattr(cls, "__getattr__", None) is not BaseModel.__getattr__:  # type: ignore[attr-defined]
        return False  # a __getattr__ of its own: kept
    if cls.__getattribute__ is not object.__getattribute__:
        return False
    slot = ctypes.c_void_p.from_address(id(cls) + offset)
    if slot.value == hook:
        slot.value = generic
        ctypes.pythonapi.PyType_Modified(ctypes.py_object(cls))
    return slot.value == generic


class PlainReads:
    """A mixin for pydantic models (`class M(PlainReads, BaseModel)`): their fields, and their
    subclasses', read as plain attributes."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)  # type: ignore[misc]
        if issubclass(cls, BaseModel):
            plain_reads(cls)
