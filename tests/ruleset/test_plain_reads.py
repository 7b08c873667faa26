"""server/ruleset/plain.py: the server's pydantic models read their fields through CPython's
generic attribute lookup, not pydantic's `__getattr__` hook, and behave exactly as before."""

from __future__ import annotations

import ctypes
import importlib
import os
import pkgutil
import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, PrivateAttr

import server
from server.engine.state import GameState, Hand
from server.ruleset import plain
from server.ruleset.plain import PlainReads

HOOKED = {"server.settings.Settings"}
"""Models left with pydantic's hook: pydantic-settings' base (not ours) reads extra fields."""


def _getattro(cls: type) -> int | None:
    """The address in `cls`'s `tp_getattro` slot (at the offset found by the module, checked
    against two classes whose slots are known below)."""
    assert plain._SLOT is not None, "the slot was not found on CPython"
    offset = plain._SLOT[0]
    return ctypes.c_void_p.from_address(id(cls) + offset).value


GENERIC = ctypes.cast(ctypes.pythonapi.PyObject_GenericGetAttr, ctypes.c_void_p).value


def test_the_slot_found_is_tp_getattro() -> None:
    class Hooked:
        def __getattr__(self, name: str) -> Any:
            raise AttributeError(name)

    assert _getattro(object) == GENERIC  # object's own slot: the generic lookup
    assert _getattro(type("Plain", (), {})) == GENERIC
    assert _getattro(Hooked) not in (GENERIC, None)
    assert _getattro(BaseModel) == _getattro(Hooked)  # pydantic's base keeps its hook


def _models() -> list[type[BaseModel]]:
    """Every pydantic model the server defines (all its modules imported)."""
    for found in pkgutil.walk_packages(server.__path__, "server."):
        importlib.import_module(found.name)
    todo, seen = list(BaseModel.__subclasses__()), set()
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo += cls.__subclasses__()
    return [cls for cls in seen if cls.__module__.startswith("server.")]


def test_every_model_of_the_server_reads_plainly() -> None:
    models = _models()
    assert len(models) > 100
    hooked = {f"{c.__module__}.{c.__qualname__}" for c in models if _getattro(c) != GENERIC}
    assert hooked == HOOKED
    assert all(issubclass(c, PlainReads) for c in models if _getattro(c) == GENERIC)


def test_a_model_reads_as_before() -> None:
    hand = Hand(cards=("tariff",))
    assert hand.cards == ("tariff",)
    assert hand.model_copy(update={"deck": ("chips",)}).deck == ("chips",)
    with pytest.raises(AttributeError, match="'Hand' object has no attribute 'nope'"):
        _ = hand.nope  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        getattr(GameState, "nope")  # noqa: B009
    assert getattr(hand, "nope", 7) == 7
    assert not hasattr(hand, "nope")
    assert hand.model_fields_set == {"cards"}  # a class attribute, read through the instance


class _Private(PlainReads, BaseModel):
    x: int = 1
    _kept: int = PrivateAttr(default=5)


class _Extra(PlainReads, BaseModel):
    model_config = ConfigDict(extra="allow")


class _Own(PlainReads, BaseModel):
    def __getattr__(self, name: str) -> Any:
        return f"asked {name}"


def test_models_that_need_the_hook_keep_it() -> None:
    for cls in (_Private, _Extra, _Own):
        assert _getattro(cls) == _getattro(BaseModel), cls
        assert not plain.plain_reads(cls)
    assert _Private()._kept == 5
    assert _Extra(more=3).more == 3  # type: ignore[attr-defined]
    assert _Own().anything == "asked anything"


def test_a_subclass_of_a_plain_model_is_plain_too() -> None:
    class Bigger(Hand):
        extra_field: int = 0

    assert _getattro(Bigger) == GENERIC
    assert Bigger(extra_field=3).extra_field == 3


def test_switched_off_nothing_is_changed() -> None:
    code = (
        "import ctypes; from server.ruleset import plain; from server.engine.state import Hand;"
        "from pydantic import BaseModel;"
        "print(plain._SLOT, plain.plain_reads(Hand))"
    )
    env = {**os.environ, plain.SWITCH: "0"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["None", "False"]
