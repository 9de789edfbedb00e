"""What the wiki client says about pages it cannot read: each answer as a real MediaWiki sends it."""

from __future__ import annotations

import json
import re
import unicodedata

import httpx
import pytest

from lib.sync.errors import SyncError
from lib.sync.http import HttpClient
from lib.sync.mediawiki import MediaWiki

API = "https://wiki.example.org/w/api.php"


def wiki_answering(page: dict) -> MediaWiki:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"batchcomplete": True, "query": {"pages": [page]}})
    return MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0), API)


def revision(**slot) -> dict:
    return {"revid": 7, "parentid": 6, "timestamp": "2026-11-20T10:00:00Z",
            "slots": {"main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki", **slot}}}


@pytest.mark.parametrize("page, message", [
    ({"title": "Goals", "invalid": True, "invalidreason": "The requested page title contains invalid characters: \"|\"."},
     'title "Goals" is invalid on https://wiki.example.org/w/api.php: The requested page title contains invalid'),
    ({"title": "Goals", "missing": True}, 'Wiki page "Goals" does not exist'),
    ({"title": "Goals", "revisions": [revision(texthidden=True)]}, "hidden or missing on the wiki (revision-deleted)"),
    ({"title": "Goals", "revisions": [revision(contentmodel="json", content="{}")]}, 'holds json content, not wikitext'),
    # the wiki cannot load the revision's stored text
    ({"title": "Goals", "revisions": [revision(missing=True)]}, "hidden or missing on the wiki"),
    ({"title": "Goals", "revisions": [{"revid": 7, "timestamp": "2026-11-20T10:00:00Z", "slotsmissing": True}]},
     "hidden or missing on the wiki"),
])
def test_a_page_that_cannot_be_read_says_why(page, message):
    with pytest.raises(SyncError) as err:
        wiki_answering(page).revisions(["Goals"], content=True)
    assert message in str(err.value)


def test_the_revision_knows_the_title_of_the_page_a_redirect_led_to():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps({"query": {
            "redirects": [{"from": "Goals/Current", "to": "Goals/2017-18 Q2"}],
            "pages": [{"title": "Goals/2017-18 Q2", "revisions": [revision(content="text")]}]}}))
    wiki = MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler)), API)
    rev = wiki.revisions(["Goals/Current"], content=True)["Goals/Current"]
    assert (rev.title, rev.real_title, rev.content) == ("Goals/Current", "Goals/2017-18 Q2", "text")


def wiki_sending(*answers: dict, requests: list | None = None, login: tuple[str, str] | None = None) -> MediaWiki:
    """A wiki that sends these answers in turn (the last one again when they run out)."""
    sent = iter(answers)
    last = [answers[-1]]

    def handler(request: httpx.Request) -> httpx.Response:
        if requests is not None:
            requests.append(request)
        last[0] = next(sent, last[0])
        return httpx.Response(200, json=last[0])
    return MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0), API,
                     login)


def page(title: str) -> dict:
    return {"title": title, "revisions": [revision(content="text")]}


def test_a_continue_that_comes_again_ends_with_a_clear_error():
    requests: list = []
    stuck = {"continue": {"rvcontinue": "7|7", "continue": "||"}, "query": {"pages": [page("Goals")]}}
    with pytest.raises(SyncError, match="continue from .* again"):
        wiki_sending(stuck, requests=requests).revisions(["Goals"], content=True)
    assert len(requests) == 2


def test_titles_are_followed_through_any_number_of_redirects_and_a_loop_is_named():
    chain = {"query": {"normalized": [{"from": "goals/current", "to": "Goals/current"}],
                       "redirects": [{"from": "Goals/current", "to": "Goals/Current"}, {"from": "Goals/Current", "to": "G1"},
                                     {"from": "G1", "to": "G2"}, {"from": "G2", "to": "G3"}],
                       "pages": [page("G3")]}}
    assert wiki_sending(chain).revisions(["goals/current"], content=True)["goals/current"].real_title == "G3"
    loop = {"query": {"redirects": [{"from": "A", "to": "B"}, {"from": "B", "to": "A"}], "pages": []}}
    with pytest.raises(SyncError, match=r'"A" redirects in a loop \(A → B → A\)'):
        wiki_sending(loop).revisions(["A"], content=True)


