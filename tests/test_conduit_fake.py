"""The fake Conduit answers like the real server (paging, clock, shapes, errors, encodings, edits)
and the demo dataset it serves is deterministic and tells the Community Tech story."""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from urllib.parse import urlencode

import httpx
import pytest

from lib.demo.conduit_fake import DEFAULT_TOKEN, READ_ONLY_TOKEN, ConduitFake, parse_form
from lib.demo.dataset import DEMO_FOLDER, DEMO_TODAY, demo_dataset, load_dataset, save_dataset, synthetic_dataset
from lib.sync.conduit import Conduit
from lib.sync.http import HttpClient

TOKEN = DEFAULT_TOKEN


@pytest.fixture(scope="module")
def demo() -> dict:
    return demo_dataset(DEMO_TODAY)


@pytest.fixture
def fake(demo) -> ConduitFake:
    return ConduitFake(demo)


def ok(envelope: dict):
    assert envelope["error_code"] is None, envelope
    return envelope["result"]


def search_all(fake: ConduitFake, method: str, params: dict) -> list[dict]:
    rows, params = [], dict(params)
    while True:
        result = ok(fake.handle(method, params, TOKEN))
        rows += result["data"]
        if not result["cursor"]["after"]:
            return rows
        params["after"] = result["cursor"]["after"]


def task_fields(fake: ConduitFake, task_id: int, **extra) -> dict | None:
    data = ok(fake.handle("maniphest.search", {"constraints": {"ids": [task_id]}, **extra}, TOKEN))["data"]
    return data[0] if data else None


# --- paging ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n_tasks", [0, 1, 100, 101, 250])
def test_the_sync_pager_needs_ceil_n_over_100_requests_and_sees_every_task_once(n_tasks):
    fake = ConduitFake(synthetic_dataset(n_tasks), copy_data=False)
    conduit = Conduit(HttpClient(contact="test", transport=fake.transport()), "https://phab.invalid", fake.token)
    rows = conduit.search_all("maniphest.search", {"constraints": {"projects": [fake.board_slug]}})
    searches = [m for m, _ in fake.request_log if m == "maniphest.search"]
    assert len(searches) == max(1, math.ceil(n_tasks / 100))
    assert len(rows) == n_tasks == len({r["id"] for r in rows})


def test_cursors_are_strings_set_only_while_more_rows_exist():
    fake = ConduitFake(synthetic_dataset(7))
    first = ok(fake.handle("maniphest.search", {"limit": 5, "order": "newest"}, TOKEN))
    assert first["cursor"] == {"limit": 5, "after": str(first["data"][-1]["id"]), "before": None, "order": "newest"}
    second = ok(fake.handle("maniphest.search", {"limit": 5, "order": "newest", "after": first["cursor"]["after"]},
                            TOKEN))
    assert len(second["data"]) == 2
    assert second["cursor"]["after"] is None
    assert second["cursor"]["before"] == str(second["data"][0]["id"])
    back = ok(fake.handle("maniphest.search", {"limit": 5, "order": "newest", "before": second["cursor"]["before"]},
                          TOKEN))
    assert [t["id"] for t in back["data"]] == [t["id"] for t in first["data"]]


def test_priority_order_pages_by_priority_then_id_without_gaps(fake):
    rows = search_all(fake, "maniphest.search", {"order": "priority", "limit": 37})
    keys = [(-r["fields"]["priority"]["value"], -r["id"]) for r in rows]
    assert keys == sorted(keys)
    assert len(rows) == len({r["id"] for r in rows}) == len(fake._states())


def test_edge_search_pages_and_answers_both_directions(fake, demo):
    phids = [t["phid"] for t in demo["tasks"]]
    edges = search_all(fake, "edge.search", {"sourcePHIDs": phids, "types": ["task.subtask"], "limit": 50})
    assert {(e["sourcePHID"], e["destinationPHID"]) for e in edges} == {(e["src"], e["dst"]) for e in demo["edges"]}
    assert all(e["edgeType"] == "task.subtask" for e in edges)
    child = demo["edges"][0]["dst"]
    parents = ok(fake.handle("edge.search", {"sourcePHIDs": [child], "types": ["task.parent"]}, TOKEN))
    assert parents["data"] == [{"sourcePHID": child, "edgeType": "task.parent", "destinationPHID": demo["edges"][0]["src"]}]
    assert parents["cursor"]["after"] is None


