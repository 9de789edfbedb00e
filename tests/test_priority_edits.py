"""Priority edits: stored and audited at once, refused to viewers, pushed with maniphest.edit, kept
pending when a push fails, conflicts with a later sync surfaced, and concurrent editors losing nothing.

Pushes go through the real Conduit client and HttpClient; only the server end is a small recording
Conduit (httpx.MockTransport) answering with the recorded Phorge answers of the reference examples.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pandas as pd
import pytest
from sqlalchemy import select, update

from lib import priority_edits as pe
from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import roadmap_reads
from lib.store import schema as s
from lib.sync.conduit import Conduit
from lib.sync.http import HttpClient
from tests.test_roadmap import S2, seed_board

EXAMPLES = Path(__file__).parent / "data" / "conduit"  # recorded Phorge answers
JACK = Viewer("jack@example.org", EDITOR, False, open_mode=False)
KARO = Viewer("karolin@example.org", EDITOR, False, open_mode=False)
GUEST = Viewer("guest@example.org", VIEWER, False, open_mode=False)
T12, T13 = "PHID-TASK-12", "PHID-TASK-13"
TOKEN = "api-" + "a" * 28


def _answer(name: str, fallback: dict) -> dict:
    path = EXAMPLES / name
    return json.loads(path.read_text()) if path.exists() else fallback


EDIT_OK = _answer("maniphest.edit.priority.json", {
    "result": {"object": {"id": 5, "phid": "PHID-TASK-x"}, "transactions": [{"phid": "PHID-XACT-TASK-1"}]},
    "error_code": None, "error_info": None})
EDIT_BAD = _answer("maniphest.edit.badpriority.json", {
    "result": None, "error_code": "ERR-CONDUIT-CORE", "error_info": "Task priority is not valid."})
BAD_TOKEN = {"result": None, "error_code": "ERR-INVALID-AUTH", "error_info": "API token is not valid."}


def policy_refusal(task_id: int) -> dict:
    """Phorge's answer to an edit the task's edit policy refuses the token's account
    (PhabricatorPolicyFilter::rejectObject, an uncaught exception: ERR-CONDUIT-CORE)."""
    return {"result": None, "error_code": "ERR-CONDUIT-CORE",
            "error_info": f"[Access Denied: T{task_id}] (Can Edit) You do not have permission to edit this object. "
                          "// Administrators can take this action."}


class RecordingConduit:
    """The server end: records every call's method and params, answers what `answers` says next."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []   # every call but the pre-push reads
        self.searches: list[dict] = []            # maniphest.search reads of the tasks' live state
        self.live: dict[str, tuple[int, int]] = {}  # phid -> (priority value, dateModified) held remotely
        self.answers: list = []  # each: a dict to send as JSON, or an int HTTP status

    def handler(self, request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        form = parse_qs(request.content.decode())
        params = json.loads(form["params"][0])
        params.pop("__conduit__", None)
        if method == "maniphest.search":
            self.searches.append(params)
            data = [{"id": 0, "phid": phid, "fields": {"priority": {"value": value}, "dateModified": modified}}
                    for phid, (value, modified) in self.live.items() if phid in params["constraints"]["phids"]]
            return httpx.Response(200, json={"result": {"data": data, "cursor": {"after": None}},
                                             "error_code": None, "error_info": None})
        self.calls.append((method, params))
        answer = self.answers.pop(0) if self.answers else EDIT_OK
        if isinstance(answer, int):
            return httpx.Response(answer, text="server error")
        return httpx.Response(200, json=answer)

    def client(self) -> Conduit:
        http = HttpClient(contact="tests@example.org", transport=httpx.MockTransport(self.handler),
                          retries=0, sleep=lambda _s: None)
        return Conduit(http, "https://phab.example.org", TOKEN)


@pytest.fixture
def board(any_engine):
    seed_board(any_engine)
    return any_engine


@pytest.fixture
def server():
    return RecordingConduit()


def _edits(engine) -> pd.DataFrame:
    return roadmap_reads.priority_edits(engine)


def _audit(engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s.audit_log).order_by(s.audit_log.c.id)).mappings()]


def _sync_sets_remote(engine, phid: str, value: int, modified: datetime) -> None:
    """What a later sync does to the mirror when someone changed the task in Phabricator."""
    with engine.begin() as conn:
        conn.execute(update(s.tasks).where(s.tasks.c.phid == phid).values(priority_value=value,
                                                                         date_modified=modified))


# --- recording --------------------------------------------------------------------------------