@pytest.mark.parametrize("answer, message", [
    ({"query": {"interwiki": [{"title": "meta:Goals", "iw": "meta"}]}}, 'is on another wiki ("meta:Goals")'),
    ({"query": {"pages": [{"title": "Special:RecentChanges", "ns": -1, "special": True}]}}, "is a special page"),
    ({"error": "invalid_token", "error_description": "expired"}, "Wiki API error: invalid_token"),
])
def test_pages_no_sync_can_read_say_what_they_are(answer, message):
    title = {"is a special page": "Special:RecentChanges"}.get(message, "meta:Goals")
    with pytest.raises(SyncError, match=re.escape(message)):
        wiki_sending(answer).revisions([title], content=True)


def test_an_old_wikis_pages_keyed_by_id_and_a_title_in_decomposed_unicode_are_read():
    requests: list = []
    old_style = {"query": {"pages": {"12": page("Équipe/Processus")}}}
    nfd = unicodedata.normalize("NFD", "Équipe/Processus")
    rev = wiki_sending(old_style, requests=requests).revisions([nfd], content=True)[nfd]
    assert rev.content == "text" and requests[0].url.params["titles"] == "Équipe/Processus"


SPLIT = "\n@@leads-planning-dashboard:next-call@@\n"


@pytest.mark.parametrize("expanded, fails", [
    ('|-\n| Ship it || Ann || <span class="error">at risk</span>', False),  # a row that styles a cell
    ('|-\n| Cite || <span class="cs1-visible-error citation-comment">x</span>', False),
    ("[[:Template:Goal Row]]", True),  # MediaWiki's answer to a missing template
    ("[[:Goals/Row]]", True),  # to a missing page transcluded as a template
    ('<span class="error">Template loop detected: [[Template:Goal row]]</span>', True),
    ('<strong class="error"><span class="scribunto-error" id="mw-scribunto-error-1">Lua error</span></strong>', True),
])
def test_an_expansion_fails_only_when_the_wiki_could_not_expand_the_call(expanded, fails):
    wiki = wiki_sending({"expandtemplates": {"wikitext": f"|-\n| A || Bo{SPLIT}{expanded}"}})
    calls = ["{{Goal row|A|Bo}}", "{{Goal Row|B|Cy}}"]
    if fails:
        with pytest.raises(SyncError, match=r"the row template call '\{\{Goal Row\|B\|Cy\}\}' did not expand"):
            wiki.expand_templates("Goals", calls)
    else:
        assert wiki.expand_templates("Goals", calls)[1] == expanded


@pytest.mark.parametrize("page, message", [
    ({"ns": 0, "title": "Goals", "missing": ""}, 'Wiki page "Goals" does not exist'),
    ({"ns": -1, "title": "Goals", "special": ""}, "is a special page"),
])
def test_an_old_wiki_marks_page_flags_with_empty_strings(page, message):
    with pytest.raises(SyncError, match=message):
        wiki_sending({"query": {"pages": {"-1": page}}}).revisions(["Goals"], content=True)


def test_an_old_wikis_answer_gives_the_text_under_a_star():
    old = {"query": {"pages": {"12": {"pageid": 12, "ns": 0, "title": "Goals", "revisions": [
        {"revid": 7, "timestamp": "2017-10-02T10:00:00Z", "contentformat": "text/x-wiki", "contentmodel": "wikitext",
         "*": "{| ... |}"}]}}}}
    assert wiki_sending(old).revisions(["Goals"], content=True)["Goals"].content == "{| ... |}"


DENIED = {"error": {"code": "readapidenied", "info": "You need read permission to use this module."}}
LOGIN = ("Ann@dashboard", "s3cr3tb0tpassw0rd")
TOKEN = {"batchcomplete": True, "query": {"tokens": {"logintoken": "b5780b6e2f27e20b450921d9461010b4+\\"}}}
LOGGED_IN = {"login": {"result": "Success", "lguserid": 7, "lgusername": "Ann"}}


def test_a_wiki_that_anonymous_readers_cannot_read_names_the_login_settings():
    with pytest.raises(SyncError, match="does not let anonymous readers read it: set WIKI_USERNAME and WIKI_PASSWORD"):
        wiki_sending(DENIED).revisions(["Goals"], content=False)


def test_the_bot_password_goes_in_a_post_body_never_in_an_address():
    """Addresses end up in the web server's and any proxy's logs; a POST body does not."""
    requests: list = []
    wiki_sending(TOKEN, LOGGED_IN, {"query": {"pages": [page("Goals")]}}, requests=requests,
                 login=LOGIN).revisions(["Goals"], content=True)
    token, login, read = requests
    assert token.url.params["type"] == "login" and login.method == "POST"
    assert LOGIN[1] not in str(login.url) and LOGIN[1] in login.content.decode()
    assert "b5780b6e2f27e20b450921d9461010b4" in login.content.decode() and read.url.params["assert"] == "user"


