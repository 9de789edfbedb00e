"""Shared fixtures: a fresh store in a temp dir (SQLite file), migrated to head."""

from __future__ import annotations

import pytest

from lib.store.engine import make_engine
from lib.store.migrate import upgrade


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def engine(store_url):
    eng = make_engine(store_url)
    upgrade(eng)
    yield eng
    eng.dispose()
