"""MediaWiki Action API client: page revisions first, content only for pages that changed, and
the expansion of template calls that stand for table rows (lib.sync.row_templates).

Batch etiquette: `maxlag=5` on every request, a descriptive User-Agent, and on a maxlag error a wait
for `Retry-After` (bounded) before trying again.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from lib.config import shown_url
from lib.sync.errors import MalformedAnswer, WikiAPIError
from lib.sync.http import MAX_RETRY_DELAY_S, HttpClient, decode_json

MAXLAG_S = 5
MAXLAG_RETRIES = 4
DEFAULT_MAXLAG_WAIT_S = 5.0


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
                self._endpoint = str(response.url.copy_with(query=None))
            answer = decode_json(response, "Wiki API")
            if not isinstance(answer, dict):
                raise MalformedAnswer("Wiki API: the answer is not a JSON object")
            error = answer.get("error")
            if not error:
                return answer
            if error.get("code") == "maxlag" and attempt < MAXLAG_RETRIES:
                try:
                    wait = float(response.headers.get("Retry-After", DEFAULT_MAXLAG_WAIT_S))
                except ValueError:
                    wait = DEFAULT_MAXLAG_WAIT_S
                self.http.sleep(min(wait, MAX_RETRY_DELAY_S))
                continue
            raise WikiAPIError(f"Wiki API error {error.get('code')}: {error.get('info')}")
        raise WikiAPIError("Wiki API: the servers stayed lagged (maxlag); try again later")

    def revisions(self, titles: list[str], *, content: bool) -> dict[str, Revision]:
        """Latest revision of each title (one request for all, following `continue`). A missing page
        raises, naming it."""
        props = "ids|timestamp|content" if content else "ids|timestamp"
        # redirects=1: a page moved on the wiki is followed to its new title instead of failing the sync.
        params = {"action": "query", "prop": "revisions", "rvprop": props, "titles": "|".join(titles), "redirects": "1"}
        if content:
            params["rvslots"] = "main"
        pages: dict[str, dict] = {}
        aliases: dict[str, str] = {}
        cont: dict = {}
        while True:
            answer = self._call("GET", {**params, **cont})
            query = answer.get("query")
            if not isinstance(query, dict):
                raise MalformedAnswer("Wiki API: the answer has no 'query'")
            for step in ("normalized", "redirects"):
                for item in query.get(step) or []:
                    aliases[item["from"]] = item["to"]
            for page in query.get("pages") or []:
                merged = pages.setdefault(page.get("title"), {})
                merged.update({k: v for k, v in page.items() if k != "revisions"})
                if page.get("revisions"):
                    merged["revisions"] = page["revisions"]
            if "continue" not in answer:
                break
            cont = answer["continue"]
        out = {}
        for title in titles:
            final = title
            for _ in range(3):
                final = aliases.get(final, final)
            page = pages.get(final)
            if page is not None and page.get("invalid"):
                reason = page.get("invalidreason") or "not a valid page title"
                raise WikiAPIError(f'Wiki page title "{title}" is invalid on {self._shown_url}: {reason}')
            if page is None or page.get("missing"):
                raise WikiAPIError(f'Wiki page "{title}" does not exist on {self._shown_url}')
            revs = page.get("revisions") or []
            if not revs:
                raise MalformedAnswer(f'Wiki API: no revision returned for "{title}"')
            rev = revs[0]
            text = None
            if content:
                slot = {**rev, **((rev.get("slots") or {}).get("main") or {})}
                if slot.get("texthidden") or slot.get("textmissing"):
                    raise WikiAPIError(f'Wiki page "{final}": the text of its latest revision is hidden or '
                                       "missing on the wiki (revision-deleted); an administrator can restore it")
                model = slot.get("contentmodel")
                if model and model != "wikitext":
                    raise WikiAPIError(f'Wiki page "{final}" holds {model} content, not wikitext tables')
                text = slot.get("content")
                if text is None:
                    raise MalformedAnswer(f'Wiki API: no content returned for "{title}"')
            out[title] = Revision(title, int(rev["revid"]), rev.get("timestamp"), text, page_title=page.get("title"))
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
        return parts


_SPLIT = "@@leads-planning-dashboard:next-call@@"


def make_wiki(api_url: str, contact: str, transport: httpx.BaseTransport | None = None, **http_kwargs) -> MediaWiki:
    return MediaWiki(HttpClient(contact=contact, transport=transport, **http_kwargs), api_url)
