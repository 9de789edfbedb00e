"""The whole app on a board from a Phabricator configured unlike the demo: upstream's default priority
levels (Normal, Wishlist instead of Medium, Lowest) and sprint milestones with no date fields and no
cadence configured. The sync must succeed and every page must explain what it cannot show."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from lib.config import ROOT
from lib.store import schema as s
from lib.store.engine import make_engine
from lib.store.migrate import upgrade
from lib.sync.demo import DEMO_DIR, demo_settings
from lib.sync.pipeline import Transports, run_sync
from tests.test_pages import PAGES

# A Phorge server with its default configuration answered this (tests/data/conduit).
UPSTREAM_PRIORITIES = json.loads((Path(__file__).parent / "data" / "conduit" / "maniphest.priority.search.json")
                                 .read_text())["result"]["data"]

def upstream_board() -> dict:
    from lib.demo.dataset import load_dataset

    ds = copy.deepcopy(load_dataset(DEMO_DIR / "conduit"))
    ds["priorities"] = UPSTREAM_PRIORITIES
    for task in ds["tasks"]:
        for x in task["xactions"]:
            if x["type"] == "priority" and x.get("new") == 10:
                x["new"] = 0  # Lowest does not exist here: Wishlist does
    for project in ds["projects"]:
        project["custom"] = {}
    ds["meta"]["sprint_cadence_start"] = None
    return ds


@pytest.fixture(scope="module")
def upstream_store(tmp_path_factory):
    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.wiki_fake import WikiFake

    url = f"sqlite:///{tmp_path_factory.mktemp('upstream') / 'store.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    ds = upstream_board()
    conduit, wiki = ConduitFake(ds), WikiFake.from_folder(DEMO_DIR / "wiki")
    settings = demo_settings(url, conduit.token, conduit.board_slug, meta=ds["meta"])
    result = run_sync(engine, settings, transports=Transports(conduit.transport(), wiki.transport()))
    assert result.outcome == "success", result.error
    yield engine, url
    engine.dispose()


def test_the_servers_own_levels_are_stored_and_used(upstream_store):
    engine, _ = upstream_store
    with engine.connect() as conn:
        levels = dict(conn.execute(select(s.priorities.c.name, s.priorities.c.keyword)).all())
        names = set(conn.execute(select(s.tasks.c.priority_name).distinct()).scalars())
        undated = conn.execute(select(s.projects.c.start_date).where(s.projects.c.milestone.is_not(None))).scalars().all()
    assert levels["Normal"] == "normal" and levels["Wishlist"] == "wish" and "Medium" not in levels
    assert "Medium" not in names and "Lowest" not in names
    assert undated and all(d is None for d in undated)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_copes_with_undated_sprints_and_other_priority_names(upstream_store, monkeypatch, page):
    _, url = upstream_store
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT", "EDITORS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception, (page, [e.value for e in at.exception])


def test_sprints_dated_only_in_their_milestones_names_get_those_days(tmp_path, monkeypatch):
    """No date fields and no cadence configured, but the team writes each sprint's days in its
    milestone's name ("CommTech-Sprint-69 (Nov 23 – Dec 6)", years left out): the sync dates the
    sprints from their names, and the capacity screen has sprints to show."""
    from datetime import date, timedelta

    from lib.demo.conduit_fake import ConduitFake
    from lib.demo.dataset import load_dataset
    from lib.demo.wiki_fake import WikiFake

    ds = upstream_board()
    cadence = date.fromisoformat(load_dataset(DEMO_DIR / "conduit")["meta"]["sprint_cadence_start"])
    expected = {}
    for project in ds["projects"]:
        if project.get("milestone"):
            start = cadence + timedelta(days=14 * (project["milestone"] - 1))
            end = start + timedelta(days=13)
            project["name"] += f" ({start:%b} {start.day} – {end:%b} {end.day})"
            expected[project["phid"]] = (start, end)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    conduit, wiki = ConduitFake(ds), WikiFake.from_folder(DEMO_DIR / "wiki")
    settings = demo_settings(url, conduit.token, conduit.board_slug, meta=ds["meta"])
    assert settings.sprint_cadence_start is None
    result = run_sync(engine, settings, transports=Transports(conduit.transport(), wiki.transport()))
    assert result.outcome == "success", result.error
    with engine.connect() as conn:
        stored = {phid: ((start, end), source) for phid, start, end, source in conn.execute(
            select(s.projects.c.phid, s.projects.c.start_date, s.projects.c.end_date, s.projects.c.dates_from)
            .where(s.projects.c.milestone.is_not(None)))}
    assert stored == {phid: (days, "name") for phid, days in expected.items()}
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "pages/capacity.py"), default_timeout=60).run()
    assert not at.exception and not [i for i in at.info if "No dated sprint milestones" in i.value]
    engine.dispose()
