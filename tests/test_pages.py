"""Every page runs in the real Streamlit runtime (AppTest) on the demo store without an exception."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from lib.config import ROOT
from lib.store.engine import make_engine
from lib.store.migrate import upgrade
from lib.sync.demo import build_demo_store
from tests.conftest import reset_postgres

PAGES = ["pages/roadmap.py", "pages/meeting.py", "pages/capacity.py", "pages/goals.py", "pages/executive.py",
         "pages/consultation.py", "pages/sync.py", "pages/team.py"]


def _demo_in(url: str) -> str:
    """Build the demo store at `url` (the real sync, from data/demo)."""
    engine = make_engine(url)
    upgrade(engine)
    result = build_demo_store(engine)
    assert result is not None and result.outcome == "success", result and result.error
    engine.dispose()
    return url


def _show(monkeypatch, url: str) -> str:
    """The app reads `url`, configured for no live sync and no login."""
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT", "EDITORS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    return url


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    return _demo_in(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")


@pytest.fixture
def on_demo_store(demo_store, monkeypatch):
    return _show(monkeypatch, demo_store)


@pytest.fixture(scope="module")
def postgresql_demo_store():
    """The demo in PostgreSQL (CI starts one): a team that outgrew SQLite sees every screen the same."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it)")
    reset_postgres(url)
    return _demo_in(url)


def test_app_runs_its_default_page(on_demo_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Roadmap"


def _page_runs(page: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} shows no title"
    assert not any(e.value.startswith("The store") for e in at.error)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_store(on_demo_store, page):
    _page_runs(page)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_postgresql_store(postgresql_demo_store, monkeypatch, page):
    """Page reads are SQL of their own (lib/store/*_reads.py): none may be SQLite's dialect only."""
    _show(monkeypatch, postgresql_demo_store)
    _page_runs(page)


def test_sync_page_explains_that_live_sync_is_not_configured(on_demo_store):
    at = AppTest.from_file(str(ROOT / "pages/sync.py"), default_timeout=60).run()
    assert not at.exception
    assert any("not configured" in i.value and "embedded demo data" in i.value for i in at.info)


def test_the_sync_page_names_the_wiki_login_never_its_password_and_refuses_half_of_one(on_demo_store, monkeypatch):
    for name, value in {"PHABRICATOR_URL": "https://phab.example.org", "PHABRICATOR_TOKEN": "api-" + "t" * 28,
                        "PHABRICATOR_PROJECT": "team", "WIKI_USERNAME": "Ann@sync",
                        "WIKI_PASSWORD": "pw-never-shown"}.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "pages/sync.py"), default_timeout=60).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    shown = " ".join(str(e.value) for kind in (at.markdown, at.info, at.warning, at.caption) for e in kind)
    assert "read as `Ann@sync` (bot password set)" in shown and "pw-never-shown" not in shown
    monkeypatch.delenv("WIKI_PASSWORD")
    at = AppTest.from_file(str(ROOT / "pages/sync.py"), default_timeout=60).run()
    (said,) = [e.value for e in at.error]
    assert said.startswith("Sync cannot run: WIKI\\_USERNAME is set but WIKI\\_PASSWORD is not")
    assert not at.button  # no run on a half login: it would read the wiki as the public, silently


