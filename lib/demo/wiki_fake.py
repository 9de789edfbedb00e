"""A fake MediaWiki Action API (1.39): the part the sync uses, answering like the real server.

It serves `action=query&prop=revisions` (content in the `main` slot or ids only), in formatversion 2
or 1, with `missing` and `invalid` pages, `normalized` titles, `rvcontinue` when asked to split a
content batch; `action=expandtemplates&prop=wikitext` against the Template: pages it holds; and the
real error shapes: `maxlag` (with `Retry-After`, `X-Database-Lag`), `badvalue`,
`badinteger`, `toomanyvalues`. Every error carries the `MediaWiki-API-Error` header and HTTP 200, like
the real API (see /work/shared/reference/mediawiki-examples/). A members-only wiki (`private=True`)
answers `readapidenied` until a bot password logs in (`meta=tokens&type=login`, then a POSTed
`action=login`), its session kept by a cookie and asserted with `assert=user`.

It is transport-free: `handle(query_params, headers)` returns `(status, headers, body)`, so the same
object sits behind `transport()` (an httpx.MockTransport, for the demo build) and behind a real
loopback HTTP server (tests/fakes/http_servers.py).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import mwparserfromhell

DEFAULT_TIMESTAMP = "2026-11-24T00:00:00Z"
MAX_TITLES = 50  # per request, for a client without the apihighlimits right
RVPROP_VALUES = ("ids", "timestamp", "content", "flags", "comment", "user", "size", "sha1", "contentmodel")
INVALID_TITLE_CHARS = "#<>[]{}|"
DOCREF = (
    "See {api} for API usage. Subscribe to the mediawiki-api-announce mailing list at "
    "&lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; "
    "for notice of API deprecations and breaking changes."
)
SESSION_COOKIE = "fakewiki_session"
LOGIN_FAILED = "Incorrect username or password entered. Please try again."
SESSION_LOST = "Unable to continue login. Your session most likely timed out."
LEGACY_SLOTS_WARNING = (
    'Because "rvslots" was not specified, a legacy format has been used for the output. This format is '
    "deprecated, and in the future the new format will always be used."
)


@dataclass
class Page:
    pageid: int
    revid: int
    parentid: int
    timestamp: str
    content: str


@dataclass
class ApiError(Exception):
    code: str
    info: str
    extra: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)


def normalize_title(title: str) -> str:
    """What MediaWiki does to a title in the main namespace: underscores become spaces, runs of
    spaces collapse, ends are trimmed and the first letter is upper-cased ($wgCapitalLinks)."""
    text = re.sub(r"[ _]+", " ", title).strip()
    return text[:1].upper() + text[1:]


class WikiFake:
    """Pages by title: {title: {"revid", "timestamp", "content"}} (see `pages`).

    Revision ids are global and grow, as on a real wiki: `set_page` gives the page a new revid.
    `set_lag(seconds)` makes every request whose `maxlag` is below the lag fail with the real maxlag
    error (a real server is never lagged less than 0, so `maxlag=-1` always fails, as in the example).
    `content_pages_per_response` splits a content query over several answers with `continue`.
    """

    def __init__(self, pages: dict[str, dict] | None = None, *, api_url: str | None = None,
                 servedby: str = "mw-fake", content_pages_per_response: int | None = None,
                 reverse_pages: bool = False, private: bool = False, secure_cookies: bool = False):
        self._lock = threading.RLock()
        self.private = private  # only a logged-in account may read ($wgGroupPermissions['*']['read'] = false)
        self.secure_cookies = secure_cookies  # $wgCookieSecure: the session cookie only comes back over https
        self.bot_passwords: dict[str, str] = {}  # "User@BotName" -> password (see add_bot_password)
        self.not_readers: set[str] = set()        # users a private wiki does not let read, logged in or not
        self._sessions: dict[str, dict] = {}     # session id -> {"token": login token, "user": name or None}
        self._user_ids = itertools.count(1)
        self._pages: dict[str, Page] = {}
        self._last_revid = 0
        self._last_pageid = 0
        self.api_url = api_url
        self.servedby = servedby
        self.content_pages_per_response = content_pages_per_response
        self.reverse_pages = reverse_pages  # pages order is not guaranteed: let a test prove it
        self.lag = 0.0
        self.lag_host = "localhost"
        self.lag_requests: int | None = None  # lagged for this many more requests (None: until reset)
        self.retry_after: int | None = None   # override the real max(maxlag, 5)
        self.request_log: list[dict] = []
        for title, page in (pages or {}).items():
            self.set_page(title, page.get("content", ""), revid=page.get("revid"),
                          timestamp=page.get("timestamp"), pageid=page.get("pageid"))

    # ---- the wiki's contents -------------------------------------------------------------------

    @property
    def pages(self) -> dict[str, dict]:
        with self._lock:
            return {t: {"revid": p.revid, "timestamp": p.timestamp, "content": p.content, "pageid": p.pageid}
                    for t, p in self._pages.items()}

    def set_page(self, title: str, text: str, *, revid: int | None = None, timestamp: str | None = None,
                 pageid: int | None = None) -> int:
        """Save a new revision of `title` (creating the page) and return its revid. Like MediaWiki,
        trailing whitespace of the text is dropped on save. `revid`/`pageid` pin the ids (a test
        copying a real answer); by default they follow the last ones given out."""
        title = normalize_title(title)
        with self._lock:
            old = self._pages.get(title)
            new_revid = revid if revid is not None else self._last_revid + 1
            if old is not None and new_revid <= old.revid:
                raise ValueError(f"revid {new_revid} of {title!r} must be above the current {old.revid}")
            self._last_revid = max(self._last_revid, new_revid)
            if old is None:
                self._last_pageid = max(self._last_pageid + 1, pageid or 0)
            self._pages[title] = Page(
                pageid=old.pageid if old else (pageid or self._last_pageid),
                revid=new_revid,
                parentid=old.revid if old else 0,
                timestamp=timestamp or DEFAULT_TIMESTAMP,
                content=text.rstrip(),
            )
            return new_revid

    def delete_page(self, title: str) -> None:
        with self._lock:
            self._pages.pop(normalize_title(title), None)

    def add_bot_password(self, login_name: str, password: str) -> None:
        """A bot password as Special:BotPasswords makes it: log in as `User@BotName`."""
        with self._lock:
            self.bot_passwords[login_name] = password

    def end_sessions(self) -> None:
        """Forget every login session, as a wiki does when they expire or its session store restarts."""
        with self._lock:
            self._sessions.clear()

    def set_lag(self, seconds: float, *, host: str = "localhost", requests: int | None = None,
                retry_after: int | None = None) -> None:
        """Pretend the database replicas lag by `seconds` (for the next `requests` requests, or until
        set back to 0). `retry_after` overrides the real header value, so a test need not wait 5 s."""
        with self._lock:
            self.lag, self.lag_host, self.lag_requests, self.retry_after = seconds, host, requests, retry_after

    @classmethod
    def from_folder(cls, path: str | Path, **kwargs) -> "WikiFake":
        """Load `pages.json` ({kind: {"title", "revid", optional "timestamp"}}) and `<kind>.wiki`.
        A kind without its .wiki file is left out; a folder without pages.json gives an empty wiki."""
        folder = Path(path)
        fake = cls(**kwargs)
        index_path = folder / "pages.json"
        if not index_path.exists():
            return fake
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for kind, meta in sorted(index.items(), key=lambda kv: int(kv[1].get("revid") or 0)):
            text_path = folder / f"{kind}.wiki"
            if not text_path.exists():
                continue
            fake.set_page(meta["title"], text_path.read_text(encoding="utf-8"),
                          revid=meta.get("revid"), timestamp=meta.get("timestamp"))
        return fake

    # ---- the API ---------------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """An httpx transport answering from this fake (GET query string, or POST form body)."""

        def respond(request: httpx.Request) -> httpx.Response:
            if not request.url.path.endswith("/api.php"):
                return httpx.Response(404, text="Not Found")
            params = dict(request.url.params.multi_items())
            if request.method == "POST":
                params.update(parse_qsl(request.content.decode("utf-8", "replace"), keep_blank_values=True))
            status, headers, body = self.handle(params, dict(request.headers), request.method)
            return httpx.Response(status, headers=headers, content=body)

        return httpx.MockTransport(respond)

    def handle(self, query_params: dict, headers: dict | None = None,
               method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """Answer one API request: (HTTP status, headers, JSON body bytes)."""
        params = {k: (v[-1] if isinstance(v, list | tuple) else str(v)) for k, v in query_params.items()}
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        cookie: dict[str, str] = {}  # the session cookie to set, if this request started or changed one
        with self._lock:
            self.request_log.append({"params": params, "user_agent": headers.get("user-agent")})
            api_url = self.api_url or f"http://{headers.get('host', 'localhost')}/w/api.php"
            fv = 2 if params.get("formatversion") in ("2", "latest") else 1
            try:
                if params.get("formatversion", "1") not in ("1", "2", "latest"):
                    raise _badvalue("formatversion", params["formatversion"])
                if params.get("format", "json") not in ("json", "jsonfm"):
                    raise _badvalue("format", params["format"])
                action = params.get("action")
                session = self._sessions.get(_session_id(headers))
                reads = action not in ("login", None) and not (action == "query" and params.get("meta") == "tokens"
                                                               and "titles" not in params and "prop" not in params)
                # As MediaWiki 1.40+ orders them: the assertion, then the right to read, then maxlag.
                if params.get("assert") == "user" and not (session and session["user"]):
                    raise ApiError("assertuserfailed", "You are no longer logged in, so the action could not be completed.")
                if reads and self.private and not (session and session["user"] and session["user"] not in self.not_readers):
                    raise ApiError("readapidenied", "You need read permission to use this module.")
                self._check_maxlag(params)
                if action is None:
                    raise ApiError("missingparam", 'The "action" parameter must be set.')
                if action == "login":
                    body = self._login(params, headers, method, cookie)
                elif action == "query" and params.get("meta") == "tokens":
                    body = self._tokens(params, headers, cookie)
                elif action == "expandtemplates":
                    body = self._expandtemplates(params)
                elif action == "query":
                    body = self._query(params, fv)
                else:
                    raise _badvalue("action", action)
                out = _json_headers()
                if cookie:
                    out["Set-Cookie"] = f"{SESSION_COOKIE}={cookie['id']}; path=/; HttpOnly" + (
                        "; secure" if self.secure_cookies else "")
                return 200, out, _dump(body)
            except ApiError as err:
                if params.get("errorformat", "bc") != "bc":  # the modern shape, asked for
                    body = {"errors": [{"code": err.code, "text": err.info, "module": params.get("action") or "main"}],
                            "docref": DOCREF.format(api=api_url), "servedby": self.servedby}
                    return 200, {**_json_headers(), **err.headers, "MediaWiki-API-Error": err.code}, _dump(body)
                error = {"code": err.code, "info": err.info, **err.extra}
                error["docref" if fv == 2 else "*"] = DOCREF.format(api=api_url)
                body = {"error": error, "servedby": self.servedby}
                return 200, {**_json_headers(), **err.headers, "MediaWiki-API-Error": err.code}, _dump(body)

    def _new_session(self, cookie: dict, user: str | None = None) -> dict:
        session_id = secrets.token_hex(16)
        self._sessions[session_id] = session = {"token": f"{secrets.token_hex(20)}+\\", "user": user}
        cookie["id"] = session_id
        return session

    def _tokens(self, params: dict, headers: dict, cookie: dict) -> dict:
        """`meta=tokens&type=login` (anyone may ask, on a private wiki too): the token is the session's."""
        if params.get("type") != "login":
            raise _badvalue("type", params.get("type", ""))
        session = self._sessions.get(_session_id(headers)) or self._new_session(cookie)
        return {"batchcomplete": True, "query": {"tokens": {"logintoken": session["token"]}}}

    def _login(self, params: dict, headers: dict, method: str, cookie: dict) -> dict:
        """`action=login` as MediaWiki 1.27+ answers it: the token must be the session's, the name and
        password a bot password's; on success the session is renewed under a new id."""
        if method != "POST":
            raise ApiError("mustbeposted", 'The "login" module requires a POST request.')
        session = self._sessions.get(_session_id(headers))
        if not params.get("lgtoken"):
            session = session or self._new_session(cookie)
            return {"warnings": {"login": {"warnings": "Fetching a token via \"action=login\" is deprecated. "
                                                       "Use \"action=query&meta=tokens&type=login\" instead."}},
                    "login": {"result": "NeedToken", "token": session["token"]}}
        if session is None:
            self._new_session(cookie)
            return {"login": {"result": "Failed", "reason": _reason(params, "sessionlost", SESSION_LOST)}}
        if session["user"]:  # a bot password's session is immutable: no login inside it
            return {"login": {"result": "Aborted", "reason": _reason(
                params, "api-login-fail-badsessionprovider", "Cannot log in when using BotPasswordSessionProvider sessions.")}}
        if params["lgtoken"] != session["token"]:
            return {"login": {"result": "WrongToken"}}
        name = params.get("lgname", "")
        if name not in self.bot_passwords or self.bot_passwords[name] != params.get("lgpassword"):
            return {"login": {"result": "Failed", "reason": _reason(params, "wrongpassword", LOGIN_FAILED)}}
        self._sessions.pop(_session_id(headers), None)
        user = name.split("@", 1)[0]
        self._new_session(cookie, user)
        return {"login": {"result": "Success", "lguserid": next(self._user_ids), "lgusername": user}}

    def _expandtemplates(self, params: dict) -> dict:
        """`action=expandtemplates&prop=wikitext`: templates whose Template: page exists are expanded
        ({{{1}}}, {{{name|default}}}, <noinclude>, <includeonly>), others become a link to the missing
        page, as MediaWiki shows them."""
        if "text" not in params:
            raise ApiError("missingparam", 'The "text" parameter must be set.')
        if params.get("prop") != "wikitext":
            raise _badvalue("prop", params.get("prop", ""))
        return {"expandtemplates": {"wikitext": self._expand(params["text"], depth=0)}}

    def _expand(self, text: str, depth: int, args: dict[str, str] | None = None) -> str:
        code = mwparserfromhell.parse(text)
        if args is not None:
            for arg in code.filter_arguments(recursive=False):
                name = str(arg.name).strip()
                default = self._expand(str(arg.default), depth, args) if arg.default is not None else str(arg)
                code.replace(arg, args.get(name, default))
        for call in code.filter_templates(recursive=False):
            name = normalize_title(str(call.name).strip())
            page = self._pages.get(f"Template:{name}")
            if page is None or depth >= 40:
                code.replace(call, f"[[:Template:{name}]]")
                continue
            values, position = {}, 0
            for param in call.params:
                value = self._expand(str(param.value), depth + 1, args)
                if param.showkey:
                    values[str(param.name).strip()] = value.strip()
                else:
                    position += 1
                    values[str(position)] = value
            body = re.sub(r"<noinclude>.*?(?:</noinclude>|$)", "", page.content, flags=re.S)
            body = re.sub(r"</?includeonly>", "", body)
            code.replace(call, self._expand(body, depth + 1, values))
        return str(code)

    def _check_maxlag(self, params: dict) -> None:
        if "maxlag" not in params:
            return
        try:
            maxlag = int(params["maxlag"])
        except ValueError:
            raise ApiError("badinteger", f'Invalid value "{params["maxlag"]}" for integer parameter "maxlag".') from None
        lag = self.lag
        if self.lag_requests is not None:
            if self.lag_requests <= 0:
                lag = 0
            else:
                self.lag_requests -= 1
        if lag > maxlag:
            shown = int(lag) if float(lag).is_integer() else lag
            retry = self.retry_after if self.retry_after is not None else max(maxlag, 5)
            raise ApiError(
                "maxlag", f"Waiting for {self.lag_host}: {shown} seconds lagged.",
                extra={"host": self.lag_host, "lag": shown, "type": "db"},
                headers={"Retry-After": str(retry), "X-Database-Lag": str(int(lag))},
            )

    def _redirect_target(self, title: str) -> str | None:
        """With `redirects=1`, a page whose text is `#REDIRECT [[Target]]` answers for its target."""
        page = self._pages.get(title)
        m = re.match(r"\s*#REDIRECT\s*\[\[([^\]|#]+)", page.content, re.I) if page else None
        return normalize_title(m.group(1)) if m else None

    def _query(self, params: dict, fv: int) -> dict:
        props = _multi(params.get("prop", ""))
        unknown_props = [p for p in props if p not in ("revisions", "info")]
        if unknown_props:
            raise _badvalue("prop", unknown_props[0])
        rvprop = _multi(params.get("rvprop", "ids|timestamp|flags|comment|user"))
        bad = [p for p in rvprop if p not in RVPROP_VALUES]
        if bad:
            raise _badvalue("rvprop", bad[0])
        raw_titles = [t for t in params.get("titles", "").split("|")] if params.get("titles") else []
        if len(raw_titles) > MAX_TITLES:
            raise ApiError("toomanyvalues", f'Too many values supplied for parameter "titles". The limit is {MAX_TITLES}.')
        slots = params.get("rvslots")
        if slots is not None and slots not in ("main", "*"):
            raise _badvalue("rvslots", slots)

        normalized, redirects, seen, missing, existing = [], [], set(), [], []
        for raw in raw_titles:
            title = normalize_title(raw)
            bad_char = next((c for c in INVALID_TITLE_CHARS if c in raw), None)
            if not title or bad_char:
                if raw in seen:
                    continue
                seen.add(raw)
                reason = ("The requested page title is empty or contains only the name of a namespace."
                          if not title else f'The requested page title contains invalid characters: "{bad_char}".')
                missing.append({"title": raw, "invalidreason": reason, "invalid": True})
                continue
            if title != raw and not any(n["from"] == raw for n in normalized):
                normalized.append({"fromencoded": False, "from": raw, "to": title})
            hops: set[str] = set()  # redirects are followed to the end, as MediaWiki does; a loop stops
            while params.get("redirects") not in (None, "", "0") and title not in hops and (
                    target := self._redirect_target(title)) is not None:
                hops.add(title)
                if not any(r["from"] == title for r in redirects):
                    redirects.append({"from": title, "to": target})
                title = target
            if title in seen:
                continue
            seen.add(title)
            if title in self._pages:
                existing.append(title)
            else:
                missing.append({"ns": 0, "title": title, "missing": True})

        # MediaWiki lists missing/invalid pages first, then existing ones by page id.
        existing.sort(key=lambda t: self._pages[t].pageid)
        with_revs = set(existing) if "revisions" in props else set()
        cont = None
        if "revisions" in props and "content" in rvprop and self.content_pages_per_response:
            # The real server stops a content batch when the result grows too big; revisions are
            # walked in revid order and `rvcontinue` is the revid to start again from.
            by_rev = sorted(existing, key=lambda t: self._pages[t].revid)
            start = int(params.get("rvcontinue", "0").split("|")[0] or 0)
            todo = [t for t in by_rev if self._pages[t].revid >= start]
            with_revs = set(todo[: self.content_pages_per_response])
            rest = todo[self.content_pages_per_response:]
            if rest:
                cont = {"rvcontinue": str(self._pages[rest[0]].revid), "continue": "||"}

        pages_out = list(missing)
        warnings = {}
        for title in existing:
            page = self._pages[title]
            entry = {"pageid": page.pageid, "ns": 0, "title": title}
            if title in with_revs:
                entry["revisions"] = [self._revision(page, rvprop, slots)]
            pages_out.append(entry)
        if "revisions" in props and "content" in rvprop and slots is None:
            warnings["revisions"] = {"warnings": LEGACY_SLOTS_WARNING}
        if self.reverse_pages:
            pages_out.reverse()

        query: dict = {}
        if normalized:
            query["normalized"] = normalized
        if redirects:
            query["redirects"] = redirects
        if pages_out:
            query["pages"] = pages_out
        body: dict = {}
        if cont:
            body["continue"] = cont
        else:
            body["batchcomplete"] = True
        if warnings:
            body["warnings"] = warnings
        if query:
            body["query"] = query
        return body if fv == 2 else _to_formatversion1(body)

    @staticmethod
    def _revision(page: Page, rvprop: list[str], slots: str | None) -> dict:
        rev: dict = {}
        if "ids" in rvprop:
            rev.update(revid=page.revid, parentid=page.parentid)
        if "timestamp" in rvprop:
            rev["timestamp"] = page.timestamp
        if "content" in rvprop:
            content = {"contentmodel": "wikitext", "contentformat": "text/x-wiki", "content": page.content}
            if slots is None:
                rev.update(content)
            else:
                rev["slots"] = {"main": content}
        return rev