def test_a_wiki_older_than_1_27_hands_out_its_login_token_through_the_login_itself():
    requests: list = []
    no_token_type = {"warnings": {"tokens": {"warnings": 'Unrecognized value for parameter "type": login.'}},
                     "batchcomplete": True, "query": {"tokens": {}}}
    need = {"login": {"result": "NeedToken", "token": "c0ffee", "cookieprefix": "wiki", "sessionid": "abc"}}
    rev = wiki_sending(no_token_type, need, LOGGED_IN, {"query": {"pages": [page("Goals")]}}, requests=requests,
                       login=LOGIN).revisions(["Goals"], content=True)["Goals"]
    assert rev.content == "text" and "lgtoken=c0ffee" in requests[2].content.decode()


@pytest.mark.parametrize("answer, message", [
    ({"result": "Failed", "reason": "Incorrect username or password entered. Please try again."},
     "refused the sync's login as 'Ann@dashboard': Incorrect username or password entered. Please try again. "
     "Check WIKI_USERNAME and WIKI_PASSWORD: a bot password made at Special:BotPasswords on that wiki "
     "(WIKI_USERNAME its login name, User@BotName; WIKI_PASSWORD its password)."),
    ({"result": "Aborted", "reason": "Authentication requires user interaction, which is not supported by action=login."},
     "requires user interaction, which is not supported by action=login. Log in with a bot password made"),
    ({"result": "Failed", "reason": {"code": "wrongpassword", "text": "Incorrect password"}}, ": Incorrect password. Check"),
    ({"result": "WrongToken"}, "lost the login's session between its two steps (WrongToken): the session cookie"),
    # the code, whatever language the wiki answers in
    ({"result": "Failed", "reason": {"code": "sessionlost", "text": "Anmeldung kann nicht fortgesetzt werden."}},
     "lost the login's session between its two steps (sessionlost): the session cookie it set did not come back"),
    ({"result": "Throttled", "wait": 300}, "too many login attempts; try again in 300 seconds"),
    ({"result": "NeedToken", "token": "b5780b6e2f27e20b450921d9461010b4+\\"}, "(NeedToken): no reason given."),
    ({"result": "Blocked"}, "(Blocked): no reason given. Check WIKI_USERNAME"),
])
def test_a_refused_login_says_what_to_check_and_never_shows_the_password(answer, message):
    requests: list = []
    with pytest.raises(SyncError) as err:
        wiki_sending(TOKEN, {"login": answer}, requests=requests, login=LOGIN).revisions(["Goals"], content=False)
    assert message in str(err.value) and LOGIN[1] not in str(err.value)
    assert [r.url.params.get("action") or "login" for r in requests] == ["query", "login"]  # no page read unasked


def test_a_wiki_that_forgets_the_login_at_once_says_its_cookie_does_not_come_back():
    forgot = {"error": {"code": "assertuserfailed", "info": "You are no longer logged in, so the action could not be completed."}}
    requests: list = []
    with pytest.raises(SyncError, match="forgot the sync's login right after it was made, twice: the session cookie"):
        wiki_sending(TOKEN, LOGGED_IN, forgot, TOKEN, LOGGED_IN, forgot, requests=requests,
                     login=LOGIN).revisions(["Goals"], content=False)
    assert len(requests) == 6


def test_an_account_that_may_not_read_is_named():
    with pytest.raises(SyncError, match="does not let 'Ann@dashboard' \\(WIKI_USERNAME\\) read it: give that account"):
        wiki_sending(TOKEN, LOGGED_IN, DENIED, TOKEN, LOGGED_IN, DENIED, login=LOGIN).revisions(["Goals"], content=False)


def test_a_database_error_of_the_wiki_is_tried_again_and_named_when_it_stays():
    db_error = {"error": {"code": "internal_api_error_DBQueryTimeoutError", "info": "[abc] Database query error."}}
    requests, sleeps = [], []

    def wiki(*answers):
        w = wiki_sending(*answers, requests=requests)
        w.http.sleep = sleeps.append
        return w
    assert wiki(db_error, {"query": {"pages": [page("Goals")]}}).revisions(["Goals"], content=True)["Goals"].content == "text"
    assert len(requests) == 2 and len(sleeps) == 1
    with pytest.raises(SyncError, match=r"Database query error\. \(the wiki's database failed 5 times in a row"):
        wiki(db_error).revisions(["Goals"], content=True)