def test_an_edit_is_stored_at_once_with_who_when_old_new_why_and_its_base(board):
    result = pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK, reason="site is down",
                            now=datetime(2026, 11, 24, 10))
    row = _edits(board).set_index("id").loc[result.edit_id]
    assert (row.old_value, row.new_value, row.actor, row.reason, row.state) == (80, 100, JACK.name, "site is down",
                                                                                 pe.PENDING)
    assert row["at"] == pd.Timestamp("2026-11-24 10:00")
    assert row.based_on_modified == pd.Timestamp("2026-11-20 12:00")  # the task's remote dateModified
    (entry,) = _audit(board)
    assert (entry["actor"], entry["entity_key"], entry["field"], entry["old_value"], entry["new_value"],
            entry["reason"]) == (JACK.name, T13, "priority", "80", "100", "site is down")


def test_a_viewer_cannot_edit_and_nothing_is_written(board):
    with pytest.raises(pe.EditRefused, match="editor role"):
        pe.record_edit(board, task_phid=T13, new_value=100, viewer=GUEST)
    assert _edits(board).empty and _audit(board) == []


def test_a_value_that_is_not_one_of_the_servers_levels_is_refused(board):
    with pytest.raises(pe.EditRefused, match="not one of the server's levels"):
        pe.record_edit(board, task_phid=T13, new_value=42, viewer=JACK)
    assert _edits(board).empty


# --- pushing ----------------------------------------------------------------------------------

def test_push_sends_the_keyword_and_a_comment_naming_who_and_why_and_records_success(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="blocks the release")
    (outcome,) = pe.push_pending(board, server.client(), KARO, now=datetime(2026, 11, 24, 11))
    (method, params), = server.calls
    assert method == "maniphest.edit"
    assert params["objectIdentifier"] == T12
    priority, comment = params["transactions"]
    assert priority == {"type": "priority", "value": "unbreak"}  # the server's keyword, never a number
    assert comment["type"] == "comment"
    assert JACK.name in comment["value"] and "blocks the release" in comment["value"]
    assert "High" in comment["value"] and "Unbreak Now!" in comment["value"]
    assert outcome.outcome == pe.PUSHED
    row = _edits(board).iloc[0]
    assert row.state == pe.PUSHED and row.pushed_at == pd.Timestamp("2026-11-24 11:00")
    assert "PHID-XACT-TASK" in row.push_result
    assert [a["field"] for a in _audit(board)] == ["priority", "priority push"]
    assert pe.pending_changes(board).empty


@pytest.mark.parametrize("answer, says", [(EDIT_BAD, "ERR-CONDUIT-CORE"), (500, "HTTP 500")])
def test_a_failing_push_keeps_the_change_pending_with_the_reason(board, server, answer, says):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    server.answers = [answer]
    (outcome,) = pe.push_pending(board, server.client(), JACK)
    assert outcome.outcome == pe.FAILED and says in outcome.message
    row = _edits(board).iloc[0]
    assert row.state == pe.PENDING and says in row.push_result and pd.isna(row.pushed_at)
    # the next push, once the server accepts it, goes through
    (again,) = pe.push_pending(board, server.client(), JACK)
    assert again.outcome == pe.PUSHED and _edits(board).iloc[0].state == pe.PUSHED
    assert len(server.calls) == 2


