"""MediaWiki Action API client: page revisions first, content only for pages that changed, and
the expansion of template calls that stand for table rows (lib.sync.row_templates).

Batch etiquette: `maxlag=5` on every request, a descriptive User-Agent, and on a maxlag error a wait
for `Retry-After` (bounded) before trying again.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

import httpx

from lib.config import shown_url
from lib.sync.errors import MalformedAnswer, WikiAPIError
from lib.sync.http import HttpClient, decode_json, retry_after

MAXLAG_S = 5
MAXLAG_RETRIES = 4
DEFAULT_MAXLAG_WAIT_S = 5.0
# A database error inside MediaWiki comes as an API error, with HTTP 200: worth another try, as for
# a 5xx (mwclient retries the same codes).
TRANSIENT_ERRORS = ("internal_api_error_DB",)  # DBQueryError, DBConnectionError, DBQueryTimeoutError, …
# The wiki will not let an anonymous reader in: the sync does not log in to MediaWiki.
NO_READ_ERRORS = {"readapidenied", "accessdenied"}
WEB_PAGE_HINT = ("WIKI_API_URL must be the wiki's api.php (e.g. https://meta.wikimedia.org/w/api.php), not the "
                 "address of a page, and reachable without a login page in front of it")


@dataclass(frozen=True)
class Revision:
    title: str        # the title asked for (as configured)
    revid: int
    timestamp: str | None
    content: str | None = None
    page_title: str | None = None  # the page's own title, redirects and normalisation followed

    @property
    def real_title(self) -> str:
        return self.page_title or self.title


class MediaWiki:
    def __init__(self, http: HttpClient, api_url: str):
        self.http, self.api_url = http, api_url
        self._shown_url = shown_url(api_url)  # for messages: never the credentials a URL may carry
        # Where the API answered from: a configured http:// address that redirects to https:// is
        # followed for GETs, but a redirected POST would arrive as a GET without its body.
        self._endpoint = api_url

    @property
    def requests(self) -> int:
        return self.http.requests

    def _call(self, http_method: str, params: dict) -> dict:
        params = {**params, "format": "json", "formatversion": "2", "maxlag": str(MAXLAG_S)}
        where = {"params": params} if http_method == "GET" else {"data": params}
        for attempt in range(MAXLAG_RETRIES + 1):
            response = self.http.send(http_method, self._endpoint, what="Wiki API", **where)
            if http_method == "GET":
                self._endpoint = _followed(self._endpoint, response.url)
            answer = decode_json(response, "Wiki API", WEB_PAGE_HINT)
            if not isinstance(answer, dict):
                raise MalformedAnswer("Wiki API: the answer is not a JSON object")
            error = answer.get("error")
            if not error:
                return answer
            if not isinstance(error, dict):  # a gateway's own JSON: {"error": "invalid_token", ...}
                raise WikiAPIError(f"Wiki API error: {str(error)[:200]}")
            code = str(error.get("code") or "")
            if code == "maxlag" or code.startswith(TRANSIENT_ERRORS):
                if attempt == MAXLAG_RETRIES:
                    break
                wait = retry_after(response) if code == "maxlag" else None
                default = DEFAULT_MAXLAG_WAIT_S if code == "maxlag" else self.http.backoff * 2 ** attempt
                self.http.sleep(default if wait is None else wait)
                continue
            if code in NO_READ_ERRORS:
                raise WikiAPIError(f"Wiki API error {code}: {error.get('info')} The wiki at {self._shown_url} does "
                                   "not let anonymous readers read it, and the sync does not log in to MediaWiki; "
                                   "use a wiki the public can read (or a proxy in front of it that lets the sync in)")
            raise WikiAPIError(f"Wiki API error {code}: {error.get('info')}")
        if code == "maxlag":
            raise WikiAPIError("Wiki API: the servers stayed lagged (maxlag); try again later")
        raise WikiAPIError(f"Wiki API error {code}: {error.get('info')} (the wiki's database failed "
                           f"{MAXLAG_RETRIES + 1} times in a row; try again later)")

    def revisions(self, titles: list[str], *, content: bool,
                  problems: dict[str, str] | None = None) -> dict[str, Revision]:
        """Latest revision of each title (one request for all, following `continue`). A page that cannot
        be read (missing, a special page, hidden, not wikitext…) raises, naming it; with `problems`, it
        is put there by title instead and left out, so the other pages are still read."""
        props = "ids|timestamp|content" if content else "ids|timestamp"
        # MediaWiki reads every title as NFC; a title configured in another form is asked for as NFC.
        asked = {title: unicodedata.normalize("NFC", title) for title in titles}
        # redirects=1: a page moved on the wiki is followed to its new title instead of failing the sync.
        # continue="": the continuation every MediaWiki since 1.21 understands; a wiki older than 1.26
        # would otherwise answer the old style (query-continue) that this client does not follow.
        params = {"action": "query", "prop": "revisions", "rvprop": props, "titles": "|".join(dict.fromkeys(asked.values())),
                  "redirects": "1", "continue": ""}
        if content:
            params["rvslots"] = "main"
        pages: dict[str, dict] = {}
        aliases: dict[str, str] = {}
        elsewhere: set[str] = set()  # titles on another wiki (interwiki)
        cont: dict = {}
        seen: set[str] = set()
        while True:
            answer = self._call("GET", {**params, **cont})
            query = answer.get("query")
            if not isinstance(query, dict):
                raise MalformedAnswer("Wiki API: the answer has no 'query'")
            for step in ("normalized", "redirects"):
                for item in query.get(step) or []:
                    aliases[item["from"]] = item["to"]
                    if item.get("tointerwiki"):
                        elsewhere.add(item["to"])
            elsewhere.update(item.get("title") for item in query.get("interwiki") or [] if isinstance(item, dict))
            found = query.get("pages") or []
            for page in found.values() if isinstance(found, dict) else found:  # formatversion=1: keyed by id
                merged = pages.setdefault(page.get("title"), {})
                merged.update({k: v for k, v in page.items() if k != "revisions"})
                if page.get("revisions"):
                    merged["revisions"] = page["revisions"]
            if "continue" not in answer:
                if "query-continue" in answer:
                    raise MalformedAnswer("Wiki API: the wiki continues its answer the old way (query-continue); "
                                          "it is older than MediaWiki 1.21, which this sync needs")
                break
            cont = answer["continue"]
            key = json.dumps(cont, sort_keys=True)
            if key in seen:
                raise MalformedAnswer(f"Wiki API: the answer asks to continue from {key} again; it would never end")
            seen.add(key)

        def read(title: str) -> Revision:
            final, path = asked[title], []
            while final in aliases and final not in path:  # normalised, then redirected, to the end
                path.append(final)
                final = aliases[final]
            if final in path:
                raise WikiAPIError(f'Wiki page "{title}" redirects in a loop ({" → ".join([*path, final])})')
            if final in elsewhere:
                raise WikiAPIError(f'Wiki page "{title}" is on another wiki ("{final}"); set WIKI_API_URL to '
                                   "that wiki's API")
            page = pages.get(final)
            if page is not None and page.get("invalid", False) is not False:
                reason = page.get("invalidreason") or "not a valid page title"
                raise WikiAPIError(f'Wiki page title "{title}" is invalid on {self._shown_url}: {reason}')
            if page is not None and page.get("special", False) is not False:
                raise WikiAPIError(f'Wiki page "{title}" is a special page, which holds no wikitext to read')
            if page is None or page.get("missing", False) is not False:
                raise WikiAPIError(f'Wiki page "{title}" does not exist on {self._shown_url}')
            revs = page.get("revisions") or []
            if not revs:
                raise MalformedAnswer(f'Wiki API: no revision returned for "{title}"')
            rev = revs[0]
            text = None
            if content:
                slot = {**rev, **((rev.get("slots") or {}).get("main") or {})}
                unreadable = ("texthidden", "textmissing", "missing")  # missing: content the wiki cannot load
                if (any(slot.get(flag, False) is not False for flag in unreadable)
                        or rev.get("slotsmissing", False) is not False):
                    raise WikiAPIError(f'Wiki page "{final}": the text of its latest revision is hidden or '
                                       "missing on the wiki (revision-deleted); an administrator can restore it")
                model = slot.get("contentmodel")
                if model and model != "wikitext":
                    raise WikiAPIError(f'Wiki page "{final}" holds {model} content, not wikitext tables')
                text = slot.get("content", slot.get("*"))  # formatversion=1 puts the text under "*"
                if text is None:
                    raise MalformedAnswer(f'Wiki API: no content returned for "{title}"')
            return Revision(title, int(rev["revid"]), rev.get("timestamp"), text, page_title=page.get("title"))

        out = {}
        for title in titles:
            try:
                out[title] = read(title)
            except WikiAPIError as exc:  # this page: missing, hidden, not wikitext, on another wiki…
                if problems is None:
                    raise
                problems[title] = str(exc)
        return out

    def expand_templates(self, title: str, calls: list[str]) -> list[str]:
        """The wikitext each template call expands to on `title`, in one request (POST: the calls
        can be long). The calls travel as one text, split again at a line no template makes."""
        if not calls:
            return []
        text = f"\n{_SPLIT}\n".join(calls)
        answer = self._call("POST", {"action": "expandtemplates", "title": title, "text": text, "prop": "wikitext"})
        result = answer.get("expandtemplates")
        expanded = (result.get("wikitext", result.get("*")) if isinstance(result, dict) else None)
        if not isinstance(expanded, str):
            raise MalformedAnswer("Wiki API: the expandtemplates answer has no wikitext")
        parts = expanded.split(f"\n{_SPLIT}\n")
        if len(parts) != len(calls):
            raise MalformedAnswer(f'Wiki API: expanding the row templates of "{title}" gave {len(parts)} parts '
                                  f"for {len(calls)} calls")
        for call, part in zip(calls, parts):
            # MediaWiki answers a call it cannot expand with a link to the missing template or an
            # error inside the text, not with an API error: its row would silently vanish.
            if _MISSING_TEMPLATE.fullmatch(part.strip()) or _EXPANSION_ERROR.search(part.strip()):
                shown = re.sub(r"\s+", " ", call)[:80]
                raise WikiAPIError(f'Wiki page "{title}": the row template call {shown!r} did not expand '
                                   f"(the template is missing or failed: {re.sub(r'<[^>]+>', '', part).strip()[:120]!r})")
        return parts


_SPLIT = "@@leads-planning-dashboard:next-call@@"
_MISSING_TEMPLATE = re.compile(r"\[\[:[^\[\]|]+\]\]")  # [[:Template:Goal Row]], [[:Goals/Row]] (a missing page)
# MediaWiki's own error output: a Lua error anywhere, or a part that is nothing but an error element
# (a template loop); a row that merely styles a cell class="error" is a row
_EXPANSION_ERROR = re.compile(r'class="[^"]*\bscribunto-error\b|^(?:\|-\s*)?<(strong|span|div)\b[^>]*class="error"[^>]*>'
                              r'.*</\1>\s*$|Template loop detected', re.I | re.S)


def _followed(configured: str, answered: httpx.URL) -> str:
    """The address the API answered from, without its query. Credentials in the configured URL (for a
    proxy in front of a private wiki) stay with it when the answer came from the same host: httpx
    sends them on the redirect's first hop only, and every later request would go without."""
    url, asked = answered.copy_with(query=None), httpx.URL(configured)
    if (asked.userinfo and not url.userinfo and url.host == asked.host and url.port == asked.port
            and url.scheme == "https"):  # never down to plain http, nor to another port
        url = url.copy_with(username=asked.username, password=asked.password)
    return str(url)


def make_wiki(api_url: str, contact: str, transport: httpx.BaseTransport | None = None, **http_kwargs) -> MediaWiki:
    return MediaWiki(HttpClient(contact=contact, transport=transport, **http_kwargs), api_url)