def test_the_sync_page_lists_a_failed_run_beside_good_ones(tmp_path, monkeypatch):
    """A failed run stores no counts (NULL): the runs table must still show, with the failure's reason."""
    from datetime import datetime

    from sqlalchemy import insert

    from lib.store import schema as s

    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(s.sync_runs), [
            {"kind": "full", "started_at": datetime(2026, 11, 23, 6), "finished_at": datetime(2026, 11, 23, 6, 1),
             "outcome": "success", "requests": 12, "counts": '{"tasks": 350, "wiki_changed": ["team"]}', "error": None},
            {"kind": "incremental", "started_at": datetime(2026, 11, 24, 6), "finished_at": datetime(2026, 11, 24, 6),
             "outcome": "failed", "requests": 1, "counts": None, "error": "Phabricator did not answer"}])
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(str(ROOT / "pages/sync.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    runs = next(d.value for d in at.dataframe if "outcome" in d.value.columns)
    assert runs.set_index("outcome").loc["success", "counts"] == "tasks: 350"
    assert runs.set_index("outcome").loc["failed", "error"] == "Phabricator did not answer"
    # synced by a schedule, not by this app (no Phabricator settings here): no claim of demo data
    (note,) = [i.value for i in at.info if "not configured" in i.value]
    assert "demo data" not in note and "syncs run elsewhere" in note


def test_counts_of_a_run_read_as_one_line_whatever_was_stored():
    from lib.store.reads import counts_text

    assert counts_text('{"tasks": 3, "wiki_changed": ["goals"], "tasks_left": 1}') == "tasks: 3, tasks left: 1"
    assert [counts_text(v) for v in (None, float("nan"), "", "[1]", "not json")] == ["", "", "", "[1]", "not json"]


def test_pages_explain_an_empty_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page == "pages/sync.py":
            assert any("holds no data yet" in i.value and "demo data" not in i.value.split("(")[0] for i in at.info)


def test_a_store_an_older_version_made_is_upgraded_when_the_app_opens_it(tmp_path, monkeypatch):
    """The app restarted after an update, without `make run`: the store is still at an older schema
    (statuses without `special`, no meeting rituals). Every page opens it and shows no error, and
    the store is at the latest schema afterwards."""
    from lib.store.migrate import current_revision

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0006")
    monkeypatch.setenv("DATABASE_URL", url)
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
    head = make_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    upgrade(head)
    assert current_revision(engine) == current_revision(head) != "0006"


def test_a_store_a_newer_version_made_is_named_not_shown_as_a_crash(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'newer.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "pages/roadmap.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    (shown,) = at.error
    assert "python -m lib.store.migrate" in shown.value and "newer version" in shown.value


def test_an_unexpected_error_shows_no_traceback_on_the_shared_screen(tmp_path):
    """.streamlit/config.toml (read from the working directory, the repo's root under `make test`)
    hides an uncaught error's message and traceback; they go to the server's log only."""
    script = tmp_path / "broken_page.py"
    script.write_text('import streamlit as st\nst.title("A page with a bug")\n'
                      'raise RuntimeError("token api-0123456789abcdefghijklmnopqr leaked")\n')
    at = AppTest.from_file(str(script), default_timeout=30).run()
    (shown,) = at.exception
    assert "api-0123" not in shown.message and "RuntimeError" not in shown.message
    assert not shown.stack_trace


def _shown_text(at: AppTest) -> str:
    """What a page shows in words: its tables' cells and its text elements."""
    parts = [d.value.to_csv() for d in at.dataframe]
    for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning", "success"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def test_a_sync_run_elsewhere_shows_on_every_screen_at_once(demo_store, tmp_path, monkeypatch):
    """A run from the command line or a schedule: every screen shows its data on the next view, not
    when a five- or ten-minute cache runs out (the consultation screen kept the demo's plan). One goal
    of each quarter is reworded, whichever quarter a screen opens on."""
    import sqlite3
    from datetime import timedelta

    from sqlalchemy import func, insert, select, update

    from lib.store import schema as s

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with sqlite3.connect(demo_store.removeprefix("sqlite:///")) as source, sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
        source.backup(copy)
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    with engine.connect() as conn:
        owner = conn.execute(select(s.tasks.c.owner_phid).where(s.tasks.c.sprint_phid.is_not(None),
                                                                 s.tasks.c.owner_phid.is_not(None))
                             .group_by(s.tasks.c.owner_phid).order_by(s.tasks.c.owner_phid)).scalars().first()
        goal_keys = conn.execute(select(func.min(s.goals.c.goal_key)).group_by(s.goals.c.quarter)).scalars().all()
        step = conn.execute(select(func.min(s.consultation_steps.c.position))).scalar()
    renamed = {"pages/capacity.py": "Renamed Person", "pages/goals.py": "A goal reworded on the wiki",
               "pages/executive.py": "A goal reworded on the wiki", "pages/consultation.py": "A step renamed on the wiki"}
    for page in renamed:  # seen once: the caches hold the data as it was
        at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
        assert not at.exception and "Renamed" not in _shown_text(at) and "reworded" not in _shown_text(at)
    with engine.begin() as conn:  # what a run from cron writes
        conn.execute(update(s.team_members).where(s.team_members.c.user_phid == owner).values(name="Renamed Person"))
        conn.execute(update(s.goals).where(s.goals.c.goal_key.in_(goal_keys)).values(title="A goal reworded on the wiki"))
        conn.execute(update(s.consultation_steps).where(s.consultation_steps.c.position == step)
                     .values(activity="A step renamed on the wiki"))
        last = conn.execute(select(s.sync_runs.c.finished_at).order_by(s.sync_runs.c.id.desc())).scalar()
        conn.execute(insert(s.sync_runs).values(kind="incremental", started_at=last + timedelta(minutes=1),
                                                finished_at=last + timedelta(minutes=2), outcome="success",
                                                requests=5, started_by="cron"))
    engine.dispose()
    for page, text in renamed.items():
        at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert text in _shown_text(at), page


@pytest.mark.parametrize("setting, value", [("SPRINT_TIMEZONE", "Europe/Berln"), ("SPRINT_LENGTH_DAYS", "two weeks"),
                                            ("SPRINT_CADENCE_START", "next Monday"),
                                            ("PHABRICATOR_PROJECT", "https://phab.example.org/project/view/12/")])
def test_a_malformed_setting_only_the_sync_reads_is_said_and_the_screens_still_show_the_data(
        on_demo_store, monkeypatch, setting, value):
    """It hid every screen, the Monday meeting's too, behind "Configuration problem"."""
    monkeypatch.setenv(setting, value)
    at = AppTest.from_file(str(ROOT / "pages/meeting.py"), default_timeout=60).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    (said,) = [w.value for w in at.warning if w.value.startswith("Configuration problem")]
    assert setting.replace("_", "\\_") in said and "Syncs stop" in said
    assert at.dataframe  # the meeting's tables, from the last sync


def test_a_secrets_file_that_is_no_toml_still_stops_every_screen(tmp_path, monkeypatch, on_demo_store):
    """Who may edit is in it: the screens do not guess (open mode would let everyone edit)."""
    import lib.config

    broken = tmp_path / "secrets.toml"
    broken.write_text('editors = "ann@example.org\n')
    monkeypatch.setattr(lib.config, "SECRETS_PATH", broken)
    at = AppTest.from_file(str(ROOT / "pages/meeting.py"), default_timeout=60).run()
    assert [e.value for e in at.error if e.value.startswith("Configuration problem")]
    assert not at.dataframe
