"""Fixtures of the sync tests: a ModernGov site on 127.0.0.1, and a store holding the authority."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from moderngov_site import Site  # noqa: E402

from engine.store.importer import import_file  # noqa: E402
from engine.store.sqlite import Store  # noqa: E402

HERE = Path(__file__).parent


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "comply.db") as st:
        import_file(st, HERE / "authority.yaml", [])
        yield st