# --- constraints -----------------------------------------------------------------------------

def test_modified_start_and_end_are_inclusive(fake):
    task = search_all(fake, "maniphest.search", {"order": "updated"})[17]
    modified = task["fields"]["dateModified"]
    at = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"modifiedStart": modified}})}
    after = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"modifiedStart": modified + 1}})}
    until = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"modifiedEnd": modified}})}
    assert task["id"] in at and task["id"] not in after and task["id"] in until


def test_a_board_matches_tasks_in_its_milestones_and_slugs_work_like_phids(fake):
    by_phid = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"projects": [fake.board_phid]}})}
    by_slug = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"projects": ["community-tech"]}})}
    assert by_phid == by_slug
    sprint = next(p for p in fake.projects if p["milestone"] and not p.get("archivedAt"))
    in_sprint = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"projects": [sprint["phid"]]}})}
    assert in_sprint and in_sprint <= by_phid


# --- the clock -------------------------------------------------------------------------------

def test_as_of_a_past_moment_later_tasks_do_not_exist_and_fields_have_their_old_values(fake, demo):
    task = next(t for t in demo["tasks"] if sum(x["type"] == "priority" for x in t["xactions"]) >= 2)
    created = task["dateCreated"]
    change = [x for x in task["xactions"] if x["type"] == "priority"][1]
    first_priority = [x for x in task["xactions"] if x["type"] == "priority"][0]["new"]

    fake.now = created - 1
    assert task_fields(fake, task["id"]) is None
    err = fake.handle("transaction.search", {"objectIdentifier": f"T{task['id']}"}, TOKEN)
    assert err["error_code"] == "ERR-CONDUIT-CORE"

    fake.now = change["date"] - 1
    before = task_fields(fake, task["id"])["fields"]
    assert before["priority"]["value"] == first_priority
    assert before["dateModified"] <= fake.now

    fake.now = change["date"]
    after = task_fields(fake, task["id"])["fields"]
    assert after["priority"]["value"] == change["new"]
    assert after["dateModified"] == change["date"]


def test_as_of_the_clock_future_milestones_and_their_columns_are_absent(fake):
    last = max((p for p in fake.projects if p["milestone"]), key=lambda p: p["dateCreated"])
    fake.now = last["dateCreated"] - 1
    found = ok(fake.handle("project.search", {"constraints": {"phids": [last["phid"]]}}, TOKEN))["data"]
    columns = ok(fake.handle("project.column.search", {"constraints": {"projects": [last["phid"]]}}, TOKEN))["data"]
    assert found == [] and columns == []
    fake.now = None
    assert ok(fake.handle("project.search", {"constraints": {"phids": [last["phid"]]}}, TOKEN))["data"]


def test_archived_milestones_need_status_all_and_hide_their_proxy_column(fake):
    archived = next(p for p in fake.projects if p.get("archivedAt"))
    default = ok(fake.handle("project.search", {"constraints": {"phids": [archived["phid"]]}}, TOKEN))["data"]
    everything = ok(fake.handle("project.search", {"constraints": {"phids": [archived["phid"]], "status": "all"}},
                                TOKEN))["data"]
    assert default == [] and everything[0]["fields"]["status"] == "archived"
    proxy = [c for c in ok(fake.handle("project.column.search", {"constraints": {"projects": [fake.board_phid]}},
                                       TOKEN))["data"] if c["fields"]["proxyPHID"] == archived["phid"]]
    assert proxy[0]["fields"]["isHidden"] is True


# --- shapes ----------------------------------------------------------------------------------

