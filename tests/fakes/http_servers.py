"""Real HTTP servers on 127.0.0.1 around the fake Conduit and the fake MediaWiki, with fault injection.

The sync is tested over real sockets (keep-alive, timeouts, resets and truncated bodies only exist
there), so each fake is wrapped in a stdlib ThreadingHTTPServer on an ephemeral port, served from a
daemon thread. The test steers it through the returned `ServerHandle`:

    server = serve_conduit(fake, latency=0.01)
    server.fail_next(2, HTTP_503)                       # the next two requests, whatever they ask
    server.fail_on("maniphest.search", TRUNCATED, after=1)   # every search but the first
    ... run the sync against server.url ...
    assert server.count("maniphest.search") == 3
    server.close()

Faults never reach the fake (the server "did not act"), except TRUNCATED, whose answer is computed
and then lost half-way, like a connection dropped after the server committed.
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import sys
import html
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

# Fault kinds
HTTP_500 = "http_500"
HTTP_502 = "http_502"
HTTP_503 = "http_503"
HTTP_429 = "http_429"              # Phabricator's rate limit: text/plain body, no Retry-After
MALFORMED_JSON = "malformed_json"  # HTTP 200, complete body, not JSON
TRUNCATED = "truncated"            # Content-Length promises more than is sent, then the socket closes
API_ERROR = "api_error"            # HTTP 200 with the API's own error (Conduit error_code / MediaWiki error)
CONDUIT_ERROR = API_ERROR
HANG = "hang"                      # no answer for `hang_s` seconds (bounded), then the socket closes
RESET = "reset"                    # the connection is reset (RST) without an answer
FAULT_KINDS = (HTTP_500, HTTP_502, HTTP_503, HTTP_429, MALFORMED_JSON, TRUNCATED, API_ERROR, HANG, RESET)

MAX_HANG_S = 30.0
MAX_BODY_BYTES = 10_000_000
GZIP_MIN_BYTES = 1024
IDLE_KEEPALIVE_S = 5.0  # an idle keep-alive connection is closed after this
LATENCY_SPIN_S = 0.0004  # the end of each response time is waited out awake (see _wait_latency)
MALFORMED_BODY = b'{"result":{"data":[{"id":1,"fields":{"name":"half a task"}},]},"error_code":null,"error_info":'
RATE_LIMIT_BODY = 'TOO MANY REQUESTS\nYou ("{ip}") are issuing too many requests too quickly.'
DEFAULT_CONDUIT_ERROR = ("ERR-CONDUIT-CORE", "Fault injected by the test server.")
DEFAULT_WIKI_ERROR = ("internal_api_error_DBQueryError",
                      "[fake-request-id] Caught exception of type Wikimedia\\Rdbms\\DBQueryError")


@dataclass
class RequestRecord:
    """One request as the server saw it. `name` is the Conduit method or the wiki `action`."""

    http_method: str
    path: str
    name: str | None
    params: dict
    user_agent: str | None
    headers: dict
    token: str | None = None
    fault: str | None = None
    status: int | None = None
    latency_s: float = 0.0
    arrived: float = 0.0  # time.monotonic() when the request line was read


@dataclass
class _Rule:
    match: str | Callable[[RequestRecord], bool] | None  # None: any request
    kind: str
    details: dict
    after: int = 0            # let this many matching requests through first
    times: int | None = None  # then fail this many (None: every one)
    seen: int = 0

    def take(self, record: RequestRecord) -> bool:
        hit = self.match is None or (record.name == self.match if isinstance(self.match, str) else self.match(record))
        if not hit:
            return False
        self.seen += 1
        if self.seen <= self.after:
            return False
        if self.times is not None:
            if self.times <= 0:
                return False
            self.times -= 1
        return True


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


class _Refuse(Exception):
    """Answer at once (404/405/400) without logging the request against a method."""

    def __init__(self, status: int, text: str, content_type: str = "text/plain; charset=utf-8"):
        super().__init__(text)
        self.reply = Reply(status, {"Content-Type": content_type}, text.encode())


# ---- the two APIs ----------------------------------------------------------------------------------


class _ConduitApp:
    """POST /api/<method>, form-encoded; the fake parses the form and answers the envelope."""

    url_path = ""

    def __init__(self, fake: Any):
        self.fake = fake
        # parse_form may be a method of the fake or a function of its module
        self.parse_form = getattr(fake, "parse_form", None) or getattr(sys.modules[type(fake).__module__], "parse_form")

    def parse(self, http_method: str, path: str, query: str, body: bytes, headers: dict):
        if not path.startswith("/api/") or len(path) <= len("/api/"):
            raise _Refuse(404, "Not Found")
        method = unquote(path[len("/api/"):]).strip("/")
        if http_method == "GET":  # Conduit reads parameters from the query string too
            body, content_type = query.encode(), "application/x-www-form-urlencoded"
        else:
            content_type = headers.get("content-type", "")
        try:
            params, token = self.parse_form(body, content_type)
        except Exception as exc:  # noqa: BLE001 - the real server turns it into ERR-CONDUIT-CORE
            code, info = getattr(exc, "code", None), getattr(exc, "info", None)
            return method, {}, None, self._envelope(None, code or "ERR-CONDUIT-CORE", info or str(exc))
        return method, params, token, None

    def answer(self, record: RequestRecord, headers: dict) -> Reply:
        return self._reply(self.fake.handle(record.name, record.params, record.token))

    def api_error(self, record: RequestRecord, code: str | None, info: str | None) -> Reply:
        return self._envelope(None, code or DEFAULT_CONDUIT_ERROR[0], info or DEFAULT_CONDUIT_ERROR[1])

    def _envelope(self, result, code, info) -> Reply:
        return self._reply({"result": result, "error_code": code, "error_info": info})

    @staticmethod
    def _reply(answer: dict) -> Reply:
        body = json.dumps(answer, separators=(",", ":"), ensure_ascii=False).encode()
        return Reply(200, {"Content-Type": "application/json", "X-Conduit-Capabilities": "gzip"}, body)


class _WikiApp:
    """GET or POST /w/api.php; the fake answers from the query parameters (and the form body)."""

    url_path = "/w/api.php"

    def __init__(self, fake: Any):
        self.fake = fake

    def parse(self, http_method: str, path: str, query: str, body: bytes, headers: dict):
        if path.startswith("/wiki/"):  # a page's address, as a reader's browser shows it: the article, in HTML
            raise _Refuse(200, f"<!DOCTYPE html>\n<html><head><title>{html.escape(unquote(path[6:]))} - Fake Wiki</title></head>"
                               "<body>the article</body></html>", "text/html; charset=UTF-8")
        if path not in ("/w/api.php", "/api.php"):
            raise _Refuse(404, "Not Found")
        params = dict(parse_qsl(query, keep_blank_values=True))
        if http_method == "POST" and body:
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        return params.get("action"), params, None, None

    def answer(self, record: RequestRecord, headers: dict) -> Reply:
        status, out_headers, body = self.fake.handle(record.params, headers, record.http_method)
        return Reply(status, dict(out_headers), body)

    def api_error(self, record: RequestRecord, code: str | None, info: str | None) -> Reply:
        code, info = code or DEFAULT_WIKI_ERROR[0], info or DEFAULT_WIKI_ERROR[1]
        body = json.dumps({"error": {"code": code, "info": info, "docref": "See the API help."},
                           "servedby": "mw-fake"}).encode()
        return Reply(200, {"Content-Type": "application/json; charset=utf-8", "MediaWiki-API-Error": code}, body)


# ---- the server ------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: "ServerHandle"):
        self.owner = owner
        self.open_sockets: set[socket.socket] = set()
        self.threads: list[threading.Thread] = []
        self.sockets_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        with self.sockets_lock:
            self.open_sockets.add(request)
            self.threads = [t for t in self.threads if t.is_alive()]
            thread = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                      daemon=True, name="fake-http-conn")
            self.threads.append(thread)
        thread.start()

    def handle_error(self, request, client_address):
        """A client that gave up (timeout, closed socket) is normal here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def shutdown_request(self, request):
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real servers do
    timeout = IDLE_KEEPALIVE_S
    server: _Server

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def parse_request(self):
        self.arrived = time.monotonic()  # the request line is in; the response time counts from here
        return super().parse_request()

    def do_GET(self):
        self.server.owner._dispatch(self)

    do_POST = do_GET

    def log_message(self, format, *args):  # noqa: A002 - keep pytest output clean
        pass

    def send_reply(self, reply: Reply, *, declared_length: int | None = None) -> None:
        self.wfile.write(self.render(reply, declared_length=declared_length))

    def render(self, reply: Reply, *, declared_length: int | None = None) -> bytes:
        """Status line, headers and body as the bytes of one write (no Nagle stall between them)."""
        phrase = HTTPStatus(reply.status).phrase if reply.status in HTTPStatus._value2member_map_ else ""
        lines = [f"HTTP/1.1 {reply.status} {phrase}", f"Date: {self.date_time_string()}",
                 f"Content-Length: {declared_length if declared_length is not None else len(reply.body)}"]
        lines += [f"{k}: {v}" for k, v in reply.headers.items() if k.lower() != "content-length"]
        if self.close_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + reply.body


