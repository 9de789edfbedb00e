"""A fake Phabricator/Phorge Conduit API: the methods the sync and the edit push use, answering like
the real server (apis.md section A and the recorded answers in /work/shared/reference/conduit-examples/).

Why a fake with a clock: the demo store is built by the real sync, replayed week by week over past
months, so every answer is computed AS OF `now` from each task's transaction history (tasks created
later do not exist, every field has its value of that time, `dateModified` is the last change <= now).

It is transport-free: `handle(method, params, token)` returns the Conduit envelope and
`http_response(path, body, content_type)` the whole HTTP answer, so the same object sits behind
`transport()` (an httpx.MockTransport, for the demo build) and behind a real loopback HTTP server.

Real behaviour mirrored on purpose: HTTP 200 with `error_code` for every Conduit error, cursors as
strings set only when more rows exist, `points` as a string, priority `{value, name, color}`, the
columns attachment's `boards` as `[]` when a task is on no board, a board omitted when the task sits
in a milestone (it is tagged with the milestone, not the board), Phorge column fields, AND logic and
descendant matching for `constraints[projects]`, the form-encoded (PHP-style) and `params=<JSON>`
encodings, and priority edits by keyword only.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import json
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

import httpx

DEFAULT_TOKEN = "api-" + "commtechdemoreadwrite" + "0000000"      # 32 characters: read and write
READ_ONLY_TOKEN = "api-" + "commtechdemoreadonly" + "00000000"     # 32 characters: read only
TOKEN_PREFIXES = ("api", "cli", "clu")
SEARCH_MAX_LIMIT = 100
PAGER_MAX_LIMIT = 1000  # ConduitAPIMethod::newPager (transaction.search, edge.search)
POLICY_TASK = {"view": "public", "interact": "public", "edit": "users"}
POLICY_PROJECT = {"view": "public", "edit": "users", "join": "users"}
POLICY_COLUMN = {"view": "public", "edit": "users"}
POLICY_USER = {"view": "public", "edit": "no-one"}
EDGE_TYPES = ("mention", "mentioned-in", "task.commit", "task.duplicate", "task.merged-in", "task.parent",
              "task.revision", "task.subtask")

TASK_CONSTRAINTS = ("ids", "phids", "assigned", "authorPHIDs", "closerPHIDs", "statuses", "priorities", "subtypes",
                    "columnPHIDs", "projects", "subscribers", "createdStart", "createdEnd", "modifiedStart",
                    "modifiedEnd", "closedStart", "closedEnd", "hasParents", "hasSubtasks", "parentIDs",
                    "subtaskIDs", "query", "spaces")
PROJECT_CONSTRAINTS = ("ids", "phids", "name", "slugs", "members", "watchers", "status", "isMilestone", "isRoot",
                       "minDepth", "maxDepth", "subtypes", "icons", "colors", "parents", "ancestors", "query",
                       "spaces")
COLUMN_CONSTRAINTS = ("ids", "phids", "projects")
USER_CONSTRAINTS = ("ids", "phids", "usernames", "nameLike", "isAdmin", "isDisabled", "isBot", "isMailingList",
                    "query")

# order key -> (sort key builder name, reverse?) ; see _task_sort_key
TASK_ORDERS = {"priority": ("priority", "id"), "updated": ("updated", "id"), "outdated": ("-updated", "-id"),
               "newest": ("id",), "oldest": ("-id",), "title": ("title", "id"), "closed": ("closed", "id")}

EDIT_TYPES = ("title", "description", "status", "priority", "points", "owner", "comment", "column",
              "projects.add", "projects.remove", "projects.set")


class ConduitFault(Exception):
    """A Conduit error: becomes `{"result": null, "error_code": code, "error_info": info}`."""

    def __init__(self, code: str, info: str):
        super().__init__(info)
        self.code, self.info = code, info


def core(info: str) -> ConduitFault:
    return ConduitFault("ERR-CONDUIT-CORE", info)


_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def make_phid(kind: str, key, length: int = 20) -> str:
    """A stable PHID-looking id (lower-case base32 letters, as Phabricator's) derived from `key`."""
    digest = hashlib.sha256(f"{kind}:{key}".encode()).digest()
    return f"PHID-{kind}-" + "".join([_B32[b & 31] for b in digest[:length]])


def group_id(key) -> str:
    digest = hashlib.sha256(f"group:{key}".encode()).digest()
    return "".join([_B32[b & 31] for b in digest])


# --- parameter coercion: form fields arrive as strings, params=<JSON> keeps types -----------------

def _int(value, name: str = "value") -> int:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise core(f'Expected integer for parameter "{name}", got "{value}".') from None


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _format_points(value) -> str | None:
    if value is None or value == "":
        return None
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


# --- the two request encodings ---------------------------------------------------------------------

def _listify(node):
    """PHP arrays with keys 0..n-1 are lists in JSON."""
    if isinstance(node, dict):
        node = {k: _listify(v) for k, v in node.items()}
        keys = list(node)
        if keys and all(k.isdigit() for k in keys) and sorted(int(k) for k in keys) == list(range(len(keys))):
            return [node[str(i)] for i in range(len(keys))]
    return node


def _split_key(key: str) -> list[str]:
    """`constraints[projects][0]` -> ["constraints", "projects", "0"]; `a[]` -> ["a", ""]."""
    if "[" not in key or not key.endswith("]"):
        return [key]
    head, rest = key.split("[", 1)
    return [head] + rest[:-1].split("][")


def parse_form(body: bytes, content_type: str | None) -> tuple[dict, str | None]:
    """Decode a Conduit request body into (params, token), like PhabricatorConduitAPIController:
    `params=<JSON>` (token in `__conduit__`), `params[KEY]=<JSON>`, or PHP-style form fields
    (`api.token=..&constraints[projects][0]=..`), whose `api.` keys are metadata."""
    if content_type and content_type.split(";")[0].strip().lower() == "application/json":
        raise core('Use form-encoded data to submit parameters to Conduit endpoints. Sending a JSON-encoded '
                   'body and setting "Content-Type" to "application/json" is not currently supported.')
    text = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else (body or "")
    pairs = parse_qsl(text, keep_blank_values=True)
    token = None
    meta: dict = {}
    form: dict = {}
    json_params = None
    json_parts: dict = {}
    for key, value in pairs:
        if key.startswith("api."):
            meta[key[4:]] = value
        elif key == "params":
            try:
                json_params = json.loads(value) if value else {}
            except json.JSONDecodeError:
                raise core('The value for parameter "params" is not valid JSON.') from None
        elif key.startswith("params["):
            try:
                json_parts[key[7:-1]] = json.loads(value)
            except json.JSONDecodeError:
                raise core(f'The value for parameter "{key[7:-1]}" is not valid JSON.') from None
        elif key in ("access_token", "scope", "output", "__conduit__", "code"):
            meta[key] = value
        else:
            parts = _split_key(key)
            node = form
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                if part == "":
                    part = str(sum(1 for k in node if k.isdigit()))
                if last:
                    node[part] = value
                else:
                    child = node.get(part)
                    if not isinstance(child, dict):
                        child = node[part] = {}
                    node = child
    if json_params is not None:
        params = json_params if isinstance(json_params, dict) else {}
    elif json_parts:
        params = json_parts
    else:
        params = _listify(form)
    conduit_meta = params.pop("__conduit__", None) if isinstance(params, dict) else None
    if isinstance(conduit_meta, dict):
        token = conduit_meta.get("token")
    token = meta.get("token") or token
    return params, token


# --- the fake ---------------------------------------------------------------------------------------

class ConduitFake:
    """Answers Conduit calls from a dataset (see lib/demo/dataset.py for its shape) as of `now`.

    `now` (epoch seconds or None for "latest") may be changed between calls; `request_log` holds
    (method, params) of every call; `tokens` maps token -> writable (default: `DEFAULT_TOKEN` reads
    and writes, `READ_ONLY_TOKEN` only reads). An unknown constraint gets the recorded Phorge answer
    (ERR-INVALID-CONSTRAINT), or upstream's ERR-CONDUIT-CORE text with constraint_errors="upstream".
    `copy_data=False` skips the deep copy (the fake then changes the given dict). Thread-safe, so a
    threaded HTTP server may share one instance.
    """

    def __init__(self, dataset: dict, *, now: int | None = None, tokens: dict[str, bool] | None = None,
                 copy_data: bool = True, constraint_errors: str = "phorge"):
        ds = copy.deepcopy(dataset) if copy_data else dataset
        self._lock = threading.RLock()
        self.meta = ds.get("meta", {})
        self.now = now
        self.constraint_errors = constraint_errors  # "phorge" (recorded answer) or "upstream" (apis.md text)
        self.request_log: list[tuple[str, dict]] = []
        self.tokens = dict(tokens) if tokens is not None else {DEFAULT_TOKEN: True, READ_ONLY_TOKEN: False}
        self.token = next((t for t, w in self.tokens.items() if w), DEFAULT_TOKEN)
        self.read_only_token = next((t for t, w in self.tokens.items() if not w), None)
        self.priorities = ds["priorities"]
        self.statuses = ds["statuses"]
        self.users = ds["users"]
        self.projects = ds["projects"]
        self.columns = ds["columns"]
        self.tasks = ds["tasks"]
        self.edges = ds["edges"]
        self._index()
        self._version = 0
        self._cache: OrderedDict = OrderedDict()
        self._hidden: set[int] = set()  # task ids the token's user can no longer see
        self._not_laid_out: set[str] = set()  # proxy columns not created yet (see milestone_column_not_laid_out)

    # ---- dataset indexes --------------------------------------------------------------------------

    def _index(self) -> None:
        self._prio = {p["value"]: p for p in self.priorities}
        self._prio_keyword = {}
        for p in self.priorities:
            for k in p.get("keywords") or []:
                self._prio_keyword.setdefault(k, p["value"])
        self._status = {s["value"]: s for s in self.statuses}
        self._default_status = next((s["value"] for s in self.statuses if s.get("special") == "default"),
                                    self.statuses[0]["value"])
        self._closed_default = next((s["value"] for s in self.statuses if s.get("special") == "closed"), None)
        self._user_by_phid = {u["phid"]: u for u in self.users}
        self._user_by_name = {u["username"].lower(): u for u in self.users}
        self._proj = {p["phid"]: p for p in self.projects}
        self._col = {c["phid"]: c for c in self.columns}
        self._cols_of: dict[str, list[dict]] = {}
        for c in self.columns:
            self._cols_of.setdefault(c["project"], []).append(c)
        for cols in self._cols_of.values():
            cols.sort(key=lambda c: (c["sequence"], c["id"]))
        self._task_by_id = {t["id"]: t for t in self.tasks}
        self._task_by_phid = {t["phid"]: t for t in self.tasks}
        for t in self.tasks:
            t["xactions"].sort(key=lambda x: (x["date"], x["id"]))
        self._xaction_max = max((x["id"] for t in self.tasks for x in t["xactions"]), default=0)
        self._edge_seq = max((e["seq"] for e in self.edges), default=0)
        self._latest = max([t["dateCreated"] for t in self.tasks] +
                           [t["xactions"][-1]["date"] for t in self.tasks if t["xactions"]] + [0])

    @property
    def board_slug(self) -> str:
        return self.meta.get("board_slug", "community-tech")

    @property
    def board_phid(self) -> str:
        slug = self.board_slug
        return next(p["phid"] for p in self.projects if (p.get("slug") or "") == slug)

    @property
    def today_epoch(self) -> int:
        return int(self.meta.get("today_epoch") or self._latest)

    def _visible(self, date: int | None) -> bool:
        return self.now is None or (date or 0) <= self.now

    def _changed(self) -> None:
        self._version += 1
        self._cache.clear()

    # ---- projects and columns as of now ---------------------------------------------------------

    def _project_exists(self, p: dict) -> bool:
        return self._visible(p["dateCreated"])

    def _project_archived(self, p: dict) -> bool:
        return p.get("archivedAt") is not None and self._visible(p["archivedAt"])

    def _ancestors(self, phid: str) -> list[str]:
        out, p = [], self._proj.get(phid)
        while p and p.get("parent"):
            out.append(p["parent"])
            p = self._proj.get(p["parent"])
        return out

    def _board_columns(self, project_phid: str) -> list[dict]:
        memo_key = ("board-columns", self.now, self._version)
        memo = self._cache.get(memo_key)
        if memo is None:
            memo = {}
            self._remember(memo_key, memo)
        cols = memo.get(project_phid)
        if cols is None:
            cols = memo[project_phid] = [c for c in self._cols_of.get(project_phid, [])
                                         if self._visible(c["dateCreated"])]
        return cols

    def _column_hidden(self, c: dict) -> bool:
        if c.get("proxy"):
            proxy = self._proj.get(c["proxy"])
            return bool(proxy and self._project_archived(proxy))
        return bool(c.get("hidden"))

    def _default_column(self, board_phid: str) -> dict | None:
        cols = self._board_columns(board_phid)
        return next((c for c in cols if c.get("default") and not c.get("proxy")),
                    next((c for c in cols if not c.get("proxy")), None))

    def _column_on(self, board_phid: str, positions: dict) -> dict | None:
        """The task's column on a board: its stored position, else the board's default column."""
        phid = positions.get(board_phid)
        col = self._col.get(phid) if phid else None
        if col is not None and col["project"] == board_phid and self._visible(col["dateCreated"]):
            return col
        return self._default_column(board_phid)

    # ---- tasks as of now: replay of each task's transactions ------------------------------------

    def _replay(self, task: dict, keep_steps: bool = False):
        st = {"title": None, "description": None, "status": None, "priority": None, "owner": None, "points": None, "projects": [], "positions": {}, "dateModified": task["dateCreated"],
              "dateClosed": None, "closer": None}
        steps = []
        for x in task["xactions"]:
            if not self._visible(x["date"]):
                break
            kind = x["type"]
            old = None
            if kind in ("title", "description", "priority", "owner", "points"):
                old = st[kind]
                st[kind] = x["new"]
            elif kind == "status":
                old = st["status"]
                st["status"] = x["new"]
                was_closed = self._status.get(old, {}).get("closed", False)
                now_closed = self._status.get(x["new"], {}).get("closed", False)
                if now_closed and not was_closed:
                    st["dateClosed"], st["closer"] = x["date"], x["author"]
                elif not now_closed:
                    st["dateClosed"], st["closer"] = None, None
            elif kind == "projects":
                for op in x["ops"]:
                    if op["operation"] == "add" and op["phid"] not in st["projects"]:
                        st["projects"].append(op["phid"])
                    elif op["operation"] == "remove" and op["phid"] in st["projects"]:
                        st["projects"].remove(op["phid"])
            elif kind == "core:columns":
                old = []
                for move in x["new"]:
                    board = move["boardPHID"]
                    current = self._column_on(board, st["positions"])
                    old.append(current["phid"] if current else None)
                    st["positions"][board] = move["columnPHID"]
            st["dateModified"] = max(st["dateModified"], x["date"])
            if keep_steps:
                steps.append((x, old))
        # Fields never set (old null on create) read as the defaults.
        st["title"], st["description"] = st["title"] or "", st["description"] or ""
        st["status"] = st["status"] or self._default_status
        st["priority"] = 90 if st["priority"] is None else st["priority"]
        return (st, steps) if keep_steps else st

    def _states(self) -> dict[int, dict]:
        """id -> state of every task that exists as of now (cached per clock and data version)."""
        key = ("states", self.now, self._version)
        if key not in self._cache:
            states = {t["id"]: self._replay(t) for t in self.tasks
                      if self._visible(t["dateCreated"]) and t["id"] not in self._hidden}
            self._remember(key, states)
        return self._cache[key]

    def _remember(self, key, value) -> None:
        self._cache[key] = value
        while len(self._cache) > 16:
            self._cache.popitem(last=False)

    def _edges_now(self) -> list[dict]:
        return [e for e in self.edges if self._visible(e["date"])
                and (e.get("removed") is None or not self._visible(e["removed"]))]

    # ---- the envelope ----------------------------------------------------------------------------

    def handle(self, method: str, params: dict | None, token: str | None) -> dict:
        """Answer one call: the Conduit envelope {result, error_code, error_info}."""
        params = params if isinstance(params, dict) else {}
        with self._lock:
            self.request_log.append((method, copy.deepcopy(params)))  # callers may reuse their dict
            try:
                handler = self.METHODS.get(method)
                if handler is None:
                    # ConduitMethodDoesNotExistException is a ConduitException: ERR-CONDUIT-CALL
                    raise ConduitFault("ERR-CONDUIT-CALL", f'Conduit API method "{method}" does not exist.')
                writable = self._authenticate(token)
                result = handler(self, params, writable)
                return {"result": result, "error_code": None, "error_info": None}
            except ConduitFault as fault:
                return {"result": None, "error_code": fault.code, "error_info": fault.info}
            except Exception as exc:  # noqa: BLE001 - an uncaught exception is ERR-CONDUIT-CORE on a real server
                return {"result": None, "error_code": "ERR-CONDUIT-CORE", "error_info": f"{type(exc).__name__}: {exc}"}

    def _authenticate(self, token: str | None) -> bool:
        if not token:
            raise ConduitFault("ERR-INVALID-SESSION", "Session key is not present.")
        if len(token) != 32:
            raise ConduitFault("ERR-INVALID-AUTH", f'API token "{token}" has the wrong length. API tokens '
                                                   "should be 32 characters long.")
        if token.split("-", 1)[0] not in TOKEN_PREFIXES:
            raise ConduitFault("ERR-INVALID-AUTH", f'API token "{token}" has the wrong format. API tokens should '
                                                   "be 32 characters long and begin with one of these prefixes: "
                                                   + ", ".join(TOKEN_PREFIXES) + ".")
        if token not in self.tokens:
            raise ConduitFault("ERR-INVALID-AUTH", f'API token "{token}" is not valid.')
        return self.tokens[token]

    def http_response(self, path: str, body: bytes, content_type: str | None) -> tuple[int, dict[str, str], bytes]:
        """The whole HTTP answer to `POST /api/<method>`: always 200 and a JSON envelope, as Conduit."""
        headers = {"Content-Type": "application/json", "X-Conduit-Capabilities": "gzip"}
        if "/api/" not in path:
            return 404, {"Content-Type": "text/plain"}, b"Not Found"
        method = path.rsplit("/api/", 1)[1].strip("/")
        try:
            params, token = parse_form(body, content_type)
        except ConduitFault as fault:
            with self._lock:
                self.request_log.append((method, {}))
            envelope = {"result": None, "error_code": fault.code, "error_info": fault.info}
        else:
            envelope = self.handle(method, params, token)
        return 200, headers, json.dumps(envelope).encode()

    def transport(self) -> httpx.MockTransport:
        """An httpx transport answering POST /api/<method> from this fake."""

        def respond(request: httpx.Request) -> httpx.Response:
            body = request.content
            if request.method == "GET":
                body = str(request.url.query, "ascii") if isinstance(request.url.query, bytes) else str(request.url.query)
                body = body.encode()
            status, headers, content = self.http_response(request.url.path, body, request.headers.get("content-type"))
            return httpx.Response(status, headers=headers, content=content)

        return httpx.MockTransport(respond)

    # ---- shared search machinery -----------------------------------------------------------------

    def _constraints(self, params: dict, valid: tuple[str, ...]) -> dict:
        """The constraints map; empty values are no constraint at all (as the real search fields)."""
        constraints = params.get("constraints") or {}
        if isinstance(constraints, list):  # PHP's empty array
            constraints = {}
        if not isinstance(constraints, dict):
            raise core('Parameter "constraints" must be a map of constraints.')
        for key in constraints:
            if key not in valid:
                raise self._invalid_constraint(key)
        return {k: v for k, v in constraints.items() if v not in (None, "", [], {})}

    def _invalid_constraint(self, key: str) -> ConduitFault:
        if self.constraint_errors == "upstream":  # Phabricator 2023 and older Phorge
            return core(f'Constraint "{key}" is not a valid constraint for this query.')
        # What a current Phorge answers (conduit-examples/error.badconstraint.json).
        return ConduitFault("ERR-INVALID-CONSTRAINT", 'Parameter "constraints" includes an invalid key.')

    @staticmethod
    def _search_limit(params: dict):
        raw = params.get("limit")
        if raw in (None, "", 0, "0"):
            return 100, 100
        n = _int(raw, "limit")
        if n > SEARCH_MAX_LIMIT:
            raise core(f"Maximum page size for Conduit API method calls is {SEARCH_MAX_LIMIT}, "
                       f"but this call specified {n}.")
        return max(1, n), raw

    @staticmethod
    def _pager_limit(params: dict):
        raw = params.get("limit")
        if raw in (None, ""):
            return 100, 100
        n = _int(raw, "limit")
        if n > PAGER_MAX_LIMIT:
            return PAGER_MAX_LIMIT, PAGER_MAX_LIMIT
        if n < 1:
            return 1, 1
        return n, raw

    @staticmethod
    def _page(rows: list, keys: list, key_of_cursor, params: dict, limit: int, cursor_name) -> tuple[list, dict]:
        """Cursor paging as PhabricatorCursorPagedPolicyAwareQuery: `after`/`before` name an object
        whose sort key bounds the page; `after` in the answer is set only when more rows exist."""
        after, before = params.get("after"), params.get("before")
        if after not in (None, ""):
            start = bisect.bisect_right(keys, key_of_cursor(str(after)))
            page = rows[start:start + limit]
            more = len(rows) > start + limit
            return page, {"after": cursor_name(page[-1]) if page and more else None,
                          "before": cursor_name(page[0]) if page else None}
        if before not in (None, ""):
            end = bisect.bisect_left(keys, key_of_cursor(str(before)))
            first = max(0, end - limit)
            page = rows[first:end]
            return page, {"after": cursor_name(page[-1]) if page else None,
                          "before": cursor_name(page[0]) if page and first > 0 else None}
        page = rows[:limit]
        return page, {"after": cursor_name(page[-1]) if len(rows) > limit else None, "before": None}

    def _id_cursor(self, objects_by_id: dict, sort_key, query_class: str):
        def key_of(cursor: str):
            obj = objects_by_id.get(int(cursor)) if cursor.isdigit() else None
            if obj is None:
                raise core(f'Cursor "{cursor}" does not identify a valid object in query "{query_class}".')
            return sort_key(obj)
        return key_of

    def _cached_rows(self, name: str, params: dict, build):
        """Filter+sort once per distinct query (and clock and data version); pages then bisect."""
        key = (name, json.dumps({k: params.get(k) for k in ("constraints", "order", "queryKey")},
                                sort_keys=True, default=str), self.now, self._version)
        if key not in self._cache:
            self._remember(key, build())
        return self._cache[key]

    @staticmethod
    def _result(data: list, limit_echo, cursor: dict, order, maps=None, query_key=None) -> dict:
        return {"data": data, "maps": {} if maps is None else maps, "query": {"queryKey": query_key},
                "cursor": {"limit": limit_echo, "after": cursor["after"], "before": cursor["before"],
                           "order": order}}

    @staticmethod
    def _attachments(params: dict, valid: tuple[str, ...]) -> set[str]:
        raw = params.get("attachments") or {}
        if isinstance(raw, list):
            raw = {}
        wanted = set()
        for key, value in raw.items():
            if key not in valid:
                raise core(f'Attachment ("{key}") is not recognized. Valid attachments are: {", ".join(valid)}.')
            if _bool(value):
                wanted.add(key)
        return wanted

    # ---- small lookups ---------------------------------------------------------------------------

    def _priority_search(self, params: dict, writable: bool) -> dict:
        return {"data": [{"name": p["name"], "keywords": list(p.get("keywords") or []), "short": p.get("short"),
                          "color": p.get("color"), "value": p["value"]} for p in self.priorities]}

    def _status_search(self, params: dict, writable: bool) -> dict:
        data = []
        for s in self.statuses:
            row = {"name": s["name"], "value": s["value"], "closed": bool(s.get("closed"))}
            if s.get("special"):
                row["special"] = s["special"]
            data.append(row)
        return {"data": data}

    # ---- user.search ----------------------------------------------------------------------------

    def _user_search(self, params: dict, writable: bool) -> dict:
        c = self._constraints(params, USER_CONSTRAINTS)
        limit, echo = self._search_limit(params)
        self._attachments(params, ("availability",))

        def build():
            rows = list(self.users)
            if "ids" in c:
                ids = {_int(i, "ids") for i in _list(c["ids"])}
                rows = [u for u in rows if u["id"] in ids]
            if "phids" in c:
                phids = set(_list(c["phids"]))
                rows = [u for u in rows if u["phid"] in phids]
            if "usernames" in c:
                names = {n.lower() for n in _list(c["usernames"])}
                rows = [u for u in rows if u["username"].lower() in names]
            if "nameLike" in c:
                like = str(c["nameLike"]).lower()
                rows = [u for u in rows if u["username"].lower().startswith(like)
                        or like in (u.get("realName") or "").lower()]
            for flag, role in (("isAdmin", "admin"), ("isDisabled", "disabled"), ("isBot", "bot"),
                               ("isMailingList", "list")):
                if flag in c:
                    want = _bool(c[flag])
                    rows = [u for u in rows if (role in u.get("roles", [])) == want]
            rows.sort(key=lambda u: -u["id"])
            return rows, [-u["id"] for u in rows]

        rows, keys = self._cached_rows("user", params, build)
        by_id = {u["id"]: u for u in self.users}
        page, cursor = self._page(rows, keys, self._id_cursor(by_id, lambda u: -u["id"], "PhabricatorPeopleQuery"),
                                  params, limit, lambda u: str(u["id"]))
        data = [{"id": u["id"], "type": "USER", "phid": u["phid"], "fields": {
            "username": u["username"], "realName": u.get("realName"), "roles": list(u.get("roles", [])),
            "dateCreated": u["dateCreated"], "dateModified": u.get("dateModified", u["dateCreated"]),
            "policy": dict(POLICY_USER)}, "attachments": {}} for u in page]
        return self._result(data, echo, cursor, params.get("order"), query_key=params.get("queryKey"))

    # ---- project.search ---------------------------------------------------------------------------

    def _resolve_projects(self, values) -> list[str | None]:
        """PHIDs, slugs (with or without #) or names -> PHIDs (None when nothing matches)."""
        out = []
        for v in _list(values):
            v = str(v)
            if v in self._proj:
                out.append(v)
                continue
            name = v.lstrip("#").lower()
            hit = next((p["phid"] for p in self.projects
                        if name in [s.lower() for s in ([p.get("slug")] if p.get("slug") else []) + p.get("slugs", [])]
                        or p["name"].lower() == name), None)
            out.append(hit)
        return out

    def _project_search(self, params: dict, writable: bool) -> dict:
        c = self._constraints(params, PROJECT_CONSTRAINTS)
        limit, echo = self._search_limit(params)
        wanted = self._attachments(params, ("members", "watchers", "ancestors", "slugs"))
        order = params.get("order") or "name"
        orders = {"name": lambda p: (p["name"], p["id"]), "newest": lambda p: (-p["id"],),
                  "oldest": lambda p: (p["id"],)}
        if isinstance(order, list):
            order = order[0] if order else "name"
        if order not in orders:
            raise core(f'Order "{order}" is not a valid order for this query. Valid orders are: '
                       + ", ".join(orders) + ".")
        sort_key = orders[order]
        query_key = params.get("queryKey")

        def build():
            rows = [p for p in self.projects if self._project_exists(p)]
            status = c.get("status", "all" if query_key == "all" else "active")
            if status == "active":
                rows = [p for p in rows if not self._project_archived(p)]
            elif status == "archived":
                rows = [p for p in rows if self._project_archived(p)]
            if "ids" in c:
                ids = {_int(i, "ids") for i in _list(c["ids"])}
                rows = [p for p in rows if p["id"] in ids]
            if "phids" in c:
                phids = set(_list(c["phids"]))
                rows = [p for p in rows if p["phid"] in phids]
            if "slugs" in c:
                slugs = {str(s).lower() for s in _list(c["slugs"])}
                rows = [p for p in rows if p.get("slug") and p["slug"].lower() in slugs]
            if "name" in c:
                rows = [p for p in rows if str(c["name"]).lower() in p["name"].lower()]
            if "query" in c:
                words = str(c["query"]).lower().split()
                rows = [p for p in rows if all(w in p["name"].lower() for w in words)]
            if "members" in c:
                members = set(_list(c["members"]))
                rows = [p for p in rows if members & set(p.get("members", []))]
            if "watchers" in c:
                rows = [p for p in rows if set(_list(c["watchers"])) & set(p.get("watchers", []))]
            if "isMilestone" in c:
                want = _bool(c["isMilestone"])
                rows = [p for p in rows if (p.get("milestone") is not None) == want]
            if "isRoot" in c:
                want = _bool(c["isRoot"])
                rows = [p for p in rows if (p.get("parent") is None) == want]
            if "minDepth" in c:
                rows = [p for p in rows if len(self._ancestors(p["phid"])) >= _int(c["minDepth"], "minDepth")]
            if "maxDepth" in c:
                rows = [p for p in rows if len(self._ancestors(p["phid"])) <= _int(c["maxDepth"], "maxDepth")]
            if "parents" in c:
                parents = set(self._resolve_projects(c["parents"]))
                rows = [p for p in rows if p.get("parent") in parents]
            if "ancestors" in c:
                ancestors = set(self._resolve_projects(c["ancestors"]))
                rows = [p for p in rows if ancestors & set(self._ancestors(p["phid"]))]
            for key, field in (("icons", "icon"), ("colors", "color"), ("subtypes", "subtype")):
                if key in c:
                    values = set(_list(c[key]))
                    rows = [p for p in rows if (p.get(field) or {}).get("key", p.get(field)) in values]
            rows.sort(key=sort_key)
            return rows, [sort_key(p) for p in rows]

        rows, keys = self._cached_rows("project", params, build)
        by_id = {p["id"]: p for p in self.projects if self._project_exists(p)}
        page, cursor = self._page(rows, keys, self._id_cursor(by_id, sort_key, "PhabricatorProjectQuery"),
                                  params, limit, lambda p: str(p["id"]))
        data = [self._project_object(p, wanted) for p in page]
        slug_map = {}
        for s in _list(c.get("slugs")):
            hit = next((p for p in self.projects if p.get("slug") and p["slug"].lower() == str(s).lower()
                        and self._project_exists(p)), None)
            if hit:
                slug_map[str(s)] = {"slug": hit["slug"], "projectPHID": hit["phid"]}
        return self._result(data, echo, cursor, params.get("order"), maps={"slugMap": slug_map},
                            query_key=query_key)

    def _project_ref(self, phid: str) -> dict:
        p = self._proj[phid]
        return {"id": p["id"], "phid": p["phid"], "name": p["name"]}

    def _project_object(self, p: dict, wanted: set[str]) -> dict:
        archived = self._project_archived(p)
        modified = max(p["dateCreated"], p["archivedAt"] if archived else 0, p.get("dateModified") or 0)
        if self.now is not None:
            modified = min(modified, max(p["dateCreated"], self.now))
        fields = {
            "name": p["name"], "slug": p.get("slug"), "subtype": p.get("subtype", "default"),
            "milestone": p.get("milestone"), "depth": len(self._ancestors(p["phid"])),
            "parent": self._project_ref(p["parent"]) if p.get("parent") else None,
            "icon": dict(p["icon"]), "color": dict(p["color"]), "status": "archived" if archived else "active",
            "spacePHID": None, "dateCreated": p["dateCreated"], "dateModified": modified,
            "policy": dict(POLICY_PROJECT), "description": p.get("description", ""),
        }
        for key, value in (p.get("custom") or {}).items():
            fields[f"custom.{key}"] = value
        attachments = {}
        if "members" in wanted:
            attachments["members"] = {"members": [{"phid": m} for m in p.get("members", [])]}
        if "watchers" in wanted:
            attachments["watchers"] = {"watchers": [{"phid": m} for m in p.get("watchers", [])]}
        if "ancestors" in wanted:
            attachments["ancestors"] = {"ancestors": [self._project_ref(a) for a in self._ancestors(p["phid"])]}
        if "slugs" in wanted:
            attachments["slugs"] = {"slugs": [{"slug": s} for s in ([p["slug"]] if p.get("slug") else [])]}
        return {"id": p["id"], "type": "PROJ", "phid": p["phid"], "fields": fields, "attachments": attachments}

    # ---- project.column.search -------------------------------------------------------------------

    def _column_search(self, params: dict, writable: bool) -> dict:
        c = self._constraints(params, COLUMN_CONSTRAINTS)
        limit, echo = self._search_limit(params)
        self._attachments(params, ())

        def build():
            rows = [col for col in self.columns if self._visible(col["dateCreated"]) and col["phid"] not in self._not_laid_out]
            if "ids" in c:
                ids = {_int(i, "ids") for i in _list(c["ids"])}
                rows = [col for col in rows if col["id"] in ids]
            if "phids" in c:
                phids = set(_list(c["phids"]))
                rows = [col for col in rows if col["phid"] in phids]
            if "projects" in c:
                projects = set(self._resolve_projects(c["projects"]))
                rows = [col for col in rows if col["project"] in projects]
            rows.sort(key=lambda col: -col["id"])
            return rows, [-col["id"] for col in rows]

        rows, keys = self._cached_rows("column", params, build)
        by_id = {col["id"]: col for col in self.columns if self._visible(col["dateCreated"])}
        page, cursor = self._page(rows, keys, self._id_cursor(by_id, lambda col: -col["id"],
                                                              "PhabricatorProjectColumnQuery"),
                                  params, limit, lambda col: str(col["id"]))
        data = []
        for col in page:
            modified = col["dateCreated"]
            proxy = self._proj.get(col.get("proxy")) if col.get("proxy") else None
            if proxy and self._project_archived(proxy):
                modified = max(modified, proxy["archivedAt"])
            data.append({"id": col["id"], "type": "PCOL", "phid": col["phid"], "fields": {
                "name": col["name"], "proxyPHID": col.get("proxy"), "project": self._project_ref(col["project"]),
                "isHidden": self._column_hidden(col), "isDefaultColumn": bool(col.get("default")),
                "sequence": col["sequence"], "dateCreated": col["dateCreated"], "dateModified": modified,
                "policy": dict(POLICY_COLUMN)}, "attachments": {}})
        return self._result(data, echo, cursor, params.get("order"), query_key=params.get("queryKey"))

    # ---- maniphest.search ------------------------------------------------------------------------

    @staticmethod
    def _task_sort_key(vector: tuple[str, ...]):
        def key(item):
            task, st = item
            out = []
            for part in vector:
                desc = not part.startswith("-")
                name = part.lstrip("-")
                if name == "id":
                    value = task["id"]
                elif name == "priority":
                    value = st["priority"]
                elif name == "updated":
                    value = st["dateModified"]
                elif name == "closed":
                    value = st["dateClosed"] or 0
                elif name == "title":
                    out.append(st["title"] if desc else "")  # title sorts A-Z
                    continue
                else:
                    raise KeyError(name)
                out.append(-value if desc else value)
            return tuple(out)
        return key

    def _task_order(self, params: dict) -> tuple[str, ...]:
        order = params.get("order")
        if order in (None, ""):
            return TASK_ORDERS["priority"]
        if isinstance(order, list):
            known = {"id", "priority", "updated", "closed", "title"}
            for part in order:
                if str(part).lstrip("-") not in known:
                    raise core(f'Order vector component "{part}" is not valid for this query.')
            vector = tuple(str(p) for p in order)
            if not any(p.lstrip("-") == "id" for p in vector):
                vector += ("id",)
            return vector
        if order not in TASK_ORDERS:
            raise core(f'Order "{order}" is not a valid order for this query. Valid orders are: '
                       + ", ".join(TASK_ORDERS) + ".")
        return TASK_ORDERS[order]

    def _task_matches(self, c: dict, query_key):
        """A predicate over (task, state) for the given constraints."""
        tests = []
        if query_key == "open":
            tests.append(lambda t, s: not self._status.get(s["status"], {}).get("closed", False))
        if "ids" in c:
            ids = {_int(i, "ids") for i in _list(c["ids"])}
            tests.append(lambda t, s: t["id"] in ids)
        if "phids" in c:
            phids = set(_list(c["phids"]))
            tests.append(lambda t, s: t["phid"] in phids)
        if "statuses" in c:
            values = set(_list(c["statuses"]))
            want_open, want_closed = "open()" in values, "closed()" in values

            def status_ok(t, s, values=values):
                closed = self._status.get(s["status"], {}).get("closed", False)
                return s["status"] in values or (want_open and not closed) or (want_closed and closed)
            tests.append(status_ok)
        if "priorities" in c:
            prios = {_int(p, "priorities") for p in _list(c["priorities"])}
            tests.append(lambda t, s: s["priority"] in prios)
        if "subtypes" in c:
            subtypes = set(_list(c["subtypes"]))
            tests.append(lambda t, s: t.get("subtype", "default") in subtypes)
        if "assigned" in c:
            owners = set()
            for v in _list(c["assigned"]):
                user = self._user_by_name.get(str(v).lower())
                owners.add(user["phid"] if user else (None if v in ("none()", "null") else v))
            tests.append(lambda t, s: s["owner"] in owners)
        for key, field in (("authorPHIDs", "authorPHID"),):
            if key in c:
                values = set(_list(c[key]))
                tests.append(lambda t, s, values=values, field=field: t[field] in values)
        if "closerPHIDs" in c:
            closers = set(_list(c["closerPHIDs"]))
            tests.append(lambda t, s: s["closer"] in closers)
        if "subscribers" in c:
            subs = set(_list(c["subscribers"]))
            tests.append(lambda t, s: bool(subs & {t["authorPHID"], s["owner"]}))
        for key, field, op in (("createdStart", "dateCreated", "ge"), ("createdEnd", "dateCreated", "le"),
                               ("modifiedStart", "dateModified", "ge"), ("modifiedEnd", "dateModified", "le"),
                               ("closedStart", "dateClosed", "ge"), ("closedEnd", "dateClosed", "le")):
            if key in c and c[key] not in (None, ""):
                bound = _int(c[key], key)
                if bound <= 0:
                    raise core(f'Epoch timestamp parameter "{key}" must be a positive integer.')

                def date_ok(t, s, field=field, op=op, bound=bound):
                    value = t["dateCreated"] if field == "dateCreated" else s[field]
                    if value is None:
                        return False
                    return value >= bound if op == "ge" else value <= bound  # inclusive, as the real query
                tests.append(date_ok)
        if "projects" in c:
            wanted = self._resolve_projects(c["projects"])

            def in_projects(t, s, wanted=wanted):
                tagged = set(s["projects"])
                for p in s["projects"]:
                    tagged.update(self._ancestors(p))
                return all(w is not None and w in tagged for w in wanted)
            tests.append(in_projects)
        if "columnPHIDs" in c:
            cols = set(_list(c["columnPHIDs"]))

            def in_columns(t, s):
                for p in s["projects"]:
                    col = self._column_on(p, s["positions"]) if self._board_columns(p) else None
                    if col and col["phid"] in cols:
                        return True
                    for a in self._ancestors(p):
                        proxy = next((x for x in self._board_columns(a) if x.get("proxy") == p), None)
                        if proxy and proxy["phid"] in cols:
                            return True
                return False
            tests.append(in_columns)
        if any(k in c for k in ("hasParents", "hasSubtasks", "parentIDs", "subtaskIDs")):
            edges = self._edges_now()
            parents_of: dict[str, set[str]] = {}
            children_of: dict[str, set[str]] = {}
            for e in edges:
                children_of.setdefault(e["src"], set()).add(e["dst"])
                parents_of.setdefault(e["dst"], set()).add(e["src"])
            if "hasParents" in c:
                want = _bool(c["hasParents"])
                tests.append(lambda t, s: bool(parents_of.get(t["phid"])) == want)
            if "hasSubtasks" in c:
                want2 = _bool(c["hasSubtasks"])
                tests.append(lambda t, s: bool(children_of.get(t["phid"])) == want2)
            if "parentIDs" in c:
                pids = {self._task_by_id[i]["phid"] for i in map(int, _list(c["parentIDs"])) if i in self._task_by_id}
                tests.append(lambda t, s: bool(parents_of.get(t["phid"], set()) & pids))
            if "subtaskIDs" in c:
                sids = {self._task_by_id[i]["phid"] for i in map(int, _list(c["subtaskIDs"])) if i in self._task_by_id}
                tests.append(lambda t, s: bool(children_of.get(t["phid"], set()) & sids))
        if "query" in c and c["query"]:
            words = str(c["query"]).lower().split()
            tests.append(lambda t, s: all(w in (s["title"] + " " + s["description"]).lower() for w in words))
        return lambda t, s: all(test(t, s) for test in tests)

    def _task_search(self, params: dict, writable: bool) -> dict:
        c = self._constraints(params, TASK_CONSTRAINTS)
        limit, echo = self._search_limit(params)
        wanted = self._attachments(params, ("columns", "projects", "subscribers"))
        vector = self._task_order(params)
        sort_key = self._task_sort_key(vector)
        query_key = params.get("queryKey")
        if query_key not in (None, "", "all", "open"):
            raise core(f'Unknown or invalid query key "{query_key}".')

        def build():
            states = self._states()
            match = self._task_matches(c, query_key)
            rows = [(self._task_by_id[i], st) for i, st in states.items() if match(self._task_by_id[i], st)]
            rows.sort(key=sort_key)
            return rows, [sort_key(r) for r in rows]

        rows, keys = self._cached_rows("task", params, build)
        states = self._states()

        def key_of(cursor: str):
            if not cursor.isdigit() or int(cursor) not in states:
                raise core(f'Cursor "{cursor}" does not identify a valid object in query "ManiphestTaskQuery".')
            tid = int(cursor)
            return sort_key((self._task_by_id[tid], states[tid]))

        page, cursor = self._page(rows, keys, key_of, params, limit, lambda r: str(r[0]["id"]))
        data = [self._task_object(t, st, wanted) for t, st in page]
        return self._result(data, echo, cursor, params.get("order"), query_key=query_key)

    def _task_object(self, task: dict, st: dict, wanted: set[str]) -> dict:
        status = self._status.get(st["status"], {"name": st["status"]})
        prio = self._prio.get(st["priority"], {"name": f"Unknown Priority (\"{st['priority']}\")", "color": "grey"})
        fields = {
            "name": st["title"], "description": {"raw": st["description"]}, "authorPHID": task["authorPHID"],
            "ownerPHID": st["owner"], "status": {"value": st["status"], "name": status["name"], "color": None},
            "priority": {"value": st["priority"], "name": prio["name"], "color": prio.get("color")},
            "points": st["points"], "subtype": task.get("subtype", "default"), "closerPHID": st["closer"],
            "dateClosed": st["dateClosed"], "groupByProjectPHID": None, "spacePHID": None,
            "dateCreated": task["dateCreated"], "dateModified": st["dateModified"], "policy": dict(POLICY_TASK),
        }
        attachments = {}
        if "columns" in wanted:
            boards = {}
            for p in st["projects"]:
                if not self._board_columns(p) or not self._proj[p].get("hasBoard", True):
                    continue  # projects without a workboard are omitted
                col = self._column_on(p, st["positions"])
                if col is None or col.get("proxy"):
                    continue  # in a proxy column: the board is left out (the milestone's own board shows)
                boards[p] = {"columns": [{"id": col["id"], "phid": col["phid"], "name": col["name"]}]}
            attachments["columns"] = {"boards": boards if boards else []}  # PHP's empty array is a list
        if "projects" in wanted:
            attachments["projects"] = {"projectPHIDs": list(st["projects"])}
        if "subscribers" in wanted:
            subs = list(dict.fromkeys(p for p in (task["authorPHID"], st["owner"]) if p))
            attachments["subscribers"] = {"subscriberPHIDs": subs[:10], "subscriberCount": len(subs),
                                          "viewerIsSubscribed": False}
        return {"id": task["id"], "type": "TASK", "phid": task["phid"], "fields": fields, "attachments": attachments}

    # ---- edge.search -----------------------------------------------------------------------------

    def _edge_search(self, params: dict, writable: bool) -> dict:
        limit, echo = self._pager_limit(params)
        sources = params.get("sourcePHIDs")
        if not sources or not isinstance(sources, (list, dict)):
            raise ConduitFault("ERR-ARRAY-SOURCEPHIDS", 'Must pass an array of PHIDs for parameter "sourcePHIDs".')
        sources = _list(sources)
        states = self._states()
        for phid in sources:
            task = self._task_by_phid.get(phid)
            known = (task is not None and task["id"] in states) or phid in self._proj or phid in self._user_by_phid
            if not known:
                raise ConduitFault("ERR-BAD-SOURCEPHIDS", 'Invalid PHID(s) included for parameter "sourcePHIDs".')
        types = params.get("types")
        if not types or not isinstance(types, (list, dict)):
            raise ConduitFault("ERR-ARRAY-TYPES", 'Must pass an array of edge types for parameter "types".')
        types = _list(types)
        if any(t not in EDGE_TYPES for t in types):
            raise ConduitFault("ERR-BAD-TYPES", 'Invalid edge type(s) included for parameter "types".')
        destinations = set(_list(params.get("destinationPHIDs")))

        def build():
            source_set = set(sources)
            rows = []
            for e in self._edges_now():
                if "task.subtask" in types and e["src"] in source_set:
                    rows.append((e["date"], e["seq"], 1, e["src"], "task.subtask", e["dst"]))
                if "task.parent" in types and e["dst"] in source_set:
                    rows.append((e["date"], e["seq"], 0, e["dst"], "task.parent", e["src"]))
            if destinations:
                rows = [r for r in rows if r[5] in destinations]
            rows.sort(key=lambda r: (-r[0], -r[1], -r[2]))  # dateCreated, sequence: newest first
            return rows, [(-r[0], -r[1], -r[2]) for r in rows]

        key = ("edge", tuple(sources), tuple(types), tuple(sorted(destinations)), self.now, self._version)
        if key not in self._cache:
            self._remember(key, build())
        rows, keys = self._cache[key]

        def key_of(cursor: str):
            parts = cursor.split("_")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise core(f'Expected edge cursor in the form "0123_6789", got "{cursor}".')
            # As Phorge: rows strictly past the cursor's (dateCreated, seq), which edges share (an edit
            # numbers each source's new edges from 0), so a page ending inside such a group skips the rest.
            return (-int(parts[0]), -int(parts[1]), 1)

        page, cursor = self._page(rows, keys, key_of, params, limit, lambda r: f"{r[0]}_{r[1]}")
        data = [{"sourcePHID": r[3], "edgeType": r[4], "destinationPHID": r[5]} for r in page]
        return {"data": data, "cursor": {"limit": echo, "after": cursor["after"], "before": cursor["before"]}}

    # ---- transaction.search ----------------------------------------------------------------------

    def _find_task(self, identifier) -> dict | None:
        if identifier is None:
            return None
        ident = str(identifier)
        task = None
        if ident.upper().startswith("T") and ident[1:].isdigit():
            task = self._task_by_id.get(int(ident[1:]))
        elif ident.isdigit():
            task = self._task_by_id.get(int(ident))
        else:
            task = self._task_by_phid.get(ident)
        if task is not None and not self._visible(task["dateCreated"]):
            return None
        return task

    def _transaction_search(self, params: dict, writable: bool) -> dict:
        ident, object_type = params.get("objectIdentifier"), params.get("objectType")
        if bool(ident) == bool(object_type):
            raise core('When calling "transaction.search", you must provide either an "objectIdentifier" or an '
                       '"objectType", but not both.')
        if object_type:
            raise core(f'Object type "{object_type}" is not supported by this fake; use "objectIdentifier".')
        task = self._find_task(ident)
        if task is None:
            raise core(f'No object "{ident}" exists.')
        c = params.get("constraints") or {}
        if isinstance(c, list):
            c = {}
        for key in c:
            if key not in ("phids", "authorPHIDs"):
                raise self._invalid_constraint(key)
            if not _list(c[key]):
                raise core(f'Constraint "{key}" to "transaction.search" must be a nonempty list of PHIDs.')
        limit, echo = self._pager_limit(params)
        _, steps = self._replay(task, keep_steps=True)
        rows = []
        for x, old in steps:
            if "phids" in c and x["phid"] not in set(_list(c["phids"])):
                continue
            if "authorPHIDs" in c and x["author"] not in set(_list(c["authorPHIDs"])):
                continue
            rows.append((x, old))
        rows.sort(key=lambda r: -r[0]["id"])
        keys = [-r[0]["id"] for r in rows]

        def key_of(cursor: str):
            if not cursor.isdigit():
                raise core(f'Cursor "{cursor}" does not identify a valid object in query '
                           '"ManiphestTransactionQuery".')
            return -int(cursor)

        page, cursor = self._page(rows, keys, key_of, params, limit, lambda r: str(r[0]["id"]))
        data = [self._xaction_object(task, x, old) for x, old in page]
        return {"data": data, "cursor": {"limit": echo, "after": cursor["after"], "before": cursor["before"]}}

    def _xaction_object(self, task: dict, x: dict, old) -> dict:
        kind = x["type"]
        comments, fields, out_type = [], {}, kind
        if kind == "comment":
            comments = [{"id": x["id"], "phid": make_phid("XCMT", x["id"]), "version": 1, "authorPHID": x["author"],
                         "dateCreated": x["date"], "dateModified": x["date"], "removed": False,
                         "content": {"raw": x["text"]}}]
        elif kind == "priority":
            def level(v):
                return None if v is None else {"value": v, "name": self._prio.get(v, {}).get("name", str(v))}
            fields = {"old": level(old), "new": level(x["new"])}
        elif kind in ("status", "owner", "points", "title", "description"):
            fields = {"old": old, "new": x["new"]}
        elif kind == "projects":
            fields = {"operations": [{"operation": op["operation"], "phid": op["phid"]} for op in x["ops"]]}
        elif kind == "core:columns":
            fields = {"old": None, "new": [
                {"columnPHID": move["columnPHID"], "boardPHID": move["boardPHID"],
                 "fromColumnPHIDs": ({frm: frm} if frm else []), "beforePHIDs": [], "afterPHIDs": []}
                for move, frm in zip(x["new"], old or [None] * len(x["new"]))]}
        elif kind == "edge":
            out_type = None  # edge changes have no Conduit type (upstream shape)
        return {"id": x["id"], "phid": x["phid"], "type": out_type, "authorPHID": x["author"],
                "objectPHID": task["phid"], "dateCreated": x["date"], "dateModified": x["date"],
                "groupID": x.get("group") or group_id(x["id"]), "comments": comments, "fields": fields}

    # ---- maniphest.edit --------------------------------------------------------------------------

    def _edit(self, params: dict, writable: bool) -> dict:
        task = self._find_task(params.get("objectIdentifier"))
        if params.get("objectIdentifier") in (None, ""):
            raise core('This fake does not create tasks through "maniphest.edit": pass "objectIdentifier".')
        if task is None:
            raise core(f'No object exists with ID "{params.get("objectIdentifier")}".')
        if not writable:  # the task's edit policy refuses the account (PhabricatorPolicyFilter::rejectObject)
            raise core(f"[You Shall Not Pass: T{task['id']}] (Can Edit) You do not have permission to edit this "
                       "object. // Administrators can take this action.")
        xactions = _list(params.get("transactions"))
        if not xactions:
            raise core('Parameter "transactions" must contain a list of transaction descriptions.')
        author = self._token_user_phid()
        state = self._replay(task)
        changes, errors = [], []
        for i, spec in enumerate(xactions):
            if not isinstance(spec, dict) or "type" not in spec:
                raise core(f'Parameter "transactions" must contain a list of transaction descriptions, but item '
                           f'with key "{i}" is not a dictionary with a "type" key.')
            kind, value = spec["type"], spec.get("value")
            if kind not in EDIT_TYPES:
                raise core(f'Transaction with key "{i}" has invalid type "{kind}". This type is not recognized. '
                           f'Valid types are: {", ".join(EDIT_TYPES)}.')
            change, error = self._edit_change(state, kind, value)
            if error:
                errors.append(error)
            elif change:
                changes.append(change)
        if errors:
            raise core("Validation errors:\n" + "\n".join(f"  - {e}" for e in errors))
        applied = self._apply(task, changes, author)
        return {"object": {"id": task["id"], "phid": task["phid"]},
                "transactions": [{"phid": x["phid"]} for x in applied]}

    def _token_user_phid(self) -> str:
        bot = self.meta.get("api_user_phid")
        return bot or self.users[0]["phid"]

    def _edit_change(self, st: dict, kind: str, value):
        """(change dict or None when it has no effect, validation error or None)."""
        if kind == "priority":
            keywords = [(p.get("keywords") or [str(p["value"])])[0] for p in self.priorities]
            if not isinstance(value, str) or value not in self._prio_keyword:
                return None, (f'Task priority "{value}" is not a valid task priority. Use a priority keyword to '
                              f'choose a task priority: {", ".join(keywords)}.')
            new = self._prio_keyword[value]
            return ({"type": "priority", "new": new} if new != st["priority"] else None), None
        if kind == "status":
            if value not in self._status:
                return None, (f'Value "{value}" is not a valid task status. Valid statuses are: '
                              + ", ".join(self._status) + ".")
            return ({"type": "status", "new": value} if value != st["status"] else None), None
        if kind == "points":
            if value in (None, ""):
                new = None
            else:
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    return None, "Points value must be numeric or empty."
                if number < 0:
                    return None, "Points value must be nonnegative."
                new = _format_points(number)
            return ({"type": "points", "new": new} if new != st["points"] else None), None
        if kind == "owner":
            if value in (None, ""):
                new = None
            else:
                user = self._user_by_phid.get(value) or self._user_by_name.get(str(value).lower())
                if user is None:
                    return None, f'Owner "{value}" is not a valid user.'
                new = user["phid"]
            return ({"type": "owner", "new": new} if new != st["owner"] else None), None
        if kind in ("title", "description"):
            if kind == "title" and not str(value or "").strip():
                return None, "Tasks must have a title."
            return ({"type": kind, "new": str(value)} if str(value) != st[kind] else None), None
        if kind == "comment":
            if not str(value or "").strip():
                return None, None
            return {"type": "comment", "text": str(value)}, None
        if kind == "column":
            moves = []
            for item in _list(value):
                phid = item.get("columnPHID") if isinstance(item, dict) else item
                col = self._col.get(phid)
                if col is None or not self._visible(col["dateCreated"]):
                    return None, f'Column "{phid}" does not exist.'
                if col.get("proxy"):
                    return None, f'Column "{phid}" is a milestone column: add the task to the milestone instead.'
                moves.append({"columnPHID": phid, "boardPHID": col["project"]})
            return ({"type": "core:columns", "new": moves} if moves else None), None
        if kind.startswith("projects."):
            phids = _list(value)
            unknown = [p for p in phids if p not in self._proj]
            if unknown:
                return None, f'Project "{unknown[0]}" does not exist.'
            ops = self._project_ops(st["projects"], kind.split(".")[1], phids)
            return ({"type": "projects", "ops": ops} if ops else None), None
        return None, f'Unsupported transaction type "{kind}".'

    def _project_ops(self, current: list[str], mode: str, phids: list[str]) -> list[dict]:
        """Phabricator's tag rules: a task is never tagged with both a project and its descendant, and a
        milestone replaces its parent and sibling milestones."""
        result = list(current)
        if mode == "set":
            result = []
            mode = "add"
        if mode == "remove":
            result = [p for p in result if p not in phids]
        else:
            for phid in phids:
                if phid in result or any(phid in self._ancestors(p) for p in result):
                    continue
                ancestors = set(self._ancestors(phid))
                parent = self._proj[phid].get("parent")
                result = [p for p in result if p not in ancestors and not (
                    self._proj[phid].get("milestone") is not None and self._proj[p].get("parent") == parent
                    and self._proj[p].get("milestone") is not None)]
                result.append(phid)
        ops = [{"operation": "add", "phid": p} for p in result if p not in current]
        ops += [{"operation": "remove", "phid": p} for p in current if p not in result]
        return ops

    def _mutation_time(self) -> int:
        if self.now is not None:
            return int(self.now)
        return max(int(time.time()), self._latest + 1)

    def _apply(self, task: dict, changes: list[dict], author: str, when: int | None = None) -> list[dict]:
        if not changes:
            return []
        when = self._mutation_time() if when is None else when
        group = group_id(f"{task['id']}:{when}:{self._xaction_max}")
        applied = []
        for change in changes:
            self._xaction_max += 1
            x = {"id": self._xaction_max, "phid": make_phid("XACT-TASK", self._xaction_max, 15), "date": when,
                 "author": author, "group": group, **change}
            task["xactions"].append(x)
            applied.append(x)
        task["xactions"].sort(key=lambda x: (x["date"], x["id"]))
        self._latest = max(self._latest, when)
        self._changed()
        return applied

    # ---- helpers for tests and the benchmark -----------------------------------------------------

    def touch(self, task_ids, *, author: str | None = None, **changes) -> None:
        """Change tasks now (the clock, or the wall clock when unset), bumping dateModified.

        Keys: title, description, status, priority (value or keyword), owner (PHID or None), points,
        comment, column (column PHID), projects_add / projects_remove (PHID lists), sprint (milestone
        PHID: moves the task into that sprint). With no key, only a comment-free bump is recorded.
        """
        with self._lock:
            author = author or self._token_user_phid()
            for tid in ([task_ids] if isinstance(task_ids, int) else task_ids):
                task = self._task_by_id[int(tid)]
                st = self._replay(task)
                todo = []
                for kind, value in changes.items():
                    if kind == "priority" and not isinstance(value, str):
                        todo.append({"type": "priority", "new": int(value)})
                        continue
                    if kind in ("projects_add", "projects_remove"):
                        ops = self._project_ops(st["projects"], kind.split("_")[1], _list(value))
                        if ops:
                            todo.append({"type": "projects", "ops": ops})
                        continue
                    if kind == "sprint":
                        ops = self._project_ops(st["projects"], "add", [value])
                        if ops:
                            todo.append({"type": "projects", "ops": ops})
                        continue
                    change, error = self._edit_change(st, kind, value)
                    if error:
                        raise ValueError(error)
                    if change:
                        todo.append(change)
                if not todo:
                    todo = [{"type": "edge"}]  # a change with no visible type still bumps dateModified
                self._apply(task, todo, author)

    def milestone_column_not_laid_out(self, milestone_phid: str, laid_out: bool = False) -> None:
        """Phorge creates a new milestone's proxy column on its parent's board only when that board is
        next laid out (someone opens it, or a search asks for the `columns` attachment): until then
        project.column.search does not list it. `laid_out=True`: it is there now."""
        with self._lock:
            phids = {c["phid"] for c in self.columns if c.get("proxy") == milestone_phid}
            if laid_out:
                self._not_laid_out -= phids
            else:
                self._not_laid_out |= phids
            self._changed()

    def hide_task(self, task_id: int) -> None:
        """The task vanishes for the token's user, as when it is deleted or its view policy tightened:
        no search returns it, and edge.search refuses its PHID (ERR-BAD-SOURCEPHIDS)."""
        with self._lock:
            self._hidden.add(int(task_id))
            self._changed()

    def remove_from_board(self, task_id: int, *, to_project: str | None = None) -> None:
        """Untag the board (and its milestones) from a task; optionally tag another project instead."""
        with self._lock:
            task = self._task_by_id[int(task_id)]
            st = self._replay(task)
            board = self.board_phid
            gone = [p for p in st["projects"] if p == board or board in self._ancestors(p)]
            ops = [{"operation": "remove", "phid": p} for p in gone]
            if to_project and to_project not in st["projects"]:
                ops.insert(0, {"operation": "add", "phid": to_project})
            if ops:
                self._apply(task, [{"type": "projects", "ops": ops}], self._token_user_phid())

    def add_task(self, title: str, *, status: str | None = None, priority: int = 90, owner: str | None = None,
                 points=None, projects: list[str] | None = None, column: str | None = None,
                 author: str | None = None, subtype: str = "default", description: str = "",
                 parent: int | None = None) -> int:
        """Create a task now (default: on the board, in its default column); returns its id."""
        with self._lock:
            when = self._mutation_time()
            tid = max(self._task_by_id, default=0) + 1
            author = author or self._token_user_phid()
            task = {"id": tid, "phid": make_phid("TASK", f"added:{tid}"), "authorPHID": author, "dateCreated": when,
                    "subtype": subtype, "xactions": []}
            self.tasks.append(task)
            self._task_by_id[tid], self._task_by_phid[task["phid"]] = task, task
            changes = [{"type": "create"}, {"type": "title", "new": title},
                       {"type": "status", "new": status or self._default_status},
                       {"type": "priority", "new": int(priority)}]
            if description:
                changes.append({"type": "description", "new": description})
            if owner:
                changes.append({"type": "owner", "new": owner})
            if points is not None:
                changes.append({"type": "points", "new": _format_points(points)})
            tags = self._project_ops([], "add", projects if projects is not None else [self.board_phid])
            if tags:
                changes.append({"type": "projects", "ops": tags})
            if column:
                changes.append({"type": "core:columns",
                                "new": [{"columnPHID": column, "boardPHID": self._col[column]["project"]}]})
            self._apply(task, changes, author, when)
            if parent is not None:
                self._edge_seq += 1
                self.edges.append({"src": self._task_by_id[parent]["phid"], "dst": task["phid"],
                                   "date": when, "seq": self._edge_seq})
                self._apply(self._task_by_id[parent], [{"type": "edge"}], author, when)
            self._changed()
            return tid

    METHODS = {
        "maniphest.priority.search": _priority_search,
        "maniphest.status.search": _status_search,
        "project.search": _project_search,
        "project.column.search": _column_search,
        "maniphest.search": _task_search,
        "user.search": _user_search,
        "edge.search": _edge_search,
        "transaction.search": _transaction_search,
        "maniphest.edit": _edit,
    }