def test_columns_attachment_omits_the_board_of_a_task_in_a_milestone_and_is_a_list_when_empty(fake):
    attach = {"attachments": {"columns": True, "projects": True}}
    sprint = next(p for p in fake.projects if p["milestone"] and not p.get("archivedAt"))
    in_sprint = search_all(fake, "maniphest.search", {"constraints": {"projects": [sprint["phid"]]}, **attach})[0]
    assert list(in_sprint["attachments"]["columns"]["boards"]) == [sprint["phid"]]
    assert fake.board_phid not in in_sprint["attachments"]["projects"]["projectPHIDs"]

    no_board = next(p["phid"] for p in fake.projects if p["slug"] == "copypatrol")
    tid = fake.add_task("Only tagged with a project without a board", projects=[no_board])
    shaped = task_fields(fake, tid, **attach)
    assert shaped["attachments"]["columns"] == {"boards": []}
    assert shaped["attachments"]["projects"] == {"projectPHIDs": [no_board]}
    assert task_fields(fake, tid)["attachments"] == {}

    on_board = task_fields(fake, fake.add_task("On the board"), **attach)
    (column,) = on_board["attachments"]["columns"]["boards"][fake.board_phid]["columns"]
    assert column["name"] == "New & TBD" and set(column) == {"id", "phid", "name"}


def test_task_fields_have_the_real_types(fake):
    task = search_all(fake, "maniphest.search", {"constraints": {"statuses": ["resolved"]}})[0]["fields"]
    assert isinstance(task["points"], (str, type(None)))
    assert set(task["priority"]) == {"value", "name", "color"}
    assert task["status"]["value"] == "resolved" and isinstance(task["dateClosed"], int) and task["closerPHID"]


def test_columns_carry_the_phorge_fields(fake):
    columns = search_all(fake, "project.column.search", {"constraints": {"projects": [fake.board_phid]}})
    default = [c for c in columns if c["fields"]["isDefaultColumn"]]
    assert [c["fields"]["name"] for c in default] == ["New & TBD"]
    assert all({"isHidden", "sequence", "proxyPHID", "project"} <= set(c["fields"]) for c in columns)


def test_transactions_come_newest_first_in_the_real_shapes(fake, demo):
    task = next(t for t in demo["tasks"] if {"core:columns", "projects", "priority", "points"}
                <= {x["type"] for x in t["xactions"]})
    rows = search_all(fake, "transaction.search", {"objectIdentifier": f"T{task['id']}", "limit": 3})
    assert [r["id"] for r in rows] == sorted((x["id"] for x in task["xactions"]), reverse=True)
    by_type = {}
    for r in rows:
        by_type.setdefault(r["type"], r)
    assert set(by_type["priority"]["fields"]["new"]) == {"value", "name"}
    assert by_type["projects"]["fields"]["operations"][0]["operation"] in ("add", "remove")
    move = by_type["core:columns"]["fields"]["new"][0]
    assert {"columnPHID", "boardPHID", "fromColumnPHIDs", "beforePHIDs", "afterPHIDs"} <= set(move)
    create_priority = [r for r in rows if r["type"] == "priority"][-1]
    assert create_priority["fields"]["old"] is None
    by_phid = search_all(fake, "transaction.search", {"objectIdentifier": task["phid"]})
    assert [r["id"] for r in by_phid] == [r["id"] for r in rows]


def test_transaction_search_clamps_its_limit(fake, demo):
    task = max(demo["tasks"], key=lambda t: len(t["xactions"]))
    result = ok(fake.handle("transaction.search", {"objectIdentifier": f"T{task['id']}", "limit": 5000}, TOKEN))
    assert result["cursor"]["limit"] == 1000 and len(result["data"]) == len(task["xactions"])