def _reason(params: dict, code: str, text: str):
    """A refused login's reason: words (errorformat=bc, the default) or its code and words."""
    return text if params.get("errorformat", "bc") == "bc" else {"code": code, "text": text}


def _session_id(headers: dict) -> str | None:
    for part in (headers.get("cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE:
            return value
    return None


def _multi(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def _badvalue(name: str, value: str) -> ApiError:
    return ApiError("badvalue", f'Unrecognized value for parameter "{name}": {value}.')


def _json_headers() -> dict[str, str]:
    return {"Content-Type": "application/json; charset=utf-8", "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, must-revalidate, max-age=0"}


def _dump(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _to_formatversion1(body: dict) -> dict:
    """formatversion=1: pages keyed by pageid (missing ones by -1, -2, ...), booleans as "" (true) or
    absent (false), content under "*", warnings text under "*"."""

    def fix(value):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if v is False:
                    continue
                if v is True:
                    out[k] = ""
                elif k == "content" and isinstance(v, str):
                    out["*"] = v
                else:
                    out[k] = fix(v)
            return out
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    body = fix(body)
    for module in (body.get("warnings") or {}).values():
        if "warnings" in module:
            module["*"] = module.pop("warnings")
    query = body.get("query")
    if query and "pages" in query:
        keyed, negative = {}, 0
        for page in query["pages"]:
            if "pageid" in page:
                keyed[str(page["pageid"])] = page
            else:
                negative -= 1
                keyed[str(negative)] = page
        query["pages"] = keyed
    return body
