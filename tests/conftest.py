"""Shared fixtures.

- `engine`: a fresh SQLite file store in a temp dir, migrated to head.
- `any_engine`: the same on SQLite and, when TEST_DATABASE_URL is set (CI starts a PostgreSQL),
  on PostgreSQL too; store and sync tests use it so both backends stay honest.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from lib.store.engine import make_engine
from lib.store.migrate import upgrade

import importlib.util

# The loopback Conduit and MediaWiki servers (fixtures conduit_server, wiki_server, ...).
pytest_plugins = ["tests.fakes.fixtures"] if importlib.util.find_spec("tests.fakes.fixtures") else []

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def engine(store_url):
    eng = make_engine(store_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def reset_postgres(url: str) -> None:
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=BACKENDS)
def any_store_url(request, store_url):
    if request.param == "sqlite":
        return store_url
    url = os.environ["TEST_DATABASE_URL"]
    reset_postgres(url)
    return url


@pytest.fixture
def any_engine(any_store_url):
    eng = make_engine(any_store_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def click_download(monkeypatch):
    """`click_download(button) -> bytes`: what a click on an AppTest download button serves: the file
    stored with the page, or, for a big table, the CSV made on click (a deferred callable), run as
    Streamlit does. AppTest drops its media store after each run, so keep a handle on it."""
    import streamlit.testing.v1.app_test as app_test_module

    managers = []

    class Recording(app_test_module.MediaFileManager):
        def __init__(self, storage):
            super().__init__(storage)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)

    def click(button) -> bytes:
        deferred = button.proto.deferred_file_id
        url = managers[-1].execute_deferred(deferred) if deferred else button.proto.url
        stored = managers[-1].read_file(url.rsplit("/", 1)[-1].split(".")[0])
        assert stored is not None, button.label
        return stored.content

    return click