# --- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("method,params,token,code,info", [
    ("maniphest.search", {"limit": 101}, TOKEN, "ERR-CONDUIT-CORE",
     "Maximum page size for Conduit API method calls is 100, but this call specified 101."),
    ("maniphest.search", {}, None, "ERR-INVALID-SESSION", "Session key is not present."),
    ("maniphest.search", {}, "api-aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ERR-INVALID-AUTH",
     'API token "api-aaaaaaaaaaaaaaaaaaaaaaaaaaaa" is not valid.'),
    ("maniphest.search", {"constraints": {"bogus": [1]}}, TOKEN, "ERR-INVALID-CONSTRAINT",
     'Parameter "constraints" includes an invalid key.'),
    ("maniphest.search", {"after": "999999999"}, TOKEN, "ERR-CONDUIT-CORE",
     'Cursor "999999999" does not identify a valid object in query "ManiphestTaskQuery".'),
    ("maniphest.nope", {}, TOKEN, "ERR-CONDUIT-CALL", 'Conduit API method "maniphest.nope" does not exist.'),
    ("edge.search", {"types": ["task.subtask"]}, TOKEN, "ERR-ARRAY-SOURCEPHIDS",
     'Must pass an array of PHIDs for parameter "sourcePHIDs".'),
])
def test_errors_arrive_in_the_envelope_with_the_real_texts(fake, method, params, token, code, info):
    assert fake.handle(method, params, token) == {"result": None, "error_code": code, "error_info": info}


def test_an_unknown_constraint_can_be_answered_with_the_upstream_text(demo):
    upstream = ConduitFake(demo, constraint_errors="upstream")
    answer = upstream.handle("project.search", {"constraints": {"bogus": 1}}, TOKEN)
    assert (answer["error_code"], answer["error_info"]) == (
        "ERR-CONDUIT-CORE", 'Constraint "bogus" is not a valid constraint for this query.')


def test_an_empty_constraint_is_no_constraint(fake):
    everything = ok(fake.handle("maniphest.search", {"limit": 10}, TOKEN))["data"]
    assert ok(fake.handle("maniphest.search", {"limit": 10, "constraints": {"ids": [], "projects": []}},
                          TOKEN))["data"] == everything


def test_priority_edits_take_keywords_only(fake, demo):
    tid = demo["tasks"][5]["id"]
    for bad in ("normal", "80", 80):
        answer = fake.handle("maniphest.edit", {"objectIdentifier": f"T{tid}",
                                                "transactions": [{"type": "priority", "value": bad}]}, TOKEN)
        assert answer["error_code"] == "ERR-CONDUIT-CORE"
        assert answer["error_info"] == (
            f'Validation errors:\n  - Task priority "{bad}" is not a valid task priority. Use a priority keyword '
            "to choose a task priority: unbreak, triage, high, medium, low, lowest.")


def test_a_read_only_token_reads_but_cannot_edit(fake, demo):
    tid = demo["tasks"][5]["id"]
    assert fake.handle("maniphest.search", {"constraints": {"ids": [tid]}}, READ_ONLY_TOKEN)["error_code"] is None
    answer = fake.handle("maniphest.edit", {"objectIdentifier": f"T{tid}",
                                            "transactions": [{"type": "priority", "value": "high"}]}, READ_ONLY_TOKEN)
    assert answer["result"] is None and answer["error_code"] == "ERR-CONDUIT-CORE"
    assert f"T{tid}] (Can Edit) You do not have permission to edit this object." in answer["error_info"]


# --- encodings -------------------------------------------------------------------------------

def test_parse_form_builds_nested_params_from_php_style_fields():
    body = urlencode([("api.token", TOKEN), ("constraints[projects][0]", "PHID-PROJ-a"),
                      ("constraints[projects][1]", "PHID-PROJ-b"), ("attachments[columns]", "1"),
                      ("transactions[0][type]", "priority"), ("transactions[0][value]", "high"),
                      ("limit", "5")]).encode()
    params, token = parse_form(body, "application/x-www-form-urlencoded")
    assert token == TOKEN
    assert params == {"constraints": {"projects": ["PHID-PROJ-a", "PHID-PROJ-b"]}, "attachments": {"columns": "1"},
                      "transactions": [{"type": "priority", "value": "high"}], "limit": "5"}


