"""Every error of the hierarchy (engine/core/errors.py, and its subclasses elsewhere in engine/) comes back from
a worker process as it was raised: the same class, message and fields after a round trip through pickle (the
pipe of engine/operations/executors.py). FileError, whose constructor takes (path, where, problem), once came back
as a TypeError, so that an InputError found in a worker arrived as a bug (issue 13)."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
from engine.core import errors
from engine.operations.executors import WorkerCrashed
from engine.operations.runlock import RunLocked
from engine.store.importer import ImportError_

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)

#: how to make each error class from drawn values: (constructor arguments, the fields it must keep)
MAKERS: dict[type[errors.ComplyError], Any] = {
    errors.ComplyError: st.tuples(text).map(lambda a: (a, {})),
    errors.InputError: st.tuples(text).map(lambda a: (a, {})),
    errors.StoreError: st.tuples(text).map(lambda a: (a, {})),
    errors.StoreFailure: st.tuples(text).map(lambda a: (a, {})),
    errors.EngineError: st.tuples(text).map(lambda a: (a, {})),
    errors.LockError: st.tuples(text).map(lambda a: (a, {})),
    errors.SourceError: st.tuples(text).map(lambda a: (a, {})),
    RunLocked: st.tuples(text).map(lambda a: (a, {})),
    WorkerCrashed: st.tuples(text).map(lambda a: (a, {})),
    errors.FileError: st.tuples(st.one_of(text, text.map(Path)), text, text).map(
        lambda a: (a, {"path": str(a[0]), "where": a[1], "problem": a[2]})
    ),
    ImportError_: st.tuples(text, st.lists(text, max_size=12)).map(
        lambda a: (a, {"path": a[0], "where": "", "problems": a[1]})
    ),
}


def every_error_class() -> set[type[errors.ComplyError]]:
    """Every subclass of ComplyError defined in engine/ (every module imported first)."""
    for module in pkgutil.walk_packages(engine.__path__, "engine."):
        if ".bench" in module.name or module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found, todo = set(), [errors.ComplyError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return {cls for cls in found if cls.__module__.startswith("engine.")}


def test_every_error_class_of_engine_is_tried_here() -> None:
    missing = every_error_class() - set(MAKERS)
    assert not missing, f"add these to MAKERS (their constructors may differ): {sorted(c.__name__ for c in missing)}"


@pytest.mark.parametrize("cls", list(MAKERS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_an_error_round_trips_through_pickle_with_its_message_and_fields(cls, data) -> None:
    args, fields = data.draw(MAKERS[cls])
    error = cls(*args)
    error.add_note("a note travels too")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert str(back) == str(error) and back.args == error.args
    assert back.__notes__ == ["a note travels too"]
    for name, value in fields.items():
        assert getattr(back, name) == value, name
    assert vars(back) == vars(error)
    assert isinstance(back, errors.ComplyError)