class ServerHandle:
    """A started server: `url`, the request log, fault injection, and `close()`."""

    def __init__(self, app, fake: Any, *, latency: float = 0.0, hang_s: float = 2.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.fake = fake
        self.latency = latency
        self.hang_s = hang_s
        self._app = app
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._actions: list[tuple[str, Callable[[], None]]] = []
        self._queue: deque[tuple[str, dict]] = deque()
        self._log: list[RequestRecord] = []
        self.errors: list[str] = []  # exceptions raised by the fake (answered as HTTP 500)
        self._stop = threading.Event()
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.url = self.base_url + app.url_path
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="fake-http-server")
        self._thread.start()

    def __repr__(self) -> str:
        return f"ServerHandle({self.url!r}, requests={len(self._log)})"

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- what the test controls ----------------------------------------------------------------

    def fail_next(self, n: int = 1, kind: str = HTTP_500, **details) -> None:
        """The next `n` requests, whatever they ask, fail with `kind`. Details: `code`, `info` (for
        API_ERROR), `seconds` (for HANG)."""
        _check_kind(kind)
        with self._lock:
            self._queue.extend((kind, details) for _ in range(n))

    def fail_on(self, match: str | Callable[[RequestRecord], bool], kind: str, *, after: int = 0,
                times: int | None = None, **details) -> None:
        """Fail requests for one Conduit method or wiki action (or those a predicate on the
        RequestRecord picks): the first `after` pass, then `times` fail (None: all of them)."""
        _check_kind(kind)
        with self._lock:
            self._rules.append(_Rule(match, kind, details, after=after, times=times))

    def before(self, match: str | Callable[[RequestRecord], bool], action: Callable[[], None]) -> None:
        """Call `action()` when the next request for `match` (a Conduit method or wiki action, or one a
        predicate on the RequestRecord picks) arrives, before it is answered: a change on the server
        between two requests of one run."""
        with self._lock:
            self._actions.append((match, action))

    def clear_faults(self) -> None:
        with self._lock:
            self._rules.clear()
            self._queue.clear()
            self._actions.clear()

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._log)

    def count(self, name: str | Callable[[RequestRecord], bool] | None = None) -> int:
        """Requests received (faulted ones included): all, for one method/action, or those a
        predicate picks (e.g. `lambda r: "content" in r.params.get("rvprop", "")`)."""
        with self._lock:
            return sum(1 for r in self._log
                       if name is None or (r.name == name if isinstance(name, str) else name(r)))

    def counts(self) -> Counter:
        with self._lock:
            return Counter(r.name for r in self._log)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def close(self) -> None:
        """Stop serving, cut open connections (ending hangs at once) and wait for the threads."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._server.shutdown()
        with self._server.sockets_lock:
            open_sockets, threads = list(self._server.open_sockets), list(self._server.threads)
        for sock in open_sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        self._thread.join(timeout=5)
        for thread in threads:
            thread.join(timeout=5)

    # ---- serving one request -------------------------------------------------------------------

    def _dispatch(self, h: _Handler) -> None:
        split = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            h.close_connection = True
            h.send_reply(Reply(413, {"Content-Type": "text/plain"}, b"Request body too large"))
            return
        body = h.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in h.headers.items()}
        try:
            name, params, token, early = self._app.parse(h.command, split.path, split.query, body, headers)
        except _Refuse as refuse:
            h.send_reply(refuse.reply)
            return
        record = RequestRecord(h.command, split.path, name, params, headers.get("user-agent"), headers, token)
        record.arrived = h.arrived
        with self._lock:
            due = next((a for a in self._actions if (a[0] == name if isinstance(a[0], str) else a[0](record))), None)
            if due:
                self._actions.remove(due)
        if due:
            due[1]()  # outside the lock: the action may change the fake, which has its own
        with self._lock:
            self._log.append(record)
            fault = self._queue.popleft() if self._queue else None
            if fault is None:
                rule = next((r for r in self._rules if r.take(record)), None)
                fault = (rule.kind, rule.details) if rule else None
        if fault is None:
            reply = _compress(early or self._answer(record, headers), headers)
            record.status = reply.status
            data = h.render(reply)  # before the wait: the answer leaves at the response time, not after it
            self._wait_latency(record)
            h.wfile.write(data)
            return
        record.fault = fault[0]
        self._inject(h, record, headers, *fault)

    def _wait_latency(self, record: RequestRecord) -> None:
        """`latency` is the server's response time: no answer leaves sooner than `latency` after its
        request arrived. The fake's own work happens inside that time, so a benchmark measures the
        client, not the speed of the Python fake."""
        if self.latency <= 0:
            return
        record.latency_s = self.latency
        due = record.arrived + self.latency
        remaining = due - time.monotonic()
        if remaining > LATENCY_SPIN_S:
            self._sleep(remaining - LATENCY_SPIN_S)
        # A sleeping thread wakes ~0.1-0.2 ms late on a VM; the last stretch is waited out awake so
        # the answer leaves on time. (An injected test sleep returns at once: no spin then.)
        while 0 < due - time.monotonic() <= LATENCY_SPIN_S:
            pass

    def _answer(self, record: RequestRecord, headers: dict) -> Reply:
        try:
            return self._app.answer(record, headers)
        except Exception:  # noqa: BLE001 - a bug in the fake: answer like a crashed server, keep it visible
            text = traceback.format_exc()
            self.errors.append(text)
            print(f"fake server error on {record.name}:\n{text}", file=sys.stderr)
            return Reply(500, {"Content-Type": "text/plain; charset=utf-8"}, b"Internal Server Error (fake raised)")

    def _inject(self, h: _Handler, record: RequestRecord, headers: dict, kind: str, details: dict) -> None:
        if kind not in (HANG, RESET, TRUNCATED):
            self._wait_latency(record)
        if kind in (HTTP_500, HTTP_502, HTTP_503):
            status = int(kind[-3:])
            phrase = HTTPStatus(status).phrase
            html = f"<html><head><title>{status} {phrase}</title></head><body><h1>{phrase}</h1></body></html>"
            record.status = status
            h.send_reply(Reply(status, {"Content-Type": "text/html; charset=utf-8"}, html.encode()))
        elif kind == HTTP_429:
            record.status = 429
            text = RATE_LIMIT_BODY.format(ip=h.client_address[0])
            h.send_reply(Reply(429, {"Content-Type": "text/plain; charset=utf-8"}, text.encode()))
        elif kind == MALFORMED_JSON:
            record.status = 200
            h.send_reply(Reply(200, {"Content-Type": "application/json"}, MALFORMED_BODY))
        elif kind == API_ERROR:
            reply = self._app.api_error(record, details.get("code"), details.get("info"))
            record.status = reply.status
            h.send_reply(reply)
        elif kind == TRUNCATED:
            reply = self._answer(record, headers)
            record.status = reply.status
            self._wait_latency(record)
            h.close_connection = True
            cut = max(1, len(reply.body) // 2)
            h.send_reply(Reply(reply.status, reply.headers, reply.body[:cut]), declared_length=len(reply.body))
        elif kind == HANG:
            self._stop.wait(min(float(details.get("seconds", self.hang_s)), MAX_HANG_S))
            h.close_connection = True
        elif kind == RESET:
            h.close_connection = True
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()  # with linger 0 the kernel sends RST instead of FIN


def _compress(reply: Reply, headers: dict) -> Reply:
    """gzip a sizeable answer when the client accepts it, as the real servers' front ends do."""
    if len(reply.body) < GZIP_MIN_BYTES or "gzip" not in headers.get("accept-encoding", ""):
        return reply
    return Reply(reply.status, {**reply.headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
                 gzip.compress(reply.body, compresslevel=1, mtime=0))


def _check_kind(kind: str) -> None:
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(FAULT_KINDS)}")


def serve_conduit(fake: Any, **options) -> ServerHandle:
    """Serve a Conduit fake (`parse_form(body, content_type) -> (params, token)` and
    `handle(method, params, token) -> envelope dict`) at `<url>/api/<method>`.
    Options: latency (s per request), hang_s, sleep."""
    return ServerHandle(_ConduitApp(fake), fake, **options)


def serve_wiki(fake: Any, **options) -> ServerHandle:
    """Serve a wiki fake (`handle(params, headers) -> (status, headers, body)`); `url` is the
    api.php endpoint. Options: latency (s per request), hang_s, sleep."""
    return ServerHandle(_WikiApp(fake), fake, **options)
