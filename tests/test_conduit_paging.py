"""Paging a Conduit *.search method: the next request leaves on the cursor read off the end of the
raw answer, and the decoded cursor always has the last word."""

from __future__ import annotations

import gc
import json
import threading
import time
import weakref

import pytest

from lib.demo import conduit_fake
from lib.demo.conduit_fake import ConduitFake
from lib.demo.dataset import demo_dataset
from lib.sync import conduit as conduit_module
from lib.sync.conduit import Conduit, peek_cursor
from lib.sync.errors import ConduitError, MalformedAnswer
from lib.sync.http import HttpClient
from tests.fakes.fixtures import DEMO_DAY


def php_json(answer: dict) -> bytes:
    return json.dumps(answer, separators=(",", ":")).encode()


def page(after, data=None) -> dict:
    return {"result": {"data": data or [{"id": 1, "phid": "PHID-TASK-1", "fields": {"name": "A task"}}], "maps": {},
                       "query": {"queryKey": None},
                       "cursor": {"limit": 100, "after": after, "before": None, "order": None}},
            "error_code": None, "error_info": None}


@pytest.mark.parametrize("body,expected", [
    (php_json(page("1901")), "1901"),
    (php_json(page(None)), None),  # the last page
    (php_json(page(1901)), "1901"),  # a number, as older servers send it
    (json.dumps(page("77"), indent=2).encode(), "77"),  # pretty-printed
    (php_json(page("5", data=[{"id": 9, "fields": {"name": 'says "cursor":{"after":"666"}'}}])), "5"),
    (php_json({"result": None, "error_code": "ERR-CONDUIT-CORE", "error_info": "boom"}), None),
    (php_json(page("1901"))[:-60], None),  # cut short inside the cursor
    (b"<html>Bad gateway</html>", None),
    (b'{"result":{"cursor":\xff\xfe', None),
])
def test_peek_cursor_reads_the_cursor_off_the_end_of_the_raw_answer(body, expected):
    assert peek_cursor(body) == expected


class TrailingCursorFake:
    """The demo board, with a misleading `"cursor"` object after the real one in every answer."""

    parse_form = staticmethod(conduit_fake.parse_form)

    def __init__(self, fake: ConduitFake, trailing):
        self.fake, self.token, self.trailing = fake, fake.token, trailing

    def handle(self, method, params, token):
        return {**self.fake.handle(method, params, token), "debug": {"cursor": self.trailing}}


def board_tasks(server) -> tuple[list[int], int]:
    conduit = Conduit(HttpClient(contact="tests@example.org", follow_redirects=False), server.url, server.fake.token)
    params = {"constraints": {"projects": [server.fake.fake.board_phid]}, "order": "newest"}
    try:
        return [t["id"] for page in conduit.search("maniphest.search", params) for t in page], conduit.requests
    finally:
        conduit.http.close()


def expected_ids(fake: ConduitFake) -> list[int]:
    params = {"constraints": {"projects": [fake.board_phid]}, "order": "newest", "limit": 100}
    ids, after = [], None
    while True:
        result = fake.handle("maniphest.search", dict(params, **({"after": after} if after else {})), fake.token)["result"]
        ids += [t["id"] for t in result["data"]]
        after = result["cursor"]["after"]
        if not after:
            return ids


