"""The one place that knows the configuration.

Every setting is read from the environment, or from `.streamlit/secrets.toml` under the same name in
lower case. The environment wins. Tokens are kept out of `repr()` so they never reach a log or a page.
"""

from __future__ import annotations

import functools
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'data' / 'dashboard.sqlite'}"
SECRETS_PATH = ROOT / ".streamlit" / "secrets.toml"

# name -> (default, description). README documents each one; a test keeps the two in step.
SETTINGS: dict[str, tuple[str | None, str]] = {
    "DATABASE_URL": (DEFAULT_DATABASE_URL, "SQLAlchemy URL of the store (SQLite file by default, or postgresql+psycopg://...)."),
    "PHABRICATOR_URL": (None, "Base URL of the Phabricator/Phorge server, e.g. https://phabricator.wikimedia.org."),
    "PHABRICATOR_TOKEN": (None, "Conduit API token (api-... 32 characters). Read access syncs; write access pushes priority edits."),
    "PHABRICATOR_PROJECT": (None, "Slug of the team's workboard project, e.g. community-tech."),
    "SPRINT_CADENCE_START": (None, "Start date (YYYY-MM-DD) of sprint milestone 1, used when milestones carry no date fields."),
    "SPRINT_LENGTH_DAYS": ("14", "Sprint length in days for the cadence above."),
    "SPRINT_TIMEZONE": ("UTC", "Timezone (IANA name, e.g. Europe/Berlin) of the sprint date fields: Phabricator keeps a picked date as a moment, read as a day there."),
    "FULL_SYNC_EVERY_HOURS": ("24", "A sync is a full (reconciling) run when the last good full run is older than this."),
    "WIKI_API_URL": ("https://meta.wikimedia.org/w/api.php", "MediaWiki Action API endpoint."),
    "WIKI_USERNAME": (None, "For a wiki only members may read: a bot password's login name (User@BotName, from Special:BotPasswords)."),
    "WIKI_PASSWORD": (None, "That bot password. Never shown or logged."),
    "WIKI_TEAM_PAGE": ("Community Tech/Team Processes", "Page with the team roster, roles, DACI and board columns."),
    "WIKI_GOALS_PAGE": ("Wikimedia Technology/Goals/2017-18 Q2", "Page with the quarterly goals tables per program."),
    "WIKI_PROCESS_PAGE": ("Wikimedia Technology/Goals/2017-18 Q2/Process", "Page with the planning timeline and programs."),
    "WIKI_CONSULTATION_PAGE": (
        "Technical decision making/Technical Decision-Making Process Retrospective and Consultation plan",
        "Page with the consultation plan.",
    ),
    "SYNC_CONTACT": ("leads-dashboard-admin@example.org", "Contact put in the User-Agent sent to both servers (Wikimedia policy)."),
    "EDITORS": ("", "Comma-separated user names or e-mails with the editor role. Empty and no login configured = open mode."),
    "APPROVERS": ("", "Comma-separated user names with the CTO role (may approve goals)."),
    "AUTH_PROXY_HEADER": ("", "Name of a header set by a trusted reverse proxy that carries the user name."),
}


_SCHEME = re.compile(r"^\s*(?:(?:https?|[a-zA-Z][\w+.-]*(?=:/)):)?/{0,2}", re.I)  # "bot:pw@host" has none
_HOST_AFTER_AT = re.compile(r"@(?=(?:\[[0-9a-fA-F:.]+\]|localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:[/?#]|$))")


_SECRET_PARAM = re.compile(r"([?&;](?:password|passwd|pwd|pass|secret|token|api_?key|sslpassword)=)[^&#;]*", re.I)


