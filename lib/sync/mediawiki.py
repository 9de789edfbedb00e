"""MediaWiki Action API client: page revisions first, content only for pages that changed, and
the expansion of template calls that stand for table rows (lib.sync.row_templates).

Batch etiquette: `maxlag=5` on every request, a descriptive User-Agent, and on a maxlag error a wait
for `Retry-After` (bounded) before trying again.

A wiki only members may read is read with a bot password (Special:BotPasswords, MediaWiki 1.27+, no
extension needed): `action=login` once a run, its session cookie on every later request, each of which
asserts it is still logged in (`assert=user`), so that a session the wiki ended is noticed and renewed
instead of the pages being read as an anonymous reader sees them.
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
# The wiki will not let this reader in: anonymous on a private wiki, or an account without the right.
NO_READ_ERRORS = {"readapidenied", "accessdenied"}
# A request that asserted a login the wiki no longer knows (the session expired or was dropped).
SESSION_LOST_ERRORS = {"assertuserfailed", "assertnameduserfailed"}
BOT_PASSWORD_HINT = ("a bot password made at Special:BotPasswords on that wiki (WIKI_USERNAME its login name, "
                     "User@BotName; WIKI_PASSWORD its password)")
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


class _NotLetIn(WikiAPIError):
    """The wiki would not let this reader in, or no longer knows its login."""

    def __init__(self, code: str, info: str):
        self.code, self.info = code, info
        super().__init__(f"Wiki API error {code}: {info}")


class MediaWiki:
    def __init__(self, http: HttpClient, api_url: str, login: tuple[str, str] | None = None):
        """`login`: (user name, bot password) for a wiki only members may read; None reads as the public."""
        self.http, self.api_url = http, api_url
        self._login = login
        self._logged_in = False
        self._refused: str | None = None  # a login the wiki refused: not tried again this run
        self._shown_url = shown_url(api_url)  # for messages: never the credentials a URL may carry
        # Where the API answered from: a configured http:// address that redirects to https:// is
        # followed for GETs, but a redirected POST would arrive as a GET without its body.
        self._endpoint = api_url

    @property
    def requests(self) -> int:
        return self.http.requests

    def _call(self, http_method: str, params: dict) -> dict:
        """One API call, logged in first when a login is configured. A session the wiki ended is
        renewed once; a wiki that still refuses says what to check."""
        try:
            if self._login is None:
                return self._send(http_method, params)
            if not self._logged_in:
                self._log_in()
            try:
                return self._send(http_method, {**params, "assert": "user"})
            except _NotLetIn:
                # The session expired or the wiki restarted: once more with a new one. Its old cookie
                # goes first: a wiki refuses a login inside a bot password's session, which is fixed.
                # A refusal to read is renewed too: MediaWiki before 1.40 checks the right to read before
                # the assertion, so an ended session on a members-only wiki says readapidenied.
                self.http.clear_cookies()
                self._log_in()
                return self._send(http_method, {**params, "assert": "user"})
        except _NotLetIn as exc:
            raise WikiAPIError(self._not_let_in(exc)) from None

    def _not_let_in(self, exc: _NotLetIn) -> str:
        where = f"The wiki at {self._shown_url}"
        if self._login is None:
            return (f"{exc} {where} does not let anonymous readers read it: set WIKI_USERNAME and WIKI_PASSWORD "
                    f"to {BOT_PASSWORD_HINT} of an account that may read it")
        if exc.code in SESSION_LOST_ERRORS:
            return (f"{exc} {where} forgot the sync's login right after it was made, twice: the session cookie it "
                    "sets does not come back to it (a proxy in front of the wiki, or its cookie settings)")
        return (f"{exc} {where} does not let {self._login[0]!r} (WIKI_USERNAME) read it: give that account "
                "the right to read, and its bot password the grant of basic rights")

    def _log_in(self) -> None:
        """Log in with the bot password (action=login with a login token; a wiki older than 1.27 hands
        the token out through action=login itself). The session cookie the wiki sets goes with every
        later request: the HTTP client keeps cookies. A refused login is not tried again in this run:
        a wiki locks an account out after a few refusals."""
        if self._refused is not None:
            raise WikiAPIError(self._refused)
        username, password = self._login
        self._logged_in = False
        answer = self._send("GET", {"action": "query", "meta": "tokens", "type": "login"})
        tokens = (answer.get("query") or {}).get("tokens") if isinstance(answer.get("query"), dict) else None
        token = tokens.get("logintoken") if isinstance(tokens, dict) else None
        self._check_the_password_stays_with_the_wiki()
        # errorformat: a refusal's reason then carries its code (sessionlost…), not only words in
        # the wiki's language.
        params = {"action": "login", "lgname": username, "lgpassword": password, "errorformat": "plaintext"}
        for _ in range(2):
            if isinstance(token, str) and token:
                params["lgtoken"] = token
            # Never after a redirect (httpx would resend the body), never sent twice on a timeout.
            result = self._send("POST", params, follow_redirects=False, idempotent=False).get("login")
            if not isinstance(result, dict):
                raise MalformedAnswer("Wiki API: the answer to the login has no 'login'")
            status = result.get("result")
            if status == "NeedToken" and result.get("token") and result.get("token") != params.get("lgtoken"):
                token = result["token"]
                continue
            break
        if status != "Success":
            self._refused = _login_refused(username, status, result)
            raise WikiAPIError(self._refused)
        self._logged_in = True

    def _check_the_password_stays_with_the_wiki(self) -> None:
        """The password goes only to the host WIKI_API_URL names, and never down from https:// to
        http://, wherever a redirect of the API's answers has led."""
        asked, answered = httpx.URL(self.api_url), httpx.URL(self._endpoint)
        if answered.host != asked.host or (asked.scheme == "https" and answered.scheme != "https"):
            raise WikiAPIError(f"Wiki login: {self._shown_url} redirects to {shown_url(str(answered.copy_with(query=None)))}; "
                               "the sync sends the wiki password only to the address WIKI_API_URL names, over https "
                               "when it names https: set WIKI_API_URL to the address the wiki answers from")

    def _send(self, http_method: str, params: dict, **send_options) -> dict:
        params = {**params, "format": "json", "formatversion": "2", "maxlag": str(MAXLAG_S)}
        where = {"params": params} if http_method == "GET" else {"data": params}
        for attempt in range(MAXLAG_RETRIES + 1):
            response = self.http.send(http_method, self._endpoint, what="Wiki API", **where, **send_options)
            if http_method == "GET":
                self._endpoint = _followed(self._endpoint, response.url)
            answer = decode_json(response, "Wiki API", WEB_PAGE_HINT)
            if not isinstance(answer, dict):
                raise MalformedAnswer("Wiki API: the answer is not a JSON object")
            error = answer.get("error")
            errors = answer.get("errors")  # asked with errorformat: a list of {"code", "text"}
            if not error and isinstance(errors, list) and errors and isinstance(errors[0], dict):
                error = {"code": errors[0].get("code"), "info": errors[0].get("text") or errors[0].get("*")}
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
            if code in NO_READ_ERRORS | SESSION_LOST_ERRORS:
                raise _NotLetIn(code, str(error.get("info")))
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


