"""A small Conduit client: one call, and a pager that follows the cursor to its end.

Parameters travel as one `params=<JSON>` form field (what arc and python-phabricator send), which is
strictly typed and keeps a long PHID list to a single form field. Conduit answers HTTP 200 even for
errors, so every answer's `error_code` is checked; auth errors are never retried.
"""

from __future__ import annotations

import json
import math
import queue
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime

import httpx

from lib.config import Settings, shown_url
from lib.sync.errors import ConduitAuthError, ConduitError, MalformedAnswer
from lib.sync.http import HttpClient, decode_json

PAGE_LIMIT = 100  # the *.search engines' maximum page size
WEB_PAGE_HINT = ("PHABRICATOR_URL must be the server's base address (e.g. https://phabricator.example.org, "
                 "not a board's page), and its /api/ reachable without a login page in front of it")
# Methods paged by ConduitAPIMethod::newPager clamp their limit to 1..1000 instead of refusing.
PAGE_LIMITS = {"edge.search": 1000, "transaction.search": 1000}
AUTH_ERRORS = {"ERR-INVALID-AUTH", "ERR-INVALID-SESSION", "ERR-OAUTH-ACCESS"}


class Conduit:
    def __init__(self, http: HttpClient, base_url: str, token: str):
        self.http, self.base_url, self._token = http, base_url.rstrip("/"), token
        # method -> the server's clock (its Date header, epoch seconds) at the first answer of the last
        # search with that method: what was changed after that moment may be missing from its pages
        self.first_answer_at: dict[str, int] = {}

    def __repr__(self) -> str:  # never show the token
        return f"Conduit({shown_url(self.base_url)!r})"

    @classmethod
    def from_settings(cls, settings: Settings, transport: httpx.BaseTransport | None = None, **http_kwargs) -> "Conduit":
        settings.require_phabricator()
        http = HttpClient(contact=settings.sync_contact, transport=transport, follow_redirects=False,
                          plain_http_only=settings.phabricator_url.lower().startswith("http://"),
                          unreachable_hint="check PHABRICATOR_URL, and that Phabricator is up", **http_kwargs)
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
        answer = decode_json(response, f"Conduit {method}", WEB_PAGE_HINT)
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
        a long run is made of. A pager thread therefore sends the next request itself, on the cursor
        read off the end of the raw answer (`peek_cursor`), and hands the answer over; decoding and
        the caller's work on the page overlap the network wait. The caller's thread decodes each
        page and sends its real cursor back, and the pager checks it before it uses the next answer:
        an answer laid out unlike Conduit's costs one request more, never a wrong page."""
        params = dict(params or {}, limit=PAGE_LIMITS.get(method, PAGE_LIMIT))
        answers: queue.SimpleQueue = queue.SimpleQueue()  # pager -> here: a raw answer, or what it raised
        cursors: queue.SimpleQueue = queue.SimpleQueue()  # here -> pager: each page's decoded cursor
        stopped = threading.Event()

        def fetch(after: str | None, on_sent: Callable[[], None]) -> httpx.Response:
            return self._post(method, dict(params, after=after) if after else params, on_sent=on_sent)

        def pager() -> None:
            after, guessed, held = None, False, None  # held: an answer the caller does not have yet
            try:
                while not stopped.is_set():
                    # The held answer goes to the caller once this request is on the wire: decoding
                    # it sooner would hold the GIL this thread needs to send.
                    hand_over = _once(answers.put, held) if held is not None else _nothing
                    try:
                        response, failure = fetch(after, hand_over), None
                    except Exception as exc:  # noqa: BLE001 - raised below, unless the cursor was wrong
                        response, failure = None, exc
                    hand_over()
                    held = None
                    if guessed:  # asked on a peeked cursor: use the answer once the page confirms it
                        confirmed = cursors.get()
                        if confirmed is _STOP or confirmed is None:
                            return
                        if confirmed != after:  # a wasted request: ask again on the real cursor
                            after, guessed = confirmed, False
                            continue
                    if failure is not None:
                        raise failure
                    after, guessed, held = peek_cursor(response.content), True, response
                    if after is None:  # unreadable, or the last page: wait for the decoded cursor
                        answers.put(response)
                        after, guessed, held = cursors.get(), False, None
                        if after is _STOP or after is None:
                            return
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, raised there
                answers.put(exc)

        thread = threading.Thread(target=pager, name="conduit-pager", daemon=True)
        thread.start()
        used: set[str] = set()  # a cursor that comes again would page for ever
        self.first_answer_at.pop(method, None)
        asked = time.monotonic()
        try:
            while True:
                answer = answers.get()
                if isinstance(answer, BaseException):
                    raise answer
                result = self._result(method, answer)
                if not used:  # the server's clock when it began the first page: its answer's, less the wait
                    _note_server_time(self.first_answer_at, method, answer, math.ceil(time.monotonic() - asked))
                if not isinstance(result, dict) or not isinstance(result.get("data"), list):
                    raise MalformedAnswer(f"Conduit {method}: the answer has no 'data' list")
                after = (result.get("cursor") or {}).get("after")
                after = str(after) if after else None
                if after in used:
                    raise MalformedAnswer(f"Conduit {method}: the server sent the cursor {after!r} again after "
                                          f"{len(used) + 1} pages; it does not page, so the list would never end")
                used.add(after)
                cursors.put(after)
                yield result["data"]
                if after is None:
                    return
        finally:
            stopped.set()
            cursors.put(_STOP)
            if thread is not threading.current_thread():  # (a GC pass in the pager may close this)
                thread.join()  # a request still on the wire ends before the connection is used again

    def search_all(self, method: str, params: dict | None = None) -> list[dict]:
        return [row for page in self.search(method, params) for row in page]


_STOP = object()  # the caller stopped reading pages


def _note_server_time(into: dict[str, int], method: str, response: httpx.Response, waited_s: int = 0) -> None:
    """The answer's Date header as epoch seconds less `waited_s`, when it has a readable one."""
    try:
        into[method] = int(parsedate_to_datetime(response.headers["date"]).timestamp()) - waited_s
    except (KeyError, TypeError, ValueError, IndexError):
        pass


def _nothing() -> None:
    pass


def _once(call: Callable, *args) -> Callable[[], None]:
    """`call(*args)` the first time the result is called, and never again (a retried request is
    on the wire more than once). The arguments are let go once used: the request that carries this
    hook is kept by its answer, which would otherwise keep every earlier answer alive."""
    waiting = [args]

    def first() -> None:
        if waiting:
            call(*waiting.pop())
    return first


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

