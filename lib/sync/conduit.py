"""A small Conduit client: one call, and a pager that follows the cursor to its end.

Parameters travel as one `params=<JSON>` form field (what arc and python-phabricator send), which is
strictly typed and keeps a long PHID list to a single form field. Conduit answers HTTP 200 even for
errors, so every answer's `error_code` is checked; auth errors are never retried.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait

import httpx

from lib.config import Settings
from lib.sync.errors import ConduitAuthError, ConduitError, MalformedAnswer
from lib.sync.http import HttpClient, decode_json

PAGE_LIMIT = 100  # the *.search engines' maximum page size
# Methods paged by ConduitAPIMethod::newPager clamp their limit to 1..1000 instead of refusing.
PAGE_LIMITS = {"edge.search": 1000, "transaction.search": 1000}
SENT_WAIT_S = 1.0  # at most this long for a paging request to leave (it always does sooner)
AUTH_ERRORS = {"ERR-INVALID-AUTH", "ERR-INVALID-SESSION", "ERR-OAUTH-ACCESS"}


class Conduit:
    def __init__(self, http: HttpClient, base_url: str, token: str):
        self.http, self.base_url, self._token = http, base_url.rstrip("/"), token

    def __repr__(self) -> str:  # never show the token
        return f"Conduit({self.base_url!r})"

    @classmethod
    def from_settings(cls, settings: Settings, transport: httpx.BaseTransport | None = None, **http_kwargs) -> "Conduit":
        settings.require_phabricator()
        http = HttpClient(contact=settings.sync_contact, transport=transport, follow_redirects=False, **http_kwargs)
        return cls(http, settings.phabricator_url, settings.phabricator_token)

    @property
    def requests(self) -> int:
        return self.http.requests

    def _redact(self, text: str) -> str:
        return (text or "").replace(self._token, self._token[:4] + "…(hidden)") if self._token else text

    def call(self, method: str, params: dict | None = None, *, idempotent: bool = True):
        """Call one method and return its `result`."""
        return self._result(method, self._post(method, params, idempotent=idempotent))

    def _post(self, method: str, params: dict | None, *, idempotent: bool = True,
              on_sent: Callable[[], None] | None = None) -> httpx.Response:
        payload = dict(params or {}, __conduit__={"token": self._token})
        return self.http.send(
            "POST",
            f"{self.base_url}/api/{method}",
            what=f"Conduit {method}",
            idempotent=idempotent,
            on_sent=on_sent,
            data={"params": json.dumps(payload), "output": "json", "__conduit__": "1"},
        )

    def _result(self, method: str, response: httpx.Response):
        answer = decode_json(response, f"Conduit {method}")
        if not isinstance(answer, dict) or "result" not in answer:
            raise MalformedAnswer(f"Conduit {method}: the answer has no 'result' key")
        code = answer.get("error_code")
        if code:
            info = self._redact(str(answer.get("error_info") or ""))
            raise (ConduitAuthError if code in AUTH_ERRORS else ConduitError)(method, code, info)
        return answer["result"]

    def search(self, method: str, params: dict | None = None) -> Iterator[list[dict]]:
        """Yield each page of a *.search method until `cursor.after` is null: ceil(N/limit) requests,
        at least one, with the largest page the method allows. Loops on the cursor, never on the page
        length (policy filtering shortens pages).

        Paging is one request at a time, so the time between an answer and the next request is what
        a long run is made of. The next request is therefore sent from the cursor read off the end of
        the raw answer (`peek_cursor`), before the page is decoded; decoding and the caller's work on
        the page then overlap the network wait. The decoded cursor is checked against the peeked one:
        an answer laid out unlike Conduit's costs one request more, never a wrong page."""
        params = dict(params or {}, limit=PAGE_LIMITS.get(method, PAGE_LIMIT))

        def fetch(after: str | None, sent: threading.Event) -> httpx.Response:
            try:
                return self._post(method, dict(params, after=after) if after else params, on_sent=sent.set)
            finally:
                sent.set()

        def start(after: str | None) -> Future:
            # Wait until the request is on the wire: the GIL would otherwise hold it back while
            # this thread decodes.
            sent = threading.Event()
            future = pool.submit(fetch, after, sent)
            sent.wait(SENT_WAIT_S)
            return future

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="conduit-pager") as pool:
            pending: Future | None = start(None)
            while pending is not None:
                response = pending.result()
                guess = peek_cursor(response.content)
                pending = start(guess) if guess else None
                result = self._result(method, response)
                if not isinstance(result, dict) or not isinstance(result.get("data"), list):
                    raise MalformedAnswer(f"Conduit {method}: the answer has no 'data' list")
                after = (result.get("cursor") or {}).get("after")
                after = str(after) if after else None
                if after != guess:
                    if pending is not None and not pending.cancel():
                        wait([pending])  # a wasted request: let it end (one at a time on the wire), ignore it
                    pending = start(after) if after else None
                try:
                    yield result["data"]
                except GeneratorExit:
                    if pending is not None:
                        pending.cancel()
                    raise

    def search_all(self, method: str, params: dict | None = None) -> list[dict]:
        return [row for page in self.search(method, params) for row in page]


_CURSOR_KEY = b'"cursor":'
_DECODER = json.JSONDecoder()


def peek_cursor(body: bytes) -> str | None:
    """The `cursor.after` of a raw Conduit answer, read without decoding the page: the last
    `"cursor":` key (PHP writes it after `data`; inside a JSON string its quotes would be escaped)
    and the object after it. None when there is none or it cannot be read."""
    at = body.rfind(_CURSOR_KEY)
    if at < 0:
        return None
    try:
        cursor, _end = _DECODER.raw_decode(body[at + len(_CURSOR_KEY):].decode("utf-8").lstrip())
    except (ValueError, UnicodeDecodeError):
        return None
    after = cursor.get("after") if isinstance(cursor, dict) else None
    return str(after) if after else None

