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


def wiki_sending(*answers: dict, requests: list | None = None) -> MediaWiki:
    """A wiki that sends these answers in turn (the last one again when they run out)."""
    sent = iter(answers)
    last = [answers[-1]]

    def handler(request: httpx.Request) -> httpx.Response:
        if requests is not None:
            requests.append(request)
        last[0] = next(sent, last[0])
        return httpx.Response(200, json=last[0])
    return MediaWiki(HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=0), API)


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
