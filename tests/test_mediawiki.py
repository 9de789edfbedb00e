"""What the wiki client says about pages it cannot read: each answer as a real MediaWiki sends it."""

from __future__ import annotations

import json

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