def test_every_wiki_is_asked_for_todays_continuation_and_an_old_style_answer_is_named():
    requests: list = []
    wiki_sending({"query": {"pages": [page("Goals")]}}, requests=requests).revisions(["Goals"], content=True)
    assert requests[0].url.params["continue"] == ""
    old = {"query-continue": {"revisions": {"rvcontinue": 8}}, "query": {"pages": [page("Goals")]}}
    with pytest.raises(SyncError, match="continues its answer the old way"):
        wiki_sending(old).revisions(["Goals"], content=True)


def test_credentials_in_the_wiki_url_go_with_every_request_after_a_redirect_to_https():
    """A private wiki behind a proxy: http://bot:secret@… redirects to https:// on the same host."""
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.scheme, request.headers.get("authorization")))
        if request.url.scheme == "http":
            return httpx.Response(301, headers={"Location": f"https://wiki.example.org{request.url.raw_path.decode()}"})
        if not request.headers.get("authorization"):
            return httpx.Response(401, text="login first")
        if request.method == "GET":
            return httpx.Response(200, json={"query": {"pages": [page("Goals")]}})
        return httpx.Response(200, json={"expandtemplates": {"wikitext": "|-\n| a"}})
    wiki = MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0),
                     "http://bot:secret@wiki.example.org/w/api.php")
    assert wiki.revisions(["Goals"], content=True)["Goals"].content == "text"
    assert wiki.expand_templates("Goals", ["{{Goal row|a}}"]) == ["|-\n| a"]
    basic = "Basic " + __import__("base64").b64encode(b"bot:secret").decode()
    assert seen[-1] == ("POST", "https", basic)


def test_credentials_do_not_follow_a_redirect_to_another_host():
    from lib.sync.mediawiki import _followed
    assert _followed("http://bot:secret@wiki.example.org/w/api.php",
                     httpx.URL("https://other.example.org/w/api.php?x=1")) == "https://other.example.org/w/api.php"
    assert _followed("http://bot:secret@wiki.example.org/w/api.php",
                     httpx.URL("https://wiki.example.org/w/api.php")) == "https://bot:secret@wiki.example.org/w/api.php"
    # never down to plain http, nor to another port
    assert _followed("https://bot:secret@wiki.example.org/w/api.php",
                     httpx.URL("http://wiki.example.org/w/api.php")) == "http://wiki.example.org/w/api.php"
    assert _followed("https://bot:secret@wiki.example.org/w/api.php",
                     httpx.URL("https://wiki.example.org:8443/w/api.php")) == "https://wiki.example.org:8443/w/api.php"


def test_a_refused_login_is_not_tried_again_in_the_run():
    """A wiki locks an account out after a few refused logins (five in five minutes by default): the
    later pages of the run, each read on its own, must not each try the password again."""
    requests: list = []
    wiki = wiki_sending(TOKEN, {"login": {"result": "Failed", "reason": "Incorrect password."}}, requests=requests,
                        login=LOGIN)
    for _ in range(3):
        with pytest.raises(SyncError, match="Incorrect password"):
            wiki.expand_templates("Goals", ["{{Goal row|a}}"])
    assert len(requests) == 2


def test_the_login_follows_no_redirect_so_the_password_goes_nowhere_else():
    requests: list = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.method == "POST":
            return httpx.Response(308, headers={"Location": "https://elsewhere.example.net/w/api.php"})
        return httpx.Response(200, json=TOKEN)
    wiki = MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0), API,
                     LOGIN)
    with pytest.raises(SyncError, match="redirects to https://elsewhere.example.net"):
        wiki.revisions(["Goals"], content=False)
    assert [r.url.host for r in requests] == ["wiki.example.org", "wiki.example.org"]


@pytest.mark.parametrize("moved_to", ["https://mirror.example.net/w/api.php", "http://wiki.example.org/w/api.php"])
def test_the_password_is_not_sent_where_a_redirect_of_the_api_led(moved_to):
    """Another host, or plain http for an https address: the reads may follow, the password does not."""
    requests: list = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if str(request.url).startswith(API):
            return httpx.Response(301, headers={"Location": f"{moved_to}?{request.url.query.decode()}"})
        return httpx.Response(200, json=TOKEN)
    wiki = MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0), API,
                     LOGIN)
    with pytest.raises(SyncError, match="sends the wiki password only to the address WIKI_API_URL names"):
        wiki.revisions(["Goals"], content=False)
    assert [r.method for r in requests] == ["GET", "GET"] and all(LOGIN[1] not in str(r.url) for r in requests)