def test_parse_form_reads_the_json_params_field_and_its_conduit_token():
    payload = {"constraints": {"ids": [1, 2]}, "__conduit__": {"token": TOKEN}}
    body = urlencode({"params": json.dumps(payload), "output": "json", "__conduit__": "1"}).encode()
    assert parse_form(body, "application/x-www-form-urlencoded") == ({"constraints": {"ids": [1, 2]}}, TOKEN)


def test_both_encodings_over_http_give_the_same_page(fake):
    client = httpx.Client(transport=fake.transport(), base_url="https://phab.invalid")
    form = client.post("/api/maniphest.search", data={
        "api.token": TOKEN, "constraints[projects][0]": "community-tech", "attachments[columns]": "1",
        "order": "newest", "limit": "5"}).json()
    as_json = client.post("/api/maniphest.search", data={"output": "json", "params": json.dumps({
        "constraints": {"projects": ["community-tech"]}, "attachments": {"columns": True}, "order": "newest",
        "limit": 5, "__conduit__": {"token": TOKEN}})}).json()
    assert form["result"]["data"] == as_json["result"]["data"]
    assert form["result"]["cursor"]["limit"] == "5" and as_json["result"]["cursor"]["limit"] == 5
    refused = client.post("/api/maniphest.search", json={"limit": 5})
    assert refused.status_code == 200 and refused.json()["error_code"] == "ERR-CONDUIT-CORE"


# --- edits and helpers -----------------------------------------------------------------------

def test_an_edit_changes_the_task_bumps_date_modified_and_shows_in_later_searches(fake):
    task = search_all(fake, "maniphest.search", {"constraints": {"statuses": ["open"]}, "order": "updated"})[-1]
    hwm = max(t["fields"]["dateModified"] for t in search_all(fake, "maniphest.search", {}))
    result = ok(fake.handle("maniphest.edit", {"objectIdentifier": f"T{task['id']}", "transactions": [
        {"type": "priority", "value": "unbreak"}, {"type": "comment", "value": "Raised at team leads planning."},
        {"type": "points", "value": 21}]}, TOKEN))
    assert result["object"] == {"id": task["id"], "phid": task["phid"]} and len(result["transactions"]) == 3
    changed = search_all(fake, "maniphest.search", {"constraints": {"modifiedStart": hwm + 1}})
    assert [t["id"] for t in changed] == [task["id"]]
    fields = changed[0]["fields"]
    assert fields["priority"] == {"value": 100, "name": "Unbreak Now!", "color": "pink"}
    assert fields["points"] == "21" and fields["dateModified"] > hwm
    history = ok(fake.handle("transaction.search", {"objectIdentifier": task["phid"], "limit": 3}, TOKEN))["data"]
    assert {h["type"] for h in history} == {"priority", "comment", "points"}
    prio = next(h for h in history if h["type"] == "priority")
    assert prio["fields"]["old"]["value"] == task["fields"]["priority"]["value"]


def test_an_edit_without_effect_records_nothing(fake):
    task = search_all(fake, "maniphest.search", {"constraints": {"priorities": [80]}})[0]
    result = ok(fake.handle("maniphest.edit", {"objectIdentifier": str(task["id"]),
                                               "transactions": [{"type": "priority", "value": "high"}]}, TOKEN))
    assert result["transactions"] == []
    assert task_fields(fake, task["id"])["fields"]["dateModified"] == task["fields"]["dateModified"]


def test_touch_and_remove_from_board_are_seen_by_an_incremental_query(fake):
    on_board = search_all(fake, "maniphest.search", {"constraints": {"projects": [fake.board_phid]}})
    hwm = max(t["fields"]["dateModified"] for t in on_board)
    fake.touch([on_board[0]["id"], on_board[1]["id"]], status="resolved")
    fake.remove_from_board(on_board[2]["id"])
    since = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"projects": [fake.board_phid],
                                                                                     "modifiedStart": hwm + 1}})}
    assert since == {on_board[0]["id"], on_board[1]["id"]}
    assert task_fields(fake, on_board[0]["id"])["fields"]["status"]["value"] == "resolved"
    still = {t["id"] for t in search_all(fake, "maniphest.search", {"constraints": {"projects": [fake.board_phid]}})}
    assert on_board[2]["id"] not in still


