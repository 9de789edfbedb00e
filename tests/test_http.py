"""The shared HTTP client: what is retried, what is not, redirects, and which certificates it trusts."""

from __future__ import annotations

import ssl

import httpx
import pytest

from lib.sync.errors import SyncHTTPError
from lib.sync.http import HttpClient, trusting_nothing


def client(handler, **kwargs) -> HttpClient:
    return HttpClient(contact="tests@example.org", transport=httpx.MockTransport(handler), retries=2,
                      sleep=lambda _s: None, **kwargs)


def test_a_redirect_is_refused_with_the_address_to_configure_when_not_followed():
    http = client(lambda r: httpx.Response(301, headers={"Location": "https://phab.example.org/api/x"}),
                  follow_redirects=False)
    with pytest.raises(SyncHTTPError, match="redirects to https://phab.example.org/api/x"):
        http.send("POST", "http://phab.example.org/api/x", what="Conduit x", data={"params": "{}"})
    assert http.requests == 1


def test_a_client_error_is_not_retried():
    http = client(lambda r: httpx.Response(403, text="forbidden"))
    with pytest.raises(SyncHTTPError, match="HTTP 403 forbidden"):
        http.send("GET", "https://wiki.example.org/w/api.php", what="Wiki API")
    assert http.requests == 1


def test_an_edit_is_not_retried_after_a_server_error():
    http = client(lambda r: httpx.Response(502, text="bad gateway"))
    with pytest.raises(SyncHTTPError, match="HTTP 502"):
        http.send("POST", "https://phab.example.org/api/maniphest.edit", what="Conduit maniphest.edit",
                  idempotent=False)
    assert http.requests == 1  # the server may have acted: a retry could post the comment twice


def test_retry_after_is_honoured_and_capped():
    answers = iter([httpx.Response(503, headers={"Retry-After": "3"}), httpx.Response(200, json={})])
    sleeps = []
    http = HttpClient(contact="t@example.org", transport=httpx.MockTransport(lambda r: next(answers)), retries=2,
                      sleep=sleeps.append)
    assert http.send("GET", "https://wiki.example.org/w/api.php", what="Wiki API").status_code == 200
    assert sleeps == [3.0]


def test_a_context_for_plain_http_trusts_no_certificate():
    ctx = trusting_nothing()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    assert ctx.cert_store_stats()["x509_ca"] == 0  # so any https:// handshake fails verification


def test_a_plain_http_client_may_not_follow_redirects():
    with pytest.raises(ValueError, match="redirects"):
        HttpClient(contact="t@example.org", plain_http_only=True)


def _settings(url: str, token: str, slug: str):
    from pathlib import Path

    from lib.config import load_settings
    return load_settings(env={"PHABRICATOR_URL": url, "PHABRICATOR_TOKEN": token, "PHABRICATOR_PROJECT": slug},
                         secrets_path=Path("/nonexistent"))


def test_a_conduit_at_an_http_address_never_loads_the_ca_bundle(conduit_server, monkeypatch):
    from lib.sync import http
    from lib.sync.conduit import Conduit

    def no_bundle():
        raise AssertionError("the CA bundle was loaded")
    monkeypatch.setattr(http, "_tls_context", no_bundle)
    fake = conduit_server.fake
    conduit = Conduit.from_settings(_settings(conduit_server.url, fake.token, fake.board_slug))
    assert conduit.call("maniphest.priority.search")["data"]  # a real request over loopback HTTP
    https = Conduit.from_settings(_settings(conduit_server.url.replace("http://", "https://"), fake.token,
                                            fake.board_slug))
    with pytest.raises(AssertionError, match="CA bundle"):  # an https:// address does verify
        https.call("maniphest.priority.search")


def test_a_closed_client_says_so_instead_of_opening_another():
    http = client(lambda r: httpx.Response(200, json={}))
    http.close()  # before any request: nothing was opened, and nothing will be
    with pytest.raises(SyncHTTPError, match="closed"):
        http.send("GET", "https://wiki.example.org/w/api.php", what="Wiki API")


def test_retry_after_given_as_an_http_date_is_waited_for():
    from email.utils import format_datetime
    from datetime import datetime, timedelta, timezone

    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    answers = iter([httpx.Response(429, headers={"Retry-After": later}), httpx.Response(200, json={})])
    sleeps = []
    http = HttpClient(contact="t@example.org", transport=httpx.MockTransport(lambda r: next(answers)), retries=2,
                      sleep=sleeps.append)
    assert http.send("GET", "https://wiki.example.org/w/api.php", what="Wiki API").status_code == 200
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 30


@pytest.mark.parametrize("answer, message", [
    (lambda r: httpx.Response(302, headers={"Location": str(r.url)}), "redirects in a loop"),
    (lambda r: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"{}"), "could not be decoded"),
])
def test_a_redirect_loop_or_a_mislabelled_answer_is_a_clear_sync_error(answer, message):
    http = HttpClient(contact="t@example.org", transport=httpx.MockTransport(answer), retries=2)
    with pytest.raises(SyncHTTPError, match=message):
        http.send("GET", "https://wiki.example.org/w/api.php", what="Wiki API")
    assert http.requests == 1  # not retried: it would go the same way


def test_an_empty_answer_is_called_empty_not_json_starting_with_nothing():
    from lib.sync.errors import MalformedAnswer
    from lib.sync.http import decode_json

    with pytest.raises(MalformedAnswer, match=r"Wiki API: the answer is empty \(HTTP 200, no JSON\)"):
        decode_json(httpx.Response(200, content=b" \n"), "Wiki API")
    with pytest.raises(MalformedAnswer, match=r"not JSON \(starts with '<html>"):
        decode_json(httpx.Response(200, content=b"<html>"), "Wiki API")
    login_page = httpx.Response(200, content=b"\n<!DOCTYPE html><title>Sign in</title>")
    with pytest.raises(MalformedAnswer, match=r"Conduit user.search: the answer is a web page, not JSON \(starts with "
                                              r"'<!DOCTYPE html><title>Sign in.*'\); check PHABRICATOR_URL"):
        decode_json(login_page, "Conduit user.search", "check PHABRICATOR_URL")