def test_a_refused_token_stops_the_run_and_keeps_everything_pending(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    pe.record_edit(board, task_phid=T13, new_value=50, viewer=JACK)
    server.answers = [BAD_TOKEN]
    outcomes = pe.push_pending(board, server.client(), JACK)
    assert [o.outcome for o in outcomes] == [pe.FAILED, "skipped"]
    assert len(server.calls) == 1
    assert set(_edits(board)["state"]) == {pe.PENDING}


def test_an_edit_policy_refusal_fails_that_task_only_and_says_what_to_check(board, server):
    """Phorge tokens carry no scopes: a refusal is the task's edit policy against the token's account, and
    an account that may edit nothing reads like one locked task among editable ones. Every task is tried,
    and the reason names what to check."""
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    pe.record_edit(board, task_phid=T13, new_value=50, viewer=JACK)
    server.answers = [policy_refusal(12)]  # T13's edit then goes through
    outcomes = {o.task_phid: o for o in pe.push_pending(board, server.client(), JACK)}
    assert len(server.calls) == 2
    assert outcomes[T13].outcome == pe.PUSHED
    refused = outcomes[T12]
    assert refused.outcome == pe.FAILED and refused.message.startswith("push failed at")
    assert "edit policy" in refused.message and "PHABRICATOR_TOKEN" in refused.message
    assert "You do not have permission to edit this object" in refused.message  # the server's own words
    row = _edits(board).set_index("task_phid").loc[T12]
    assert row.state == pe.PENDING and row.push_result == refused.message


def test_a_viewer_cannot_push(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    with pytest.raises(pe.EditRefused):
        pe.push_pending(board, server.client(), GUEST)
    assert server.calls == []


# --- conflicts with a later sync ---------------------------------------------------------------

def test_a_sync_that_changed_the_priority_meanwhile_surfaces_a_conflict_and_is_not_pushed(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="urgent")
    _sync_sets_remote(board, T12, 25, datetime(2026, 11, 24, 12))  # someone lowered it in Phabricator
    pending = pe.pending_changes(board)
    assert pending.set_index("task_phid").loc[T12, "conflict"]
    (outcome,) = pe.push_pending(board, server.client(), JACK)
    assert outcome.outcome == pe.CONFLICT and server.calls == []
    assert _edits(board).iloc[0].state == pe.PENDING  # never silently dropped


def test_keeping_mine_after_a_conflict_pushes_mine_over_theirs(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="urgent")
    _sync_sets_remote(board, T12, 25, datetime(2026, 11, 24, 12))
    assert pe.resolve_conflict(board, task_phid=T12, choice=pe.KEEP_MINE, viewer=KARO) == 100
    pending = pe.pending_changes(board)
    assert len(pending) == 1 and not pending["conflict"].any()
    assert (pending.iloc[0].old_value, pending.iloc[0].new_value) == (25, 100)
    pe.push_pending(board, server.client(), KARO)
    assert server.calls[0][1]["transactions"][0]["value"] == "unbreak"
    assert "urgent" in server.calls[0][1]["transactions"][1]["value"]


def test_taking_theirs_discards_the_local_change(board):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    _sync_sets_remote(board, T12, 25, datetime(2026, 11, 24, 12))
    assert pe.resolve_conflict(board, task_phid=T12, choice=pe.TAKE_THEIRS, viewer=JACK) == 25
    assert pe.pending_changes(board).empty
    assert list(_edits(board)["state"]) == [pe.DISCARDED]
    assert _audit(board)[-1]["field"] == "priority conflict"


@pytest.mark.parametrize("remote_value", [100, 80])
def test_no_conflict_when_phabricator_reached_our_value_or_only_other_fields_changed(board, remote_value):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    _sync_sets_remote(board, T12, remote_value, datetime(2026, 11, 24, 12))
    assert not pe.pending_changes(board)["conflict"].any()
    with pytest.raises(pe.EditRefused, match="no conflict"):
        pe.resolve_conflict(board, task_phid=T12, choice=pe.KEEP_MINE, viewer=JACK)


# --- two people at once ------------------------------------------------------------------------

def test_two_people_editing_the_same_task_at_once_lose_nothing(board, server):
    start = threading.Barrier(2)
    errors: list[Exception] = []

    def edit(viewer: Viewer, value: int, reason: str) -> None:
        start.wait()
        try:
            pe.record_edit(board, task_phid=T12, new_value=value, viewer=viewer, reason=reason, seen_value=80)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(JACK, 100, "outage")),
               threading.Thread(target=edit, args=(KARO, 25, "can wait"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    edits = _edits(board).sort_values("id")
    assert sorted(edits["actor"]) == sorted([JACK.name, KARO.name])
    # one chain: the first starts from Phabricator's value, the second from the first's
    assert edits.iloc[0].old_value == 80 and edits.iloc[1].old_value == edits.iloc[0].new_value
    assert [a["field"] for a in _audit(board)] == ["priority", "priority"]
    # one push carries the latest value and names both people and both reasons
    pe.push_pending(board, server.client(), JACK)
    (_, params), = server.calls
    comment = params["transactions"][1]["value"]
    assert all(x in comment for x in (JACK.name, KARO.name, "outage", "can wait"))
    last = int(edits.iloc[1].new_value)
    assert params["transactions"][0]["value"] == {100: "unbreak", 25: "low"}[last]
    assert set(_edits(board)["state"]) == {pe.PUSHED}


def test_an_editor_who_saw_a_stale_value_is_told_who_changed_it_meanwhile(board):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="outage")
    result = pe.record_edit(board, task_phid=T12, new_value=25, viewer=KARO, seen_value=80)
    assert result.old_value == 100 and result.overrode["actor"] == JACK.name
    assert len(pe.pending_changes(board)) == 2


def test_discarding_keeps_the_rows_and_audits(board):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    assert pe.discard_pending(board, task_phid=T12, viewer=KARO) == 1
    assert list(_edits(board)["state"]) == [pe.DISCARDED]
    assert _audit(board)[-1]["actor"] == KARO.name


# --- sprint goals -----------------------------------------------------------------------------

def test_sprint_goals_are_saved_ranked_and_audited(board):
    typed = pd.DataFrame({"rank": [2, 1], "goal": ["Ship multiblocks", "Edit recovery on all wikis"],
                          "epic_phid": [None, "PHID-TASK-10"]})
    pe.save_sprint_goals(board, sprint_phid=S2, rows=typed, viewer=JACK, seen=roadmap_reads.sprint_goals(board, S2))
    goals = roadmap_reads.sprint_goals(board, S2)
    assert list(goals["goal"]) == ["Edit recovery on all wikis", "Ship multiblocks"]
    assert goals.iloc[0].epic_id == 10
    assert _audit(board)[-1]["field"] == "goals"


def test_a_goals_save_over_someone_elses_is_refused_and_writes_nothing(board):
    seen = roadmap_reads.sprint_goals(board, S2)
    pe.save_sprint_goals(board, sprint_phid=S2, rows=pd.DataFrame({"goal": ["theirs"]}), viewer=KARO, seen=seen)
    with pytest.raises(pe.EditRefused, match="meanwhile"):
        pe.save_sprint_goals(board, sprint_phid=S2, rows=pd.DataFrame({"goal": ["mine"]}), viewer=JACK, seen=seen)
    assert list(roadmap_reads.sprint_goals(board, S2)["goal"]) == ["theirs"]


def test_goals_given_one_rank_are_refused_and_writes_nothing(board):
    typed = pd.DataFrame({"rank": [1, 1], "goal": ["ship", "scope"]})
    with pytest.raises(pe.EditRefused, match=r"^Rows 1 and 2 both have rank 1\. Give each goal its own rank\.$"):
        pe.save_sprint_goals(board, sprint_phid=S2, rows=typed, viewer=JACK, seen=roadmap_reads.sprint_goals(board, S2))
    assert roadmap_reads.sprint_goals(board, S2).empty and not _audit(board)


def test_a_goals_save_says_whether_it_changed_anything_and_which_blank_rows_it_left_out(board):
    typed = pd.DataFrame({"rank": [1, None], "goal": ["ship", None]})
    first = pe.save_sprint_goals(board, sprint_phid=S2, rows=typed, viewer=JACK, seen=roadmap_reads.sprint_goals(board, S2))
    assert first.changed and first.left_out == "Row 2 has no goal text (a goal is required): left out."
    again = pe.save_sprint_goals(board, sprint_phid=S2, rows=typed, viewer=JACK, seen=roadmap_reads.sprint_goals(board, S2))
    assert not again.changed and again.left_out == first.left_out
    assert list(roadmap_reads.sprint_goals(board, S2)["goal"]) == ["ship"] and len(_audit(board)) == 1


def test_a_viewer_cannot_change_goals(board):
    with pytest.raises(pe.EditRefused):
        pe.save_sprint_goals(board, sprint_phid=S2, rows=pd.DataFrame({"goal": ["x"]}), viewer=GUEST)
    assert roadmap_reads.sprint_goals(board, S2).empty


# --- against the fake Phabricator, over real HTTP ----------------------------------------------

def _fake_settings(store_url: str, conduit_server, wiki_server, token: str):
    from lib.config import load_settings

    return load_settings(env={
        "DATABASE_URL": store_url, "PHABRICATOR_URL": conduit_server.base_url, "PHABRICATOR_TOKEN": token,
        "PHABRICATOR_PROJECT": conduit_server.fake.board_slug, "WIKI_API_URL": wiki_server.url,
    }, secrets_path=Path("/nonexistent"))


@pytest.fixture
def synced(engine, store_url, request):
    """The demo board synced from the fake Conduit server (skipped until tests/fakes lands)."""
    if not importlib.util.find_spec("tests.fakes.fixtures"):
        pytest.skip("the fake Conduit server (tests/fakes/fixtures.py) is not there yet")
    conduit_server = request.getfixturevalue("conduit_server")
    wiki_server = request.getfixturevalue("wiki_server")
    settings = _fake_settings(store_url, conduit_server, wiki_server, conduit_server.fake.token)
    from lib.sync.pipeline import run_sync

    assert run_sync(engine, settings).outcome == "success"
    return engine, settings, conduit_server, wiki_server


def _open_task_below_unbreak(engine) -> tuple[str, int]:
    with engine.connect() as conn:
        row = conn.execute(select(s.tasks.c.phid, s.tasks.c.id).where(s.tasks.c.is_closed.is_(False),
                                                                      s.tasks.c.priority_value < 80)
                           .order_by(s.tasks.c.id).limit(1)).one()
    return row.phid, row.id


def _edits_sent(fake) -> list[dict]:
    return [params for method, params in fake.request_log if method == "maniphest.edit"]


def test_a_push_to_the_fake_server_sends_maniphest_edit_and_the_next_sync_agrees(synced):
    from lib.sync.pipeline import run_sync

    engine, settings, server, _ = synced
    phid, task_id = _open_task_below_unbreak(engine)
    pe.record_edit(engine, task_phid=phid, new_value=80, viewer=JACK, reason="agreed on Monday")
    conduit = Conduit.from_settings(settings)
    (outcome,) = pe.push_pending(engine, conduit, JACK)
    conduit.http.close()
    assert outcome.outcome == pe.PUSHED, outcome.message
    (sent,) = _edits_sent(server.fake)
    assert sent["objectIdentifier"] == phid
    assert sent["transactions"][0] == {"type": "priority", "value": "high"}
    assert "agreed on Monday" in sent["transactions"][1]["value"]
    assert run_sync(engine, settings, full=True).outcome == "success"
    with engine.connect() as conn:
        assert conn.execute(select(s.tasks.c.priority_value).where(s.tasks.c.phid == phid)).scalar() == 80
    assert pe.pending_changes(engine).empty
    assert _edits(engine).iloc[0].state == pe.PUSHED


def test_a_push_with_a_read_only_token_stays_pending(synced, store_url):
    engine, _, server, wiki = synced
    phid, _ = _open_task_below_unbreak(engine)
    pe.record_edit(engine, task_phid=phid, new_value=80, viewer=JACK)
    settings = _fake_settings(store_url, server, wiki, server.fake.read_only_token)
    conduit = Conduit.from_settings(settings)
    (outcome,) = pe.push_pending(engine, conduit, JACK)
    conduit.http.close()
    assert outcome.outcome == pe.FAILED and "permission" in outcome.message and "edit policy" in outcome.message
    row = _edits(engine).iloc[0]
    assert row.state == pe.PENDING and "permission" in row.push_result


def test_someone_changing_the_task_in_phabricator_shows_as_a_conflict_after_the_sync(synced):
    from lib.sync.pipeline import run_sync

    engine, settings, server, _ = synced
    phid, _ = _open_task_below_unbreak(engine)
    pe.record_edit(engine, task_phid=phid, new_value=80, viewer=JACK)
    other = Conduit.from_settings(settings)  # another person, straight in Phabricator
    other.call("maniphest.edit", {"objectIdentifier": phid, "transactions": [{"type": "priority", "value": "unbreak"}]},
               idempotent=False)
    other.http.close()
    assert run_sync(engine, settings, full=True).outcome == "success"
    pending = pe.pending_changes(engine)
    assert bool(pending.set_index("task_phid").loc[phid, "conflict"])
    assert pending.iloc[0].remote_value == 100


def test_a_push_never_overwrites_a_change_made_in_phabricator_after_the_last_sync(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="blocks the release")
    stored = _edits(board).iloc[0]
    later = int(pd.Timestamp(stored.remote_modified).timestamp()) + 3600
    server.live[T12] = (25, later)  # someone lowered it in Phabricator; no sync has seen it yet
    (outcome,) = pe.push_pending(board, server.client(), JACK)
    assert outcome.outcome == pe.CONFLICT and "after the last sync" in outcome.message
    assert server.calls == []  # no maniphest.edit was sent
    assert server.searches and server.searches[0]["constraints"]["phids"] == [T12]
    assert _edits(board).iloc[0].state == pe.PENDING


def test_a_push_goes_ahead_when_phabricator_still_holds_what_the_store_saw(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    stored = _edits(board).iloc[0]
    server.live[T12] = (int(stored.remote_value), int(pd.Timestamp(stored.remote_modified).timestamp()))
    (outcome,) = pe.push_pending(board, server.client(), JACK)
    assert outcome.outcome == pe.PUSHED and len(server.calls) == 1


def test_two_editors_pushing_at_the_same_moment_post_one_comment(synced):
    """Both read the pending change; the database lets one claim it; the other is told and sends nothing."""
    engine, settings, server, _ = synced
    phid, _ = _open_task_below_unbreak(engine)
    pe.record_edit(engine, task_phid=phid, new_value=80, viewer=JACK, reason="agreed on Monday")
    server.latency = 0.3  # both pushes are reading the task's live state at the same time
    start, outcomes = threading.Barrier(2), {}

    def push(viewer):
        conduit = Conduit.from_settings(settings)
        start.wait()
        outcomes[viewer.name] = pe.push_pending(engine, conduit, viewer)
        conduit.http.close()

    workers = [threading.Thread(target=push, args=(v,)) for v in (JACK, KARO)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert len(_edits_sent(server.fake)) == 1
    assert sorted(o.outcome for (o,) in outcomes.values()) == [pe.PUSHED, pe.SKIPPED]
    (skipped,) = [o for (o,) in outcomes.values() if o.outcome == pe.SKIPPED]
    assert "another editor's push" in skipped.message
    assert _edits(engine).iloc[0].state == pe.PUSHED


@pytest.mark.parametrize("claimed_minutes_ago, pushed", [(1, False), (60, True)])
def test_a_push_left_unfinished_is_taken_over_only_once_it_is_stale(board, server, claimed_minutes_ago, pushed):
    from datetime import timedelta

    now = datetime(2026, 11, 24, 11)
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    with board.begin() as conn:  # a push that claimed the edit, then its process stopped
        conn.execute(update(s.priority_edits).values(state=pe.PUSHING,
                                                     pushed_at=now - timedelta(minutes=claimed_minutes_ago)))
    assert len(pe.pending_changes(board)) == 1  # still shown as not in Phabricator yet
    (outcome,) = pe.push_pending(board, server.client(), KARO, now=now)
    assert len(server.calls) == int(pushed)
    assert outcome.outcome == (pe.PUSHED if pushed else pe.SKIPPED)
    assert _edits(board).iloc[0].state == (pe.PUSHED if pushed else pe.PUSHING)


def test_a_stale_claim_whose_push_went_through_is_recorded_without_posting_again(board, server):
    """The push sent maniphest.edit, then could not record it (store busy, process stopped): the next
    push finds the priority already there and records it instead of posting the comment twice."""
    from datetime import timedelta

    now = datetime(2026, 11, 24, 11)
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    with board.begin() as conn:
        conn.execute(update(s.priority_edits).values(state=pe.PUSHING, pushed_at=now - timedelta(hours=1)))
    server.live[T12] = (100, int(now.timestamp()) - 3000)  # what the unfinished push did
    (outcome,) = pe.push_pending(board, server.client(), KARO, now=now)
    assert server.calls == []
    assert outcome.outcome == pe.PUSHED and "not posted again" in outcome.message
    assert _edits(board).iloc[0].state == pe.PUSHED
    assert _audit(board)[-1]["field"] == "priority push"


def test_a_failed_push_releases_its_claim(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    server.answers = [EDIT_BAD]
    (outcome,) = pe.push_pending(board, server.client(), KARO)
    assert outcome.outcome == pe.FAILED
    row = _edits(board).iloc[0]
    assert row.state == pe.PENDING and pd.isna(row.pushed_at)
    server.answers = []
    (again,) = pe.push_pending(board, server.client(), KARO)  # the next push may claim it at once
    assert again.outcome == pe.PUSHED


def test_a_level_the_api_cannot_set_fails_the_push_with_the_reason(board, server):
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    with board.begin() as conn:  # the server gives Unbreak Now! no keyword, or has it disabled
        conn.execute(s.priorities.update().where(s.priorities.c.value == 100).values(keyword=""))
    (outcome,) = pe.push_pending(board, server.client(), KARO)
    assert outcome.outcome == pe.FAILED and "cannot be set through the API" in outcome.message
    assert server.calls == [] and _edits(board).iloc[0].state == pe.PENDING


def test_settable_levels_are_those_with_a_keyword():
    levels = pd.DataFrame({"value": [100, 60, 50], "name": ["Unbreak Now!", "Old", "Normal"],
                           "keyword": ["unbreak", "", None]})
    assert list(pe.settable_levels(levels)["name"]) == ["Unbreak Now!"]


def test_a_push_that_failed_after_the_server_applied_it_is_not_posted_again(board, server):
    """maniphest.edit applied the change, then answered an error (or timed out): the edit stays
    pending, and the next push finds the priority already there instead of posting its comment twice."""
    now = datetime(2026, 11, 24, 11)
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    server.answers = [EDIT_BAD]
    (failed,) = pe.push_pending(board, server.client(), KARO, now=now)
    assert failed.outcome == pe.FAILED and _edits(board).iloc[0].state == pe.PENDING
    server.live[T12] = (100, int(now.timestamp()) - 60)  # what the server had applied all the same
    server.calls.clear()
    (again,) = pe.push_pending(board, server.client(), KARO, now=now)
    assert server.calls == []  # maniphest.edit was not called again
    assert again.outcome == pe.PUSHED and "not posted again" in again.message
    assert _edits(board).iloc[0].state == pe.PUSHED


def test_an_edit_never_pushed_is_posted_with_its_reason_even_when_phabricator_holds_that_value(board, server):
    """Someone set 100 in Phabricator after the sync; the PM's edit to 100 with a reason was never
    pushed: its comment (who, why) is still posted."""
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="outage on prod")
    server.live[T12] = (100, int(datetime(2026, 11, 24, 10).timestamp()))
    (outcome,) = pe.push_pending(board, server.client(), KARO)
    assert outcome.outcome == pe.PUSHED
    assert [m for m, _ in server.calls] == ["maniphest.edit"] and "outage on prod" in json.dumps(server.calls[0][1])


def test_an_edit_refused_before_sending_is_posted_once_it_can_be(board, server):
    """A check that refused to send ("no longer one of the server's levels") sent nothing: when the
    value is there later, the edit is posted, its reason with it, not taken as already posted."""
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="outage on prod")
    with board.begin() as conn:
        conn.execute(update(s.priority_edits).values(push_result="push failed: priority value 100 is no longer one "
                                                                  "of the server's levels"))
    server.live[T12] = (100, int(datetime(2026, 11, 24, 10).timestamp()))
    (outcome,) = pe.push_pending(board, server.client(), KARO)
    assert outcome.outcome == pe.PUSHED and [m for m, _ in server.calls] == ["maniphest.edit"]


def test_a_newer_edit_after_a_failed_push_is_posted_with_its_own_reason(board, server):
    pe.record_edit(board, task_phid=T12, new_value=90, viewer=JACK, reason="first thought")
    server.answers = [EDIT_BAD]
    (failed,) = pe.push_pending(board, server.client(), KARO)
    assert failed.outcome == pe.FAILED
    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK, reason="outage on prod")
    server.live[T12] = (100, int(datetime(2026, 11, 24, 10).timestamp()))  # someone set it meanwhile
    server.answers, server.calls[:] = [], []
    (outcome,) = pe.push_pending(board, server.client(), KARO)
    assert outcome.outcome == pe.PUSHED and [m for m, _ in server.calls] == ["maniphest.edit"]
    assert "outage on prod" in json.dumps(server.calls[0][1])


def test_with_local_priorities_puts_the_pending_value_in_place_of_the_synced_one():
    tasks = pd.DataFrame({"phid": ["a", "b", "c"], "priority_value": [80, 50, 25],
                          "priority_name": ["High", "Medium", "Low"]})
    local = pd.Series({"a": 100, "c": 25})          # c: a pending edit to the value it already has
    out = pe.with_local_priorities(tasks, local, {100: "Unbreak Now!", 80: "High"})
    assert list(out["priority_value"]) == [100, 50, 25]
    assert list(out["priority_name"]) == ["Unbreak Now!", "Medium", "Low"]
    assert list(out["changed_here"]) == [True, False, False]
    assert list(tasks["priority_value"]) == [80, 50, 25]   # the shared board is never changed in place


def test_with_local_priorities_keeps_phabricators_level_beside_the_effective_one():
    """The board filters by the effective level and still shows Phabricator's."""
    tasks = pd.DataFrame({"phid": ["a", "b"], "priority_value": [90, 50], "priority_name": ["Needs Triage", "Medium"]})
    out = pe.with_local_priorities(tasks, pd.Series({"a": 100}), {100: "Unbreak Now!"})
    assert out[["priority_value", "phabricator_value"]].values.tolist() == [[100, 90], [50, 50]]
    assert list(out["phabricator_name"]) == ["Needs Triage", "Medium"]
    assert list(out.loc[out["priority_value"] == 100, "phid"]) == ["a"]


def test_a_change_to_the_level_the_task_already_has_is_refused_and_nothing_is_stored(board):
    before = pe.pending_changes(board)
    with pytest.raises(pe.EditRefused, match="already at"):
        pe.record_edit(board, task_phid=T13, new_value=80, viewer=JACK)   # T13 is High (80)
    pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)
    with pytest.raises(pe.EditRefused, match="already sets the task to Unbreak Now!"):   # nor to the level pending here
        pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)
    assert len(pe.pending_changes(board)) == len(before) + 1
    with board.connect() as conn:
        assert len(conn.execute(select(s.audit_log.c.id).where(s.audit_log.c.entity_key == T13)).all()) == 1