def test_request_log_counts_every_call(fake):
    fake.handle("maniphest.status.search", {}, TOKEN)
    fake.handle("maniphest.priority.search", {}, None)
    assert [m for m, _ in fake.request_log] == ["maniphest.status.search", "maniphest.priority.search"]


# --- the demo dataset ------------------------------------------------------------------------

def test_the_demo_dataset_is_deterministic_and_round_trips_through_json(tmp_path, demo):
    assert demo_dataset(DEMO_TODAY) == demo
    save_dataset(demo, tmp_path)
    assert load_dataset(tmp_path) == json.loads(json.dumps(demo))


def test_the_committed_demo_files_are_what_the_generator_writes(demo):
    assert load_dataset(DEMO_FOLDER) == json.loads(json.dumps(demo)), "run `python -m lib.demo.dataset`"


def test_the_demo_tells_the_community_tech_story(demo):
    names = {u["realName"] for u in demo["users"]}
    assert {"Jack Wheeler", "Karolin Siebert", "Dayllan Maza", "MusikAnimal", "Dom Walden"} <= names
    assert [p["keywords"][0] for p in demo["priorities"]] == ["unbreak", "triage", "high", "medium", "low", "lowest"]
    assert 300 <= len(demo["tasks"]) <= 400
    today = datetime.combine(DEMO_TODAY, datetime.min.time(), tzinfo=timezone.utc).timestamp()
    sprints = [p for p in demo["projects"] if p["milestone"]]
    dated = [p for p in sprints if p["custom"]]
    assert len(sprints) >= 12 and 0 < len(sprints) - len(dated) < len(sprints) / 3
    assert sum(p["custom"]["sprint.start"] <= today <= p["custom"]["sprint.end"] + 86400 for p in dated) == 1
    assert 1 <= sum(p["custom"]["sprint.start"] > today for p in dated) <= 2
    assert all(x["date"] <= demo["meta"]["today_epoch"] for t in demo["tasks"] for x in t["xactions"])
    points = {x["new"] for t in demo["tasks"] for x in t["xactions"] if x["type"] == "points"} - {None}
    assert points <= {"1", "2", "3", "5", "8", "13"} and {"8", "13"} <= points
    subtypes = {t["subtype"] for t in demo["tasks"]}
    assert "epic" in subtypes


def test_the_demo_has_walk_ons_carry_overs_and_tasks_that_left_the_board(demo):
    sprint_start = {p["phid"]: p["custom"]["sprint.start"] for p in demo["projects"] if p["custom"]}
    board = next(p["phid"] for p in demo["projects"] if p["slug"] == "community-tech")
    walk_ons = carried = left = 0
    for t in demo["tasks"]:
        for x in t["xactions"]:
            if x["type"] != "projects":
                continue
            added = [o["phid"] for o in x["ops"] if o["operation"] == "add"]
            removed = [o["phid"] for o in x["ops"] if o["operation"] == "remove"]
            walk_ons += any(x["date"] > sprint_start.get(p, x["date"]) + 86400 for p in added)
            carried += any(p in sprint_start for p in added) and any(p in sprint_start for p in removed)
            left += board in removed and not any(p in sprint_start or p == board for p in added)
    assert walk_ons >= 10 and carried >= 10 and left >= 2


def test_the_synthetic_dataset_has_the_requested_size_and_the_same_shape(demo):
    ds = synthetic_dataset(500, seed=3)
    assert len(ds["tasks"]) == 500
    assert set(ds) == set(demo) and set(ds["tasks"][0]) == set(demo["tasks"][0])
    assert synthetic_dataset(500, seed=3) == ds
