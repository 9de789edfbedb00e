"""A small Conduit client: one call, and a pager that follows the cursor to its end.

Parameters travel as one `params=<JSON>` form field (what arc and python-phabricator send), which is
strictly typed and keeps a long PHID list to a single form field. Conduit answers HTTP 200 even for
errors, so every answer's `error_code` is checked; auth errors are never retried.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx

from lib.config import Settings
from lib.sync.errors import ConduitAuthError, ConduitError, MalformedAnswer
from lib.sync.http import HttpClient, decode_json

PAGE_LIMIT = 100  # the *.search engines' maximum page size
# Methods paged by ConduitAPIMethod::newPager clamp their limit to 1..1000 instead of refusing.
PAGE_LIMITS = {"edge.search": 1000, "transaction.search": 1000}
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
        payload = dict(params or {}, __conduit__={"token": self._token})
        response = self.http.send(
            "POST",
            f"{self.base_url}/api/{method}",
            what=f"Conduit {method}",
            idempotent=idempotent,
            data={"params": json.dumps(payload), "output": "json", "__conduit__": "1"},
        )
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
        at least one, with the largest page the method allows. Loops on the cursor, never on the page length (policy filtering shortens pages).
        The next page is requested as soon as the cursor is known, so the network wait overlaps with
        the caller's work on the page in hand (still one request at a time on the wire)."""
        params = dict(params or {}, limit=PAGE_LIMITS.get(method, PAGE_LIMIT))

        def fetch(after: str | None):
            result = self.call(method, dict(params, after=after) if after else params)
            if not isinstance(result, dict) or not isinstance(result.get("data"), list):
                raise MalformedAnswer(f"Conduit {method}: the answer has no 'data' list")
            after = (result.get("cursor") or {}).get("after")
            return result["data"], (str(after) if after else None)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="conduit-pager") as pool:
            pending = pool.submit(fetch, None)
            while pending is not None:
                data, after = pending.result()
                pending = pool.submit(fetch, after) if after else None
                try:
                    yield data
                except GeneratorExit:
                    if pending is not None:
                        pending.cancel()
                    raise

    def search_all(self, method: str, params: dict | None = None) -> list[dict]:
        return [row for page in self.search(method, params) for row in page]