def test_changing_back_to_phabricators_level_drops_the_pending_change_and_is_audited(board):
    pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)   # High (80) -> Unbreak Now!, pending
    pe.record_edit(board, task_phid=T13, new_value=90, viewer=JACK)    # -> Needs Triage, pending
    result = pe.record_edit(board, task_phid=T13, new_value=80, viewer=JACK)   # back to High, as in Phabricator
    assert result.reverted and (result.old_value, result.new_value) == (90, 80)
    assert T13 not in set(pe.pending_changes(board)["task_phid"])  # nothing left to push
    audits = [(a["old_value"], a["new_value"]) for a in _audit(board) if a["entity_key"] == T13]
    assert audits[-1] == ("90", "80")
    assert set(_edits(board).query("task_phid == @T13")["state"]) == {"discarded"}
    again = pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)   # a new change is a change again
    assert not again.reverted and T13 in set(pe.pending_changes(board)["task_phid"])


def test_a_change_back_to_the_synced_level_after_a_push_is_a_change_not_a_revert(board, server):
    """T13 was High (80) at the last sync; Unbreak Now! was pushed since (the sync has not seen it yet):
    Phabricator holds Unbreak Now!, so going back to High is a change to push, not a dropped one."""
    pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)
    pe.push_pending(board, server.client(), KARO, now=datetime(2026, 11, 24, 11))
    pe.record_edit(board, task_phid=T13, new_value=90, viewer=JACK)
    result = pe.record_edit(board, task_phid=T13, new_value=80, viewer=JACK)
    assert not result.reverted
    pending = pe.pending_changes(board)
    assert pending.loc[pending["task_phid"] == T13, "new_value"].tolist()[-1] == 80