def shown_url(url: str | None) -> str | None:
    """A URL as it may be shown or logged: without a user name and password in it
    (`https://bot:secret@wiki.example/w/api.php` is how a private wiki may be configured; a password
    may hold "/", "?", "#" or "@"). An "@" in a path or a query (`?contact=ops@example.org`) is left
    alone when the URL's host plainly comes first; when in doubt the text is cut, never shown. A
    password given as a query parameter (`postgresql://db/x?user=dash&password=…`) is hidden too."""
    if url:
        url = _SECRET_PARAM.sub(r"\1…(hidden)", url)
    if not url or "@" not in url:
        return url
    url = url.strip()
    lead = _SCHEME.match(url).group(0)
    rest = url[len(lead):]
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in netloc:  # user:password@host, the password perhaps holding "@"
        return lead + rest[netloc.rindex("@") + 1:]
    # No "@" before the first "/", "?" or "#": a host (and port) with an "@" further on, or a
    # password that holds one of those ("bot:se/cret@wiki.example.org").
    name = netloc if netloc.startswith("[") else netloc.rsplit(":", 1)[0]
    if ":" not in netloc or netloc.startswith("[") or "." in name or name.lower() == "localhost":
        return url
    at = _HOST_AFTER_AT.search(rest)
    return lead + rest[(at.start() if at else rest.rindex("@")) + 1:]


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    phabricator_url: str | None
    phabricator_token: str | None = field(repr=False)
    phabricator_project: str | None
    sprint_cadence_start: date | None
    sprint_length_days: int
    full_sync_every_hours: float
    wiki_api_url: str
    wiki_username: str | None
    wiki_password: str | None = field(repr=False)
    wiki_team_page: str
    wiki_goals_page: str
    wiki_process_page: str
    wiki_consultation_page: str
    sync_contact: str
    editors: tuple[str, ...]
    approvers: tuple[str, ...]
    auth_proxy_header: str
    sprint_timezone: tzinfo = ZoneInfo("UTC")

    @property
    def wiki_login(self) -> tuple[str, str] | None:
        """The bot password the sync logs in to the wiki with, or None (it reads as the public does)."""
        if self.wiki_username and self.wiki_password:
            return self.wiki_username, self.wiki_password
        return None

    @property
    def wiki_pages(self) -> dict[str, str]:
        """Page kind -> title, in the order the sync reads them."""
        return {
            "team": self.wiki_team_page,
            "goals": self.wiki_goals_page,
            "process": self.wiki_process_page,
            "consultation": self.wiki_consultation_page,
        }

    def require_phabricator(self) -> None:
        """Fail early, naming the setting, before any request is made."""
        for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT"):
            if not getattr(self, name.lower()):
                raise ConfigError(f"{name} is not set (environment or .streamlit/secrets.toml)")
        if not self.phabricator_url.startswith(("http://", "https://")):
            raise ConfigError(f"PHABRICATOR_URL must start with http:// or https://, got {shown_url(self.phabricator_url)!r}")
        token = self.phabricator_token
        if len(token) != 32 or not token.startswith(("api-", "cli-", "clu-")):
            raise ConfigError("PHABRICATOR_TOKEN must be 32 characters starting with api-, or a cluster token's "
                              "cli- or clu- (value not shown)")
        if not self.wiki_api_url.startswith(("http://", "https://")):
            raise ConfigError(f"WIKI_API_URL must start with http:// or https://, got {shown_url(self.wiki_api_url)!r}")
        if bool(self.wiki_username) != bool(self.wiki_password):  # half a login would read as the public
            given, missing = ("WIKI_USERNAME", "WIKI_PASSWORD") if self.wiki_username else ("WIKI_PASSWORD", "WIKI_USERNAME")
            raise ConfigError(f"{given} is set but {missing} is not: the sync logs in to the wiki with both "
                              "(a bot password from Special:BotPasswords) or reads it without a login")