def _login_refused(username: str, status: object, result: dict) -> str:
    """What to do about a refused login, in words (never the password)."""
    reason = result.get("reason")
    code = reason.get("code") if isinstance(reason, dict) else None
    if isinstance(reason, dict):  # errorformat other than bc: {"code", "text" or "key"}
        reason = reason.get("text") or reason.get("key") or code
    said = f" {str(reason).strip()}" if reason else ""
    said = said if not said or said.endswith((".", "!", "?")) else f"{said}."
    who = f"The wiki refused the sync's login as {username!r}"
    if status == "WrongToken" or code == "sessionlost":
        return (f"Wiki login: the wiki lost the login's session between its two steps ({code or status}): the "
                "session cookie it set did not come back to it (a proxy in front of the wiki may drop cookies, or "
                "the wiki marks them for https:// while WIKI_API_URL is http://)")
    if status == "Throttled":  # before MediaWiki 1.27
        return f"{who}: too many login attempts; try again in {result.get('wait', 'a few')} seconds"
    if status == "Aborted":
        return (f"{who}:{said or ' it needs a step action=login cannot take (two-factor, or a main password).'} "
                f"Log in with {BOT_PASSWORD_HINT}.")
    if status == "Failed":
        return f"{who}:{said} Check WIKI_USERNAME and WIKI_PASSWORD: {BOT_PASSWORD_HINT}."
    return f"{who} ({status}):{said or ' no reason given.'} Check WIKI_USERNAME and WIKI_PASSWORD: {BOT_PASSWORD_HINT}."


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

