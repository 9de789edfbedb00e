"""HTTP with retries, backoff and a request counter, shared by both API clients.

Transient failures (timeouts, connection errors, 429, 5xx) are retried with exponential backoff,
honouring Retry-After when the server sends one; anything else fails at once with a clear message.
The transport is passed in, so the demo and the tests swap it instead of patching.
"""

from __future__ import annotations

import email.utils
import functools
import json
import ssl
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

import httpcore  # noqa: F401 - httpx imports it at its first client (~20 ms): at import time, not in a run
import httpx

from lib.sync.errors import MalformedAnswer, SyncHTTPError

APP_NAME = "LeadsPlanningDashboardBot/1.0"
MAX_RETRY_DELAY_S = 60.0


def user_agent(contact: str) -> str:
    """Wikimedia's User-Agent policy: name/version (contact) library/version."""
    return f"{APP_NAME} ({contact}) httpx/{httpx.__version__}"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi, SSL_CERT_FILE/DIR), built once per process:
    loading the CA bundle costs tens of milliseconds for every client otherwise."""
    return httpx.create_ssl_context()


def trusting_nothing() -> ssl.SSLContext:
    """A verifying context with no CA at all: every TLS handshake fails. For a client that only ever
    speaks plain HTTP, so that loading the CA bundle is not paid for and a stray https:// request
    fails instead of going out unverified."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # check_hostname on, CERT_REQUIRED, nothing trusted


def retry_after(response: httpx.Response) -> float | None:
    """The wait a `Retry-After` header asks for, in seconds (it may be a number or an HTTP date),
    at most MAX_RETRY_DELAY_S; None when there is none or it cannot be read."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_DELAY_S)


class HttpClient:
    def __init__(
        self,
        *,
        contact: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        follow_redirects: bool = True,
        plain_http_only: bool = False,
        unreachable_hint: str = "",
    ):
        """`plain_http_only`: the client talks to an http:// address and follows no redirect, so it
        needs no CA bundle (see trusting_nothing). `unreachable_hint` ends the message of a request that
        failed every retry for want of an answer (no connection, timeouts, 5xx): which setting to check."""
        if plain_http_only and follow_redirects:
            raise ValueError("a client that follows redirects may be sent to https://")
        self._options = dict(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": user_agent(contact), "Accept-Encoding": "gzip"},
            follow_redirects=follow_redirects,
        )
        self._plain_http_only = plain_http_only
        self._unreachable_hint = unreachable_hint
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()
        self._closed = False
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.requests = 0  # every HTTP request actually sent, retries included
        self._count_lock = threading.Lock()  # a run sends from two threads at once

    def _http(self) -> httpx.Client:
        """The httpx client, made at the first request: in the thread that sends it, so the CA
        bundle of a wiki client loads beside the Phabricator requests, not before them."""
        with self._client_lock:
            if self._closed:
                raise SyncHTTPError("the HTTP client was closed; a closed client sends nothing")
            if self._client is None:
                verify = trusting_nothing() if self._plain_http_only else _tls_context()
                self._client = httpx.Client(verify=verify, **self._options)
            return self._client

    def clear_cookies(self) -> None:
        """Forget every cookie the servers set (a login's session, before logging in again)."""
        with self._client_lock:
            if self._client is not None:
                self._client.cookies.clear()

    def close(self) -> None:
        with self._client_lock:
            self._closed = True
            if self._client is not None:
                self._client.close()

    def send(self, method: str, url: str, *, what: str, idempotent: bool = True,
             on_sent: Callable[[], None] | None = None, **kwargs) -> httpx.Response:
        """Send one request, retrying transient failures. `what` names the call in error messages.
        A non-idempotent call (an edit) is retried only when the server surely did not act on it.
        `on_sent` is called (in this thread) each time the request is on the wire and only the
        answer is awaited."""
        if on_sent is not None:
            def trace(event: str, _info: dict) -> None:
                if event.endswith("send_request_body.complete"):
                    on_sent()
            kwargs["extensions"] = {**kwargs.get("extensions", {}), "trace": trace}
        last = ""
        for attempt in range(self.retries + 1):
            with self._count_lock:
                self.requests += 1
            delay = self.backoff * (2**attempt)
            try:
                response = self._http().request(method, url, **kwargs)
            except httpx.TooManyRedirects:
                raise SyncHTTPError(f"{what}: the server redirects in a loop (check the URL and any proxy or "
                                    "login page in front of it)") from None
            except httpx.DecodingError as exc:
                raise SyncHTTPError(f"{what}: the answer could not be decoded ({exc}); a proxy may mislabel "
                                    "its encoding") from None
            except httpx.TimeoutException:
                last = "timed out"
                if not idempotent:
                    break
            except httpx.ConnectError as exc:
                last = f"could not connect ({exc})"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__})"
                if not idempotent:
                    break
            else:
                status = response.status_code
                if 300 <= status < 400:
                    # Not followed for Conduit: a redirected POST would lose its body or resend the token.
                    where = response.headers.get("Location", "elsewhere")
                    raise SyncHTTPError(f"{what}: the server redirects to {where}; set the URL to that address")
                if status < 400:
                    return response
                if status == 429 or status >= 500:
                    # Phabricator's 429 has a plain-text body and no Retry-After: never decode it.
                    last = f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
                    delay = retry_after(response) or delay
                    if status != 429 and not idempotent:
                        break
                else:
                    hint = {401: "unauthorised", 403: "forbidden (check the token and the User-Agent policy)",
                            404: "not found (check the URL)"}.get(status, "client error")
                    raise SyncHTTPError(f"{what}: HTTP {status} {hint}")
            if attempt < self.retries:
                self.sleep(min(delay, MAX_RETRY_DELAY_S))
        hint = f" ({self._unreachable_hint})" if self._unreachable_hint and not last.startswith("HTTP 429") else ""
        raise SyncHTTPError(f"{what}: {last}; gave up after {attempt + 1} attempt(s){hint}")


def decode_json(response: httpx.Response, what: str, web_page_hint: str = ""):
    """The answer's JSON. A web page instead (a wiki article or a login page in front of the API, which
    answer 200) says so, with `web_page_hint`: which setting to check."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = response.content.strip()
        if not body:
            raise MalformedAnswer(f"{what}: the answer is empty (HTTP {response.status_code}, no JSON)") from None
        snippet = response.text.strip()[:80].replace("\n", " ")
        if body.startswith(b"<") and web_page_hint:
            raise MalformedAnswer(f"{what}: the answer is a web page, not JSON (starts with {snippet!r}); "
                                  f"{web_page_hint}") from None
        raise MalformedAnswer(f"{what}: the answer is not JSON (starts with {snippet!r})") from None
