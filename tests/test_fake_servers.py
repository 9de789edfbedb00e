"""The fake MediaWiki API and the loopback HTTP servers behave like the real thing, over real HTTP.

The sync tests trust these fakes, so the fakes are pinned here: the wiki's answers against the real
answers recorded in tests/data/mediawiki/, and every injected fault against what
an httpx client actually sees on the wire.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from lib.demo.wiki_fake import WikiFake, normalize_title
from tests.fakes import http_servers as hs

pytest_plugins = ["tests.fakes.fixtures"]

EXAMPLES = Path(__file__).parent / "data" / "mediawiki"  # recorded answers of a MediaWiki 1.39 server
GOALS = "Wikimedia Technology/Goals/2017-18 Q2"
TEAM = "Community Tech/Team Processes"
CONTENT_PARAMS = {"action": "query", "prop": "revisions", "rvprop": "content|ids|timestamp", "rvslots": "main",
                  "format": "json", "formatversion": "2"}
IDS_PARAMS = {"action": "query", "prop": "revisions", "rvprop": "ids|timestamp", "format": "json", "formatversion": "2"}
UA = "LeadsPlanningDashboardBot/1.0 (tests@example.org) httpx"


class StandInConduit:
    """The smallest object with ConduitFake's surface: parses `params=<JSON>` or plain fields and
    echoes the call back in the Conduit envelope."""

    def __init__(self):
        self.request_log = []

    def parse_form(self, body: bytes, content_type: str):
        if "json" in content_type:
            raise ValueError("Use form-encoded data to submit parameters to Conduit endpoints.")
        fields = dict(parse_qsl(body.decode(), keep_blank_values=True))
        if "params" in fields:
            params = json.loads(fields["params"])
            token = params.pop("__conduit__", {}).get("token")
            return params, token
        return {k: v for k, v in fields.items() if k != "api.token"}, fields.get("api.token")

    def handle(self, method: str, params: dict, token: str | None) -> dict:
        self.request_log.append((method, params, token))
        if method == "boom":
            raise RuntimeError("the fake itself broke")
        if token != "api-" + "t" * 28:
            return {"result": None, "error_code": "ERR-INVALID-AUTH", "error_info": "API token is not valid."}
        return {"result": {"method": method, "params": params}, "error_code": None, "error_info": None}


TOKEN = "api-" + "t" * 28


def conduit_post(client: httpx.Client, server, method: str, params: dict | None = None, **kwargs) -> httpx.Response:
    payload = dict(params or {}, __conduit__={"token": TOKEN})
    return client.post(f"{server.url}/api/{method}", data={"params": json.dumps(payload), "output": "json"}, **kwargs)


def demo_wiki() -> WikiFake:
    wiki = WikiFake()
    wiki.set_page(TEAM, "== Team ==\n{| class=\"wikitable\"\n! Name !! Role\n|}\n\n", timestamp="2026-11-01T10:00:00Z")
    wiki.set_page(GOALS, "Goals text\n", timestamp="2026-11-02T10:00:00Z")
    return wiki


@pytest.fixture
def client():
    with httpx.Client(headers={"User-Agent": UA}, timeout=5.0) as c:
        yield c


@pytest.fixture
def wiki(make_wiki_server):
    return make_wiki_server(demo_wiki())


@pytest.fixture
def conduit(make_conduit_server):
    return make_conduit_server(StandInConduit())


def pages_by_title(answer: dict) -> dict:
    return {p["title"]: p for p in answer["query"]["pages"]}


# ---- the wiki's answers ---------------------------------------------------------------------------


def test_content_query_returns_the_main_slot_without_the_trailing_newline(wiki, client):
    answer = client.get(wiki.url, params={**CONTENT_PARAMS, "titles": f"{TEAM}|{GOALS}"}).json()

    assert answer["batchcomplete"] is True
    pages = pages_by_title(answer)
    assert set(pages) == {TEAM, GOALS}
    rev = pages[TEAM]["revisions"][0]
    assert rev["slots"]["main"]["content"] == "== Team ==\n{| class=\"wikitable\"\n! Name !! Role\n|}"
    assert rev["slots"]["main"]["contentmodel"] == "wikitext"
    assert rev["timestamp"] == "2026-11-01T10:00:00Z"
    assert pages[GOALS]["revisions"][0]["slots"]["main"]["content"] == "Goals text"


def test_ids_only_query_carries_no_content(wiki, client):
    answer = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM}).json()

    rev = pages_by_title(answer)[TEAM]["revisions"][0]
    assert set(rev) == {"revid", "parentid", "timestamp"}


def test_set_page_gives_a_new_revision_whose_parent_is_the_old_one(wiki, client):
    before = pages_by_title(client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM}).json())[TEAM]
    new_revid = wiki.fake.set_page(TEAM, "changed")
    after = pages_by_title(client.get(wiki.url, params={**CONTENT_PARAMS, "titles": TEAM}).json())[TEAM]

    old_rev = before["revisions"][0]["revid"]
    assert new_revid > old_rev
    assert after["revisions"][0]["revid"] == new_revid
    assert after["revisions"][0]["parentid"] == old_rev
    assert after["revisions"][0]["slots"]["main"]["content"] == "changed"
    assert after["pageid"] == before["pageid"]


def test_missing_pages_are_flagged_and_have_no_page_id(wiki, client):
    answer = client.get(wiki.url, params={**CONTENT_PARAMS, "titles": f"No such page|{GOALS}"}).json()

    pages = pages_by_title(answer)
    assert pages["No such page"] == {"ns": 0, "title": "No such page", "missing": True}
    assert "revisions" in pages[GOALS]


def test_underscores_and_a_lower_case_first_letter_are_normalised(wiki, client):
    asked = "community_Tech/Team_Processes"
    answer = client.get(wiki.url, params={**IDS_PARAMS, "titles": asked}).json()

    assert answer["query"]["normalized"] == [{"fromencoded": False, "from": asked, "to": TEAM}]
    assert list(pages_by_title(answer)) == [TEAM]
    assert normalize_title("  a__b  c ") == "A b c"


def test_a_chain_of_redirects_is_followed_to_its_end_and_a_loop_stops(wiki, client):
    wiki.fake.set_page("Old goals", "#REDIRECT [[Older goals]]")
    wiki.fake.set_page("Older goals", f"#REDIRECT [[{GOALS}]]")
    answer = client.get(wiki.url, params={**IDS_PARAMS, "titles": "Old goals", "redirects": "1"}).json()
    assert answer["query"]["redirects"] == [{"from": "Old goals", "to": "Older goals"}, {"from": "Older goals", "to": GOALS}]
    assert list(pages_by_title(answer)) == [GOALS]
    wiki.fake.set_page("Loop A", "#REDIRECT [[Loop B]]")
    wiki.fake.set_page("Loop B", "#REDIRECT [[Loop A]]")
    answer = client.get(wiki.url, params={**IDS_PARAMS, "titles": "Loop A", "redirects": "1"}).json()
    assert [r["to"] for r in answer["query"]["redirects"]] == ["Loop B", "Loop A"]


def test_pages_can_come_back_in_another_order_than_asked(make_wiki_server, client):
    fake = demo_wiki()
    fake.reverse_pages = True
    server = make_wiki_server(fake)

    titles = [p["title"] for p in client.get(server.url, params={**IDS_PARAMS, "titles": f"{TEAM}|{GOALS}"}).json()["query"]["pages"]]

    assert titles == [GOALS, TEAM]


def test_formatversion_1_keys_pages_by_id_and_puts_content_under_star(wiki, client):
    params = {**CONTENT_PARAMS, "formatversion": "1", "titles": f"{TEAM}|Nope"}
    answer = client.get(wiki.url, params=params).json()

    pages = answer["query"]["pages"]
    assert answer["batchcomplete"] == ""
    assert pages["-1"] == {"ns": 0, "title": "Nope", "missing": ""}
    team = next(p for key, p in pages.items() if key != "-1")
    assert str(team["pageid"]) in pages
    assert team["revisions"][0]["slots"]["main"]["*"].startswith("== Team ==")


def test_content_without_rvslots_uses_the_legacy_shape_and_warns(wiki, client):
    params = {k: v for k, v in CONTENT_PARAMS.items() if k != "rvslots"}
    answer = client.get(wiki.url, params={**params, "titles": GOALS}).json()

    rev = pages_by_title(answer)[GOALS]["revisions"][0]
    assert rev["content"] == "Goals text" and "slots" not in rev
    assert "rvslots" in answer["warnings"]["revisions"]["warnings"]


def test_a_split_content_batch_continues_until_every_page_has_its_revision(make_wiki_server, client):
    fake = demo_wiki()
    fake.content_pages_per_response = 1
    server = make_wiki_server(fake)
    params, got, answers = {**CONTENT_PARAMS, "titles": f"{TEAM}|{GOALS}"}, {}, 0

    cont: dict = {}
    while answers < 10:
        answer = client.get(server.url, params={**params, **cont}).json()
        answers += 1
        for page in answer["query"]["pages"]:
            if "revisions" in page:
                got[page["title"]] = page["revisions"][0]["slots"]["main"]["content"]
        if "continue" not in answer:
            assert answer["batchcomplete"] is True
            break
        assert "batchcomplete" not in answer
        cont = answer["continue"]

    assert answers == 2
    assert got == {TEAM: fake.pages[TEAM]["content"], GOALS: "Goals text"}


def test_maxlag_error_matches_the_real_answer_byte_for_byte():
    fake = WikiFake(api_url="http://127.0.0.1:8765/api.php", servedby="vm")

    status, headers, body = fake.handle({"action": "query", "format": "json", "formatversion": "2", "maxlag": "-1"}, {})

    assert status == 200
    assert json.loads(body) == json.loads((EXAMPLES / "maxlag_minus1.json").read_text())
    real = dict(line.split(": ", 1) for line in (EXAMPLES / "maxlag_minus1.headers").read_text().splitlines()[1:] if ": " in line)
    for name in ("Retry-After", "X-Database-Lag", "MediaWiki-API-Error", "Content-Type"):
        assert headers[name] == real[name]


@pytest.mark.parametrize("example, titles", [
    ("query_mixed_missing_and_existing", f"No Such Page/Anywhere|{GOALS}"),
    ("query_normalized_underscore", "community_Tech/Team_Processes"),
    ("query_missing_page", "No Such Page/Anywhere"),
])
def test_query_answers_equal_the_recorded_real_ones(example, titles):
    fake = WikiFake()
    fake.set_page(TEAM, "v1", revid=4, pageid=4, timestamp="2026-11-24T18:48:20Z")
    fake.set_page(GOALS, "goals", revid=7, pageid=7, timestamp="2026-11-24T18:48:25Z")
    fake.set_page(TEAM, "v2", revid=8, timestamp="2026-11-24T18:48:26Z")

    status, _, body = fake.handle({**IDS_PARAMS, "titles": titles}, {})

    assert status == 200
    assert json.loads(body) == json.loads((EXAMPLES / f"{example}.json").read_text())


def test_content_answer_has_the_recorded_real_shape():
    real = json.loads((EXAMPLES / "revisions_4titles_fv2.trimmed.json").read_text())
    fake = WikiFake()
    for page in real["query"]["pages"]:
        rev = page["revisions"][0]
        fake.set_page(page["title"], rev["slots"]["main"]["content"], revid=rev["revid"], pageid=page["pageid"],
                      timestamp=rev["timestamp"])
    titles = "|".join(p["title"] for p in real["query"]["pages"])

    answer = json.loads(fake.handle({**CONTENT_PARAMS, "titles": titles}, {})[2])

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k != "parentid"}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return type(value).__name__

    assert shape(answer) == shape(real)
    assert [p["pageid"] for p in answer["query"]["pages"]] == [p["pageid"] for p in real["query"]["pages"]]


def test_injected_lag_above_maxlag_answers_the_maxlag_error_with_its_headers(wiki, client):
    wiki.fake.set_lag(7, host="db1234")

    lagged = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM, "maxlag": "5"})
    patient = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM, "maxlag": "10"})
    no_maxlag = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM})

    assert lagged.status_code == 200
    assert lagged.json()["error"]["code"] == "maxlag"
    assert lagged.json()["error"]["info"] == "Waiting for db1234: 7 seconds lagged."
    assert lagged.headers["Retry-After"] == "5"
    assert lagged.headers["X-Database-Lag"] == "7"
    assert lagged.headers["MediaWiki-API-Error"] == "maxlag"
    assert "query" in patient.json() and "query" in no_maxlag.json()


def test_lag_for_a_number_of_requests_clears_afterwards(wiki, client):
    wiki.fake.set_lag(30, requests=2, retry_after=1)
    params = {**IDS_PARAMS, "titles": TEAM, "maxlag": "5"}

    answers = [client.get(wiki.url, params=params) for _ in range(3)]

    assert [a.json().get("error", {}).get("code") for a in answers] == ["maxlag", "maxlag", None]
    assert answers[0].headers["Retry-After"] == "1"


@pytest.mark.parametrize("params, code", [
    ({"action": "frobnicate"}, "badvalue"),
    ({"action": "query", "formatversion": "3"}, "badvalue"),
    ({"action": "query", "prop": "revisions", "rvprop": "ids|nonsense"}, "badvalue"),
    ({"action": "query", "maxlag": "soon"}, "badinteger"),
    ({"action": "query", "titles": "|".join(f"P{i}" for i in range(51))}, "toomanyvalues"),
])
def test_bad_requests_get_the_real_error_shape_and_header(wiki, client, params, code):
    response = client.get(wiki.url, params={"format": "json", "formatversion": "2", **params})

    assert response.status_code == 200
    assert response.headers["MediaWiki-API-Error"] == code
    error = response.json()["error"]
    assert error["code"] == code and error["info"]
    assert error.get("docref", error.get("*")).startswith("See ")  # "*" when formatversion is not 2


def test_post_is_answered_like_get(wiki, client):
    answer = client.post(wiki.url, data={**IDS_PARAMS, "titles": GOALS}).json()

    assert list(pages_by_title(answer)) == [GOALS]


def test_expandtemplates_fills_parameters_from_the_template_page(wiki, client):
    wiki.fake.set_page("Template:Goal row", "<noinclude>How to use it.</noinclude>"
                       "|-\n| {{{1}}} || {{{owner|nobody}}} || {{{stage|{{{3|rough draft}}}}}}{{Missing}}")
    text = "{{Goal row|Ship it|owner = Ann}}\n{{goal row|Fix it|Bob|final}}"
    answer = client.post(wiki.url, data={"action": "expandtemplates", "text": text, "prop": "wikitext",
                                         "format": "json", "formatversion": "2"}).json()

    assert answer == {"expandtemplates": {"wikitext": "|-\n| Ship it || Ann || rough draft[[:Template:Missing]]\n"
                                                      "|-\n| Fix it || nobody || final[[:Template:Missing]]"}}


def test_expandtemplates_without_text_is_the_missingparam_error(wiki, client):
    answer = client.get(wiki.url, params={"action": "expandtemplates", "prop": "wikitext", "format": "json"}).json()

    assert answer["error"]["code"] == "missingparam"


def test_the_mock_transport_answers_like_the_server_and_logs_the_request():
    fake = demo_wiki()
    with httpx.Client(transport=fake.transport(), headers={"User-Agent": UA}) as c:
        answer = c.get("https://wiki.test/w/api.php", params={**IDS_PARAMS, "titles": GOALS}).json()
        elsewhere = c.get("https://wiki.test/wiki/Main_Page")

    assert list(pages_by_title(answer)) == [GOALS]
    assert elsewhere.status_code == 404
    assert fake.request_log[-1]["params"]["titles"] == GOALS
    assert fake.request_log[-1]["user_agent"] == UA


def test_from_folder_loads_the_indexed_pages_and_skips_absent_texts(tmp_path):
    (tmp_path / "pages.json").write_text(json.dumps({
        "team": {"title": TEAM, "revid": 41},
        "goals": {"title": GOALS, "revid": 42, "timestamp": "2026-10-01T00:00:00Z"},
        "process": {"title": "Not written yet", "revid": 43},
    }))
    (tmp_path / "team.wiki").write_text("team text\n")
    (tmp_path / "goals.wiki").write_text("goals text")

    pages = WikiFake.from_folder(tmp_path).pages

    assert set(pages) == {TEAM, GOALS}
    assert (pages[TEAM]["revid"], pages[TEAM]["content"]) == (41, "team text")
    assert pages[GOALS]["timestamp"] == "2026-10-01T00:00:00Z"
    assert WikiFake.from_folder(tmp_path / "nowhere").pages == {}


# ---- the servers: routing, logs, counts, latency ----------------------------------------------------


def test_conduit_server_routes_the_method_and_logs_params_token_and_user_agent(conduit, client):
    answer = conduit_post(client, conduit, "maniphest.search", {"limit": 100}).json()

    assert answer == {"result": {"method": "maniphest.search", "params": {"limit": 100}},
                      "error_code": None, "error_info": None}
    record = conduit.requests[-1]
    assert (record.http_method, record.path, record.name) == ("POST", "/api/maniphest.search", "maniphest.search")
    assert record.params == {"limit": 100} and record.token == TOKEN
    assert record.user_agent == UA and record.status == 200
    assert conduit.fake.request_log == [("maniphest.search", {"limit": 100}, TOKEN)]


def test_conduit_server_answers_an_unparseable_form_with_a_conduit_core_error(conduit, client):
    response = client.post(f"{conduit.url}/api/user.search", json={"limit": 1})

    assert response.status_code == 200
    assert response.json()["error_code"] == "ERR-CONDUIT-CORE"
    assert "form-encoded" in response.json()["error_info"]


def test_a_fake_that_raises_becomes_an_http_500_and_is_kept_in_errors(conduit, client):
    response = conduit_post(client, conduit, "boom")

    assert response.status_code == 500
    assert "the fake itself broke" in conduit.errors[0]


def test_unknown_paths_are_404(conduit, wiki, client):
    assert client.get(f"{conduit.url}/nothing").status_code == 404
    assert client.get(f"{wiki.base_url}/nothing").status_code == 404
    assert conduit.count() == 0 and wiki.count() == 0


def test_requests_are_counted_per_method_and_per_action(conduit, wiki, client):
    for method in ("project.search", "maniphest.search", "maniphest.search"):
        conduit_post(client, conduit, method)
    client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM})

    assert conduit.count("maniphest.search") == 2
    assert conduit.count() == 3
    assert conduit.counts() == {"maniphest.search": 2, "project.search": 1}
    assert wiki.counts() == {"query": 1}
    assert wiki.count(lambda r: r.params.get("titles") == TEAM) == 1
    assert wiki.count(lambda r: "content" in r.params.get("rvprop", "")) == 0
    conduit.reset_log()
    assert conduit.count() == 0


def test_latency_tops_up_each_answer_to_the_response_time(make_wiki_server, client):
    slept: list[float] = []
    server = make_wiki_server(demo_wiki(), latency=0.01, sleep=slept.append)

    for _ in range(3):
        client.get(server.url, params={**IDS_PARAMS, "titles": TEAM})

    assert len(slept) == 3
    assert all(0 < s <= 0.01 for s in slept)  # the rest of the 10 ms the fake did not use
    assert all(r.latency_s == 0.01 for r in server.requests)


def test_no_answer_leaves_before_its_response_time(make_wiki_server, client):
    """With the real clock: the fake waits out its latency (the end of it awake, see _wait_latency)."""
    server = make_wiki_server(demo_wiki(), latency=0.02)
    for _ in range(5):
        began = time.monotonic()
        assert client.get(server.url, params={**IDS_PARAMS, "titles": TEAM}).status_code == 200
        assert time.monotonic() - began >= 0.02


def test_latency_is_also_applied_to_faulted_answers(make_conduit_server, client):
    slept: list[float] = []
    server = make_conduit_server(StandInConduit(), latency=0.5, sleep=slept.append)
    server.fail_next(1, hs.HTTP_503)

    assert conduit_post(client, server, "user.search").status_code == 503
    assert len(slept) == 1 and slept[0] > 0.4


def test_large_answers_are_gzipped_only_for_clients_that_accept_it(make_wiki_server):
    fake = demo_wiki()
    fake.set_page(GOALS, "a goal row\n" * 500)
    server = make_wiki_server(fake)
    params = {**CONTENT_PARAMS, "titles": GOALS}

    with httpx.Client(headers={"Accept-Encoding": "gzip"}) as gz, httpx.Client(headers={"Accept-Encoding": "identity"}) as plain:
        zipped, unzipped = gz.get(server.url, params=params), plain.get(server.url, params=params)

    assert zipped.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in unzipped.headers
    assert int(zipped.headers["Content-Length"]) < int(unzipped.headers["Content-Length"])
    assert zipped.json() == unzipped.json()


# ---- fault injection ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind, status", [(hs.HTTP_500, 500), (hs.HTTP_502, 502), (hs.HTTP_503, 503)])
def test_server_error_faults_answer_their_status_then_recover(conduit, client, kind, status):
    conduit.fail_next(2, kind)

    statuses = [conduit_post(client, conduit, "user.search").status_code for _ in range(3)]

    assert statuses == [status, status, 200]
    assert [r.fault for r in conduit.requests] == [kind, kind, None]
    assert len(conduit.fake.request_log) == 1  # failed requests never reached the fake


def test_rate_limit_fault_is_phabricators_plain_text_429(conduit, client):
    conduit.fail_next(1, hs.HTTP_429)

    response = conduit_post(client, conduit, "maniphest.search")

    assert response.status_code == 429
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Retry-After" not in response.headers
    assert response.text == 'TOO MANY REQUESTS\nYou ("127.0.0.1") are issuing too many requests too quickly.'
    with pytest.raises(json.JSONDecodeError):
        response.json()


@pytest.mark.parametrize("server_name", ["conduit", "wiki"])
def test_malformed_json_fault_is_a_complete_200_body_that_does_not_parse(request, client, server_name):
    server = request.getfixturevalue(server_name)
    server.fail_next(1, hs.MALFORMED_JSON)

    response = (conduit_post(client, server, "user.search") if server_name == "conduit"
                else client.get(server.url, params={**IDS_PARAMS, "titles": TEAM}))

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_truncated_fault_breaks_the_body_after_the_server_acted(conduit, client):
    conduit.fail_next(1, hs.TRUNCATED)

    with pytest.raises(httpx.RemoteProtocolError):
        conduit_post(client, conduit, "maniphest.edit", {"objectIdentifier": "T1"})
    after = conduit_post(client, conduit, "user.search")

    assert after.status_code == 200
    assert [m for m, _, _ in conduit.fake.request_log] == ["maniphest.edit", "user.search"]


def test_conduit_error_fault_is_an_http_200_error_envelope(conduit, client):
    conduit.fail_next(1, hs.CONDUIT_ERROR, code="ERR-INVALID-AUTH", info="API token is not valid.")
    conduit.fail_next(1, hs.CONDUIT_ERROR)

    first = conduit_post(client, conduit, "user.search")
    second = conduit_post(client, conduit, "user.search")

    assert first.status_code == 200
    assert first.json() == {"result": None, "error_code": "ERR-INVALID-AUTH", "error_info": "API token is not valid."}
    assert second.json()["error_code"] == "ERR-CONDUIT-CORE" and second.json()["result"] is None


def test_wiki_api_error_fault_carries_the_mediawiki_error_header(wiki, client):
    wiki.fail_next(1, hs.API_ERROR, code="readonly", info="The wiki is currently in read-only mode.")

    response = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM})

    assert response.status_code == 200
    assert response.headers["MediaWiki-API-Error"] == "readonly"
    assert response.json()["error"]["code"] == "readonly"


@pytest.mark.parametrize("server_name", ["conduit", "wiki"])
def test_hang_fault_outlasts_the_client_timeout(request, server_name):
    server = request.getfixturevalue(server_name)
    server.hang_s = 2.0
    server.fail_next(1, hs.HANG)

    with httpx.Client(timeout=0.2) as short:
        with pytest.raises(httpx.ReadTimeout):
            if server_name == "conduit":
                conduit_post(short, server, "user.search")
            else:
                short.get(server.url, params={**IDS_PARAMS, "titles": TEAM})
    assert server.requests[-1].fault == hs.HANG


@pytest.mark.parametrize("server_name", ["conduit", "wiki"])
def test_reset_fault_drops_the_connection_without_an_answer(request, client, server_name):
    server = request.getfixturevalue(server_name)
    server.fail_next(1, hs.RESET)

    with pytest.raises(httpx.ReadError, match="reset"):  # RST, not a clean close (RemoteProtocolError)
        if server_name == "conduit":
            conduit_post(client, server, "user.search")
        else:
            client.get(server.url, params={**IDS_PARAMS, "titles": TEAM})
    assert server.requests[-1].fault == hs.RESET


def test_fail_on_hits_only_its_method_after_letting_some_through(conduit, client):
    conduit.fail_on("maniphest.search", hs.HTTP_503, after=1, times=2)

    calls = ["maniphest.search", "user.search", "maniphest.search", "maniphest.search", "maniphest.search"]
    statuses = [conduit_post(client, conduit, m).status_code for m in calls]

    assert statuses == [200, 200, 503, 503, 200]


def test_fail_on_accepts_a_predicate_over_the_request(wiki, client):
    wiki.fail_on(lambda r: "content" in r.params.get("rvprop", ""), hs.HTTP_500)

    ids = client.get(wiki.url, params={**IDS_PARAMS, "titles": TEAM})
    content = client.get(wiki.url, params={**CONTENT_PARAMS, "titles": TEAM})

    assert (ids.status_code, content.status_code) == (200, 500)


def test_an_unknown_fault_kind_is_refused(conduit):
    with pytest.raises(ValueError, match="unknown fault kind"):
        conduit.fail_next(1, "gremlins")


# ---- lifecycle ------------------------------------------------------------------------------------


def test_close_ends_a_hanging_request_and_refuses_new_connections(make_conduit_server):
    server = make_conduit_server(StandInConduit(), hang_s=25)
    server.fail_next(1, hs.HANG)
    outcome: list[object] = []

    def call():
        try:
            with httpx.Client(timeout=20) as c:
                outcome.append(conduit_post(c, server, "user.search"))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    for _ in range(200):
        if server.count():
            break
        threading.Event().wait(0.01)
    server.close()
    caller.join(timeout=10)

    assert not caller.is_alive()
    assert isinstance(outcome[0], httpx.TransportError)
    with pytest.raises(httpx.ConnectError), httpx.Client(timeout=2) as c:
        conduit_post(c, server, "user.search")


def test_wiki_server_fixture_serves_the_demo_folder(wiki_server, client):
    titles = list(wiki_server.fake.pages)

    answer = client.get(wiki_server.url, params={**IDS_PARAMS, "titles": "|".join(titles) or "Nothing"}).json()

    assert {p["title"] for p in answer["query"]["pages"] if not p.get("missing")} == set(titles)


def test_conduit_server_fixture_serves_the_demo_board(request, client):
    pytest.importorskip("lib.demo.conduit_fake")
    pytest.importorskip("lib.demo.dataset")
    server = request.getfixturevalue("conduit_server")
    params = {"__conduit__": {"token": server.fake.token}, "constraints": {"projects": [server.fake.board_slug]}}

    answer = client.post(f"{server.url}/api/maniphest.search", data={"params": json.dumps(params)}).json()
    refused = client.post(f"{server.url}/api/maniphest.search", data={"output": "json"}).json()

    assert answer["error_code"] is None and answer["result"]["data"]
    assert refused["result"] is None and refused["error_code"] == "ERR-INVALID-SESSION"
    assert server.count("maniphest.search") == 2