def test_the_audit_log_reads_with_task_labels_and_level_names():
    log = pd.DataFrame({"at": [datetime(2026, 11, 1)] * 3, "actor": ["jack"] * 3, "field": ["priority"] * 3,
                        "entity_key": [T12, "PHID-TASK-gone", T13], "old_value": ["80", "50", None],
                        "new_value": ["100", "25", "7"], "reason": ["site down", None, None]})
    tasks = pd.DataFrame({"phid": [T12, T13], "id": [12, 13], "title": ["Restore drafts", None]})
    out = pe.readable_audit(log, tasks, {100: "Unbreak Now!", 80: "High", 50: "Medium", 25: "Low"})
    assert out[["task", "from", "to"]].values.tolist()[:2] == [
        ["T12 Restore drafts", "High", "Unbreak Now!"],
        ["PHID-TASK-gone", "Medium", "Low"]]       # a task no longer in the store keeps its PHID
    assert out["task"][2] == "T13 " and pd.isna(out["from"][2]) and out["to"][2] == "7"   # an unknown level: its number
    assert list(out.columns) == ["at", "actor", "task", "field", "from", "to", "reason"]


def test_a_change_of_a_task_the_store_no_longer_holds_is_not_pushed_and_says_why(board, server):
    """Made on the demo data, then the first real sync replaced the demo: the task is not on this server."""
    from sqlalchemy import delete

    from lib.store import schema as s

    pe.record_edit(board, task_phid=T12, new_value=100, viewer=JACK)
    pe.record_edit(board, task_phid=T13, new_value=100, viewer=JACK)
    with board.begin() as conn:
        conn.execute(delete(s.task_projects).where(s.task_projects.c.task_phid == T12))
        conn.execute(delete(s.task_columns).where(s.task_columns.c.task_phid == T12))
        conn.execute(delete(s.tasks).where(s.tasks.c.phid == T12))
    pending = pe.pending_changes(board)
    assert pe.in_store(pending).tolist() == [False, True]
    outcomes = {o.task_phid: o for o in pe.push_pending(board, server.client(), KARO)}
    assert outcomes[T12].outcome == pe.SKIPPED and outcomes[T12].message == pe.NOT_IN_STORE
    assert outcomes[T13].outcome == pe.PUSHED
    assert [params["objectIdentifier"] for method, params in server.calls if method == "maniphest.edit"] == [T13]
    assert all(T12 not in str(params) for _method, params in server.calls)  # not even asked about