def test_an_unreadable_cursor_costs_no_extra_request(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(TrailingCursorFake(fake, trailing=None))
    ids, requests = board_tasks(server)
    assert ids == expected_ids(fake) and len(ids) > 300
    assert requests == server.count("maniphest.search") == -(-len(ids) // 100)


def test_a_wrong_early_cursor_costs_a_request_never_a_wrong_page(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(TrailingCursorFake(fake, trailing={"after": "12345678"}))
    ids, requests = board_tasks(server)
    assert ids == expected_ids(fake)
    pages = -(-len(ids) // 100)
    wasted = server.count(lambda r: r.params.get("after") == "12345678")
    assert wasted == pages and requests == 2 * pages


def test_an_error_answer_stops_the_paging(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(fake)
    server.fail_on("maniphest.search", "api_error", after=2)
    conduit = Conduit(HttpClient(contact="tests@example.org", follow_redirects=False, retries=0), server.url, fake.token)
    pages = conduit.search("maniphest.search", {"constraints": {"projects": [fake.board_phid]}})
    assert len(next(pages)) == 100 and len(next(pages)) == 100
    with pytest.raises(ConduitError, match="ERR-CONDUIT-CORE"):
        next(pages)
    assert server.count("maniphest.search") == 3  # nothing was asked after the failed page
    conduit.http.close()


def test_a_failed_request_on_a_wrong_early_cursor_is_only_a_wasted_request(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(TrailingCursorFake(fake, trailing={"after": "12345678"}))
    server.fail_on(lambda r: r.params.get("after") == "12345678", "http_500")
    conduit = Conduit(HttpClient(contact="tests@example.org", follow_redirects=False, retries=0), server.url, fake.token)
    params = {"constraints": {"projects": [fake.board_phid]}, "order": "newest"}
    assert [t["id"] for page in conduit.search("maniphest.search", params) for t in page] == expected_ids(fake)
    conduit.http.close()


class StuckCursorFake:
    """A server (or a proxy in front of it) that ignores `after`: every page is the first one."""

    parse_form = staticmethod(conduit_fake.parse_form)

    def __init__(self, fake: ConduitFake):
        self.fake, self.token, self.calls = fake, fake.token, 0

    def handle(self, method, params, token):
        self.calls += 1
        if self.calls > 10:  # a client that pages for ever fails the test instead of hanging it
            return {"result": None, "error_code": "ERR-TEST", "error_info": "paged for ever"}
        return self.fake.handle(method, {k: v for k, v in params.items() if k != "after"}, token)


def test_a_cursor_that_comes_again_ends_the_paging_with_a_clear_error(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(StuckCursorFake(fake))
    with pytest.raises(MalformedAnswer, match=r"sent the cursor '\d+' again after 2 pages; it does not page"):
        board_tasks(server)
    assert server.count("maniphest.search") <= 3  # the second page, and at most the one sent on its cursor


def test_a_caller_that_stops_reading_stops_the_pager(make_conduit_server):
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(fake, latency=0.02)
    conduit = Conduit(HttpClient(contact="tests@example.org", follow_redirects=False), server.url, fake.token)
    pages = conduit.search("maniphest.search", {"constraints": {"projects": [fake.board_phid]}})
    next(pages), next(pages)
    time.sleep(0.2)  # the caller dwells on its page: the pager goes no further than two ahead
    pages.close()

    assert not [t for t in threading.enumerate() if t.name == "conduit-pager"]
    asked = server.count("maniphest.search")
    assert asked <= 4  # the two pages read, the one held for the caller, the one on the wire
    time.sleep(0.1)
    assert server.count("maniphest.search") == asked
    conduit.http.close()


def test_answers_already_read_are_let_go(make_conduit_server, monkeypatch):
    """Memory stays flat however many pages a board has: no answer is kept alive by a later one."""
    answers: list[weakref.ref] = []
    post = Conduit._post

    def recording(self, *args, **kwargs):
        response = post(self, *args, **kwargs)
        answers.append(weakref.ref(response))
        return response

    monkeypatch.setattr(Conduit, "_post", recording)
    monkeypatch.setattr(conduit_module, "PAGE_LIMIT", 25)  # more pages of the demo board
    fake = ConduitFake(demo_dataset(DEMO_DAY))
    server = make_conduit_server(fake)
    conduit = Conduit(HttpClient(contact="tests@example.org", follow_redirects=False), server.url, fake.token)
    alive = []
    for page in conduit.search("maniphest.search", {"constraints": {"projects": [fake.board_phid]}}):
        gc.collect()
        alive.append(sum(ref() is not None for ref in answers))
    conduit.http.close()
    assert len(alive) > 10 and max(alive) <= 3  # the page being read, the one held, the one on the wire


def test_subtask_edges_that_share_a_moment_are_all_read_across_pages(make_conduit_server):
    """edge.search pages by (dateCreated, seq) and its cursor names those two numbers, which many edges
    share: an edit numbers each source's new edges from 0, and a bulk edit gives a hundred tasks a
    parent within a second. Phorge's `after` is strict, so a page ending inside such a group would
    skip the rest of it, silently."""
    from lib.sync.phabricator import fetch_subtask_edges

    ds = demo_dataset(DEMO_DAY)
    epics = sorted({e["src"] for e in ds["edges"]})
    bulk = [{"src": epics[i % len(epics)], "dst": f"PHID-TASK-bulk{i:05d}", "date": 1_780_000_000 + i // 150, "seq": 0}
            for i in range(2300)]  # 150 edges a second, each the first of its own edit
    ds["edges"] = ds["edges"] + bulk
    server = make_conduit_server(ConduitFake(ds))
    conduit = Conduit(HttpClient(contact="test", retries=0), server.url, server.fake.token)
    edges = fetch_subtask_edges(conduit, epics)
    expected = {(e["src"], e["dst"]) for e in ds["edges"]}
    assert {(e["parent_phid"], e["child_phid"]) for e in edges.rows} == expected
    assert len(edges.rows) == len(expected)  # each edge once, however often a page brought it
