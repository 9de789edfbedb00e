"""Pytest fixtures (a plugin module): fake Conduit and MediaWiki servers on 127.0.0.1, closed after
each test. Register with `pytest_plugins = ["tests.fakes.fixtures"]` in tests/conftest.py.

    def test_sync(conduit_server, wiki_server): ...            # the demo data behind real HTTP
    def test_x(make_conduit_server): server = make_conduit_server(my_fake, latency=0.01)
"""

from __future__ import annotations

from datetime import date

import pytest

from lib.config import ROOT
from tests.fakes.http_servers import ServerHandle, serve_conduit, serve_wiki

DEMO_DAY = date(2026, 11, 24)
DEMO_WIKI_DIR = ROOT / "data" / "demo" / "wiki"


def _server_factory(serve):
    """A fixture body: `make(fake, **options)` starts a server; all are closed after the test."""
    handles: list[ServerHandle] = []

    def make(fake, **options) -> ServerHandle:
        handle = serve(fake, **options)
        handles.append(handle)
        return handle

    yield make
    for handle in handles:
        handle.close()


@pytest.fixture
def make_conduit_server():
    """Factory: `make_conduit_server(fake, latency=0.0, hang_s=2.0)` -> a started ServerHandle."""
    yield from _server_factory(serve_conduit)


@pytest.fixture
def make_wiki_server():
    """Factory: `make_wiki_server(fake, latency=0.0, hang_s=2.0)` -> a started ServerHandle."""
    yield from _server_factory(serve_wiki)


@pytest.fixture
def conduit_server(make_conduit_server) -> ServerHandle:
    """The demo board (as of 2026-11-24) behind a Conduit server; `.fake` is the ConduitFake."""
    from lib.demo.conduit_fake import ConduitFake  # lazily: these modules land separately
    from lib.demo.dataset import demo_dataset

    return make_conduit_server(ConduitFake(demo_dataset(DEMO_DAY)))


@pytest.fixture
def wiki_server(make_wiki_server) -> ServerHandle:
    """The demo wiki pages (data/demo/wiki) behind a MediaWiki API server; `.url` is api.php."""
    from lib.demo.wiki_fake import WikiFake

    return make_wiki_server(WikiFake.from_folder(DEMO_WIKI_DIR))