def _read_secrets(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return {k.upper(): str(v) for k, v in data.items() if not isinstance(v, dict)}


def login_in_secrets(path: Path | None = None) -> bool:
    """Whether the checkout's secrets file sets up Streamlit's login (`[auth]`). Streamlit reads its own
    secrets from the folder the app was started in: started elsewhere, it would not see them."""
    path = SECRETS_PATH if path is None else path
    try:
        return path.exists() and isinstance(tomllib.loads(path.read_text(encoding="utf-8")).get("auth"), dict)
    except (OSError, tomllib.TOMLDecodeError):
        return False


def _names(raw: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in raw.split(",") if n.strip())


def _conduit_base(url: str) -> str:
    """The server's base address, also when pasted as Conduit's own docs show it (".../api/")."""
    url = url.rstrip("/")
    return url[: -len("/api")] if url.endswith("/api") else url


_TAG_PATH = re.compile(r"/tag/([^/?#]+)")


def _board_slug(value: str) -> str:
    """The board's slug, also when given as a person copies it: "#community-tech", or the board's
    address "https://phab.example.org/tag/community-tech/". An address by number ("/project/board/123/")
    names no slug: ConfigError says where to find one."""
    if not value.startswith(("http://", "https://")):
        return value.lstrip("#").strip()
    tagged = _TAG_PATH.search(value)
    if tagged:
        return unquote(tagged.group(1)).strip()
    raise ConfigError("PHABRICATOR_PROJECT must be the board's slug (its hashtag, e.g. community-tech) or its "
                      "/tag/… address; an address by number names no slug: the project's page shows its hashtags")


_PAGE_ADDRESS = re.compile(r"^https?://[^?#]+\?(?:[^#]*&)?title=(?P<query>[^&#]+)"
                           r"|^https?://[^/]+(?:/[^?#]*)?/(?:wiki|index\.php)/(?P<path>[^?#]+)")


def _page_title(value: str) -> str:
    """A wiki page's title, also when given as the page's address ("https://meta.wikimedia.org/wiki/
    Community_Tech/Team_Processes", "…/w/index.php?title=…"): what a person copies from the browser."""
    found = _PAGE_ADDRESS.match(value)
    if not found:
        return value
    title = unquote(found["path"]) if found["path"] else unquote(found["query"].replace("+", " "))  # "+" is a space in a query only
    return title.replace("_", " ").strip()


def _cadence_start(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ConfigError(f"SPRINT_CADENCE_START must be a date like 2024-04-01, got {value!r}") from None


def _timezone(value: str) -> tzinfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"SPRINT_TIMEZONE must be a timezone name like Europe/Berlin or UTC, got {value!r}") from None


def _database_url(value: str) -> str:
    """The store's address, checked when read: a typo is named as this setting, not met later as a
    traceback from the database library."""
    try:
        dialect = make_url(value).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise ConfigError("DATABASE_URL must be a SQLAlchemy URL like sqlite:///data/dashboard.sqlite or "
                          f"postgresql+psycopg://user@host/dbname, got {shown_url(value)!r}") from None
    try:
        dialect.import_dbapi()  # the driver it names (psycopg2, pymysql…) is installed?
    except ImportError as exc:
        raise ConfigError(f"DATABASE_URL {shown_url(value)!r} needs the database driver {exc.name or exc}, which is "
                          "not installed (requirements.txt has psycopg: postgresql+psycopg://…)") from None
    return value


def _whole_days(name: str, value: str | None) -> int:
    """A length in days: a whole number, at least 1 ("14.5" is no cadence a board keeps)."""
    number = _positive_number(name, value)
    if number < 1 or number != int(number):
        raise ConfigError(f"{name} must be a whole number of days, got {value!r}")
    return int(number)


def _positive_number(name: str, value: str | None) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if number <= 0:
        raise ConfigError(f"{name} must be positive, got {value!r}")
    return number


def load_settings(env: dict[str, str] | None = None, secrets_path: Path | None = None, *,
                  problems: list[str] | None = None) -> Settings:
    """Read every setting; raise ConfigError naming the first malformed one. With a `problems` list
    (the screens), a malformed setting only the sync reads is put there and read as its default, so the
    screens still show the last synced data; the sync itself stops on it. A secrets file that is no TOML
    always raises: who may edit is in it."""
    env = dict(os.environ if env is None else env)
    secrets = _read_secrets(SECRETS_PATH if secrets_path is None else secrets_path)

    def get(name: str) -> str | None:
        value = env.get(name) or secrets.get(name) or SETTINGS[name][0]
        return value.strip() if isinstance(value, str) else value

    def read(name: str, parse):
        try:
            return parse(get(name))
        except ConfigError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            return parse(SETTINGS[name][0])

    cadence_start = read("SPRINT_CADENCE_START", _cadence_start)
    sprint_timezone = read("SPRINT_TIMEZONE", _timezone)
    sprint_length_days = read("SPRINT_LENGTH_DAYS", functools.partial(_whole_days, "SPRINT_LENGTH_DAYS"))
    full_sync_every_hours = read("FULL_SYNC_EVERY_HOURS", functools.partial(_positive_number, "FULL_SYNC_EVERY_HOURS"))
    url = get("PHABRICATOR_URL")
    project = read("PHABRICATOR_PROJECT", lambda value: _board_slug(value) if value else None)
    return Settings(
        database_url=_database_url(get("DATABASE_URL")),  # the screens read it too: always raises
        phabricator_url=_conduit_base(url) if url else None,
        phabricator_token=get("PHABRICATOR_TOKEN"),
        phabricator_project=project,
        sprint_cadence_start=cadence_start,
        sprint_length_days=sprint_length_days,
        full_sync_every_hours=full_sync_every_hours,
        wiki_api_url=get("WIKI_API_URL"),
        wiki_username=get("WIKI_USERNAME"),
        wiki_password=get("WIKI_PASSWORD"),
        wiki_team_page=_page_title(get("WIKI_TEAM_PAGE")),
        wiki_goals_page=_page_title(get("WIKI_GOALS_PAGE")),
        wiki_process_page=_page_title(get("WIKI_PROCESS_PAGE")),
        wiki_consultation_page=_page_title(get("WIKI_CONSULTATION_PAGE")),
        sync_contact=get("SYNC_CONTACT"),
        editors=_names(get("EDITORS") or ""),
        approvers=_names(get("APPROVERS") or ""),
        auth_proxy_header=get("AUTH_PROXY_HEADER") or "",
        sprint_timezone=sprint_timezone,
    )
