"""The few shared widgets: the store handle, CSV downloads, the data-age banner, the chart theme,
and the current viewer. Pages use these instead of rolling their own."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAuthError

from lib.auth import ANONYMOUS, Viewer, resolve_viewer
from lib.config import ConfigError, Settings, load_settings, login_in_secrets
from lib.store import reads
from lib.store.engine import make_engine, utcnow
from lib.store.migrate import upgrade

STALE_AFTER_HOURS = 26
CHART_FONT_SIZE = 16


@st.cache_resource
def _engine(database_url: str):
    """The store at this version's schema. A store an older version made (the app restarted after an
    update without `make run`) is upgraded here, as `make run` and `python -m lib.sync` do."""
    engine = make_engine(database_url)
    upgrade(engine)
    return engine


def _configuration() -> tuple[Settings, list[str]]:
    """The configuration, and the malformed settings only the sync reads (read as their defaults, see
    load_settings: the screens go on with the last synced data). Any other stops the page, saying which."""
    problems: list[str] = []
    try:
        return load_settings(problems=problems), problems
    except ConfigError as exc:
        st.error(f"Configuration problem: {md(exc)}")
        st.stop()


def settings() -> Settings:
    return _configuration()[0]


def config_problems() -> list[str]:
    """The malformed settings only the sync reads: the screens go on, a sync must not (see _configuration)."""
    return _configuration()[1]


def engine():
    try:
        return _engine(settings().database_url)
    except Exception as exc:  # the error's text can hold SQL or the server's address: only its kind is shown
        st.error(f"The store (DATABASE_URL) cannot be opened or brought to this version's schema ({type(exc).__name__}). "
                 "Run `python -m lib.store.migrate` on the server to see why; a store made by a newer version of "
                 "the dashboard needs that version.")
        st.stop()


def clear_caches() -> None:
    """After a sync or an edit: every cached query must be read again."""
    st.cache_data.clear()


FLASH_KEY = "_flash"


FORM_ROUNDS_KEY = "_form_rounds"


def form_key(form: str, name: str) -> str:
    """The key of a widget of `form` that is new once that form's edit is saved (`after_edit(renew=)`), so
    its text starts empty again and its picker at its default. Removing a widget's key is not enough:
    the browser sends back the value it showed with the rerun. Other forms on the page keep what was
    typed in them."""
    return f"{name}-{st.session_state.get(FORM_ROUNDS_KEY, {}).get(form, 0)}"


def after_edit(message: str | None = None, *, kind: str = "success", renew: tuple[str, ...] = (),
               tables: dict[str, pd.DataFrame] | None = None) -> None:
    """After a write: drop cached reads, keep `message` (markdown: pass remote text through `md`) and
    any detail `tables` for the next run, start the forms in `renew` over (see `form_key`), and run the
    page again. Anything shown before the rerun would be wiped by it; `show_flash` shows the message
    after it."""
    rounds = dict(st.session_state.get(FORM_ROUNDS_KEY, {}))
    for form in renew:
        rounds[form] = rounds.get(form, 0) + 1
    st.session_state[FORM_ROUNDS_KEY] = rounds
    if message:
        st.session_state[FLASH_KEY] = {"kind": kind, "text": message, "tables": tables or {}}
    clear_caches()
    st.rerun()


TOAST_ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:"}


def show_flash() -> None:
    """Show what the last edit left for this run (see `after_edit`), with its non-empty tables. The
    message sits in a container that is there on every run: an element that comes and goes above the
    page's tabs would make the browser open the first tab again after every save."""
    box = st.container()
    flash = st.session_state.pop(FLASH_KEY, None)
    if not flash:
        return
    with box:
        getattr(st, flash["kind"])(flash["text"])
        for name, table in flash["tables"].items():
            if not table.empty:
                show_table(table, name)
    if flash["kind"] in TOAST_ICONS:  # seen wherever the page is scrolled (the form may be far below)
        st.toast(flash["text"], icon=TOAST_ICONS[flash["kind"]])


VIEWER_OVERRIDE_KEY = "_viewer_override"


def current_viewer() -> Viewer:
    """Who is looking. Tests (AppTest has no login) put a lib.auth.Viewer in
    `st.session_state[VIEWER_OVERRIDE_KEY]`; no code path of the app ever sets it, and session state
    cannot be written from the browser."""
    override = st.session_state.get(VIEWER_OVERRIDE_KEY)
    if isinstance(override, Viewer):
        return override
    cfg = settings()
    proxy_user = None
    if cfg.auth_proxy_header:
        proxy_user = st.context.headers.get(cfg.auth_proxy_header)
    return resolve_viewer(cfg, oidc_user=_oidc_user(), proxy_user=proxy_user,
                          oidc_configured=bool(login_providers()) or login_in_secrets())


def login_providers() -> list[str | None]:
    """The OIDC providers set up under `[auth]` in secrets.toml, for `st.login`: None for one given in
    `[auth]` itself, else each `[auth.<name>]`. Empty when there is no `[auth]`."""
    try:
        auth = st.secrets.get("auth") if "auth" in st.secrets else None
    except Exception:  # no secrets.toml at all
        return []
    if auth is None:
        return []
    named = [name for name, value in auth.items() if hasattr(value, "items")]
    return named or [None]


LOGIN_FAILED_KEY = "_login_failed"


def _log_in(provider: str | None) -> None:
    """st.login, whose refusal of an incomplete `[auth]` section is said in the sidebar, not raised."""
    try:
        st.login(provider) if provider else st.login()
    except StreamlitAuthError as exc:  # a setting missing under [auth]
        st.session_state[LOGIN_FAILED_KEY] = " ".join(str(exc).split())


def _signed_in() -> bool:
    if not login_providers():
        return False
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:  # noqa: BLE001 - a broken login shows as nobody signed in, never a traceback
        return False


def _oidc_user() -> str | None:
    """The signed-in user's e-mail: what EDITORS names. Not one the provider says it has not verified,
    and never the display name, which anyone may set to an editor's."""
    if not _signed_in():
        return None
    email = st.user.get("email")
    return email if email and st.user.get("email_verified") is not False else None


def login_controls(viewer: Viewer) -> None:
    """Who is looking, in the sidebar, and with Streamlit's OIDC login set up a way in (one button a
    provider) or out: without one nobody could sign in and everyone would only view."""
    if viewer.open_mode:
        st.sidebar.caption("Open mode: no login is configured, so everyone can edit. See README, *Who may edit*.")
        return
    providers = login_providers()
    who = f"Signed in as {md(viewer.name)} ({'CTO, ' if viewer.is_approver else ''}{viewer.role})."
    if _signed_in():
        if _oidc_user() is None:
            st.sidebar.caption("Signed in without an e-mail address the provider has verified: viewing only.")
        else:
            st.sidebar.caption(who)
        st.sidebar.button("Log out", on_click=st.logout, key="logout")
    elif viewer.name != ANONYMOUS:  # the proxy names who is looking
        st.sidebar.caption(who)
    elif providers:
        st.sidebar.caption("Not signed in: viewing only.")
        for provider in providers:
            st.sidebar.button(f"Log in with {provider}" if provider else "Log in", key=f"login-{provider or ''}",
                              on_click=_log_in, args=(provider,))
        if failed := st.session_state.get(LOGIN_FAILED_KEY):  # for this session: a reload after mending it clears it
            st.sidebar.error(f"The login is not set up right: {md(failed)} See README, *Who may edit*.")
    elif login_in_secrets():
        st.sidebar.error("The login set up in the checkout's .streamlit/secrets.toml is not seen: Streamlit reads its "
                         "secrets from the folder the app is started in. Start it from the checkout. Viewing only.")
    elif settings().auth_proxy_header:  # the proxy named nobody
        st.sidebar.caption("Signed in nowhere (the proxy sent no user name): viewing only.")
    else:
        st.sidebar.caption("Viewing only: EDITORS or APPROVERS names who may edit, but no login says who is looking. "
                           "See README, *Who may edit*.")


def sentence(text: str) -> str:
    """`text` ending in a full stop (or its own ! ?), so another sentence can follow it."""
    text = str(text).rstrip()
    return text if text.endswith((".", "!", "?", ".)", "\\.", "\\!", "\\?")) else text + "."


# what a markdown renderer links by itself: an address (any case, or one starting www.) and an e-mail
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>`]*[^\s<>`.,;:!?)\]'\"]"
                  r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md(text) -> str:
    """Escape markdown, so remote text (wiki cells, task titles, server errors) shows as written: no
    links, images or formatting that a wiki or Phabricator user could slip onto the shared screen. An
    address or e-mail goes in a code span, read as written and never a link (escaped, the screen's
    autolinker took `http://127\\.0\\.0\\.1` for the address, backslashes and all, and linked
    `HTTPS://…`, `www.…` and `ann@…` all the same)."""
    text, out, last = str(text), [], 0
    for url in _URL.finditer(text):
        out += [_MARKDOWN.sub(r"\\\1", text[last:url.start()]), f"`{url.group(0)}`"]
        last = url.end()
    return "".join(out) + _MARKDOWN.sub(r"\\\1", text[last:])


# Filters a team lead sets on one screen and expects to find again after a look at another. Streamlit
# drops a widget's state when a run does not show it (another page); the Quarter of the executive view
# is left out, as a link may name another (?quarter=).
KEPT_FILTERS = ("f_column", "f_priority", "f_owner", "f_epic", "f_status", "f_sprint_column", "f_statuses",
                "f_sprint", "goals-quarter", "goals-programs", "team-daci-role", "flt_group", "flt_theme",
                "fc_parallel")


def keep_filters(state=None) -> None:
    """Give each filter its own value again, which keeps it past runs that do not show its widget (the
    way Streamlit documents for widget state across pages; called by the entrypoint on every run)."""
    state = st.session_state if state is None else state
    for key in KEPT_FILTERS:
        if key in state:
            state[key] = state[key]


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


_UNIT_SUFFIXES = {"s": "s", "mb": "MB", "pct": "%"}


def column_label(name: str) -> str:
    """How a column is headed on screen: words, not identifiers ("started_by" -> "started by",
    "duration_s" -> "duration (s)"). CSV downloads keep the column names, which scripts rely on."""
    words = str(name).split("_")
    if len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        return f'{" ".join(words[:-1])} ({_UNIT_SUFFIXES[words[-1]]})'
    return " ".join(w for w in words if w) or str(name)


PX_PER_CHAR = 7     # a grid's 14 px text, a little over its average letter (6.6 px), so a fit is not cut
CELL_PADDING_PX = 24


def text_width(values, *, least: int = 80, most: int = 500) -> int:
    """The pixel width of a column that shows its longest text whole, between `least` and `most`. A grid
    sizes a column by its first nine rows and its last, leaving out a cell twice as wide as their average,
    and cuts what does not fit: a longer text further down, or every text of a mostly empty column."""
    longest = max((len(str(v)) for v in values if isinstance(v, str)), default=0)
    return max(least, min(most, longest * PX_PER_CHAR + CELL_PADDING_PX))


def whole_text(df: pd.DataFrame, *names: str, most: int = 500) -> dict:
    """column_config showing each named text column whole (see text_width), under its usual label: a
    column that is empty on most rows is otherwise sized to its header and cuts the cells that say something."""
    return {name: st.column_config.TextColumn(column_label(name), width=text_width(df[name], most=most))
            for name in names}


_SMALL_WORDS = {"a", "an", "and", "for", "in", "of", "on", "the", "to"}


def initials(name: str) -> str:
    """"Technical Program Manager" -> "TPM", "Director of Product Management" -> "DPM"; a word in
    capitals stays whole ("UX Designer" -> "UXD")."""
    words = [w for w in re.findall(r"[^\W_]+", str(name)) if w.lower() not in _SMALL_WORDS]
    return "".join(w if w.isupper() else w[0].upper() for w in words) or str(name)


def short_headings(names, fits: int) -> dict[str, str]:
    """A heading per name for narrow columns, read with `headings_key`: a name of at most `fits`
    characters as it is, a longer one as its `initials` ("PM 2" when two share them, or a short name
    is already "PM"). A grid cuts a heading that does not fit, and shows it whole only on hover."""
    names = list(dict.fromkeys(names))
    taken = {n for n in names if len(str(n)) <= fits}
    out = {}
    for name in names:
        short = name if name in taken else initials(name)
        if short != name:
            base, n = short, 1
            while short in taken:
                n += 1
                short = f"{base} {n}"
            taken.add(short)
        out[name] = short
    return out


def headings_key(short: dict[str, str]) -> str:
    """"PM: Product Manager · TPM: Technical Program Manager": what each shortened heading stands for,
    as markdown (the names are escaped: they come from the wiki)."""
    return LINE_JOIN.join(f"**{md(s)}**: {md(name)}" for name, s in short.items() if s != name)


# What st.dataframe draws for a missing value. A pandas Styler's format(na_rep="") does not do it:
# Streamlit 1.67 still draws its "None" over any missing cell, and a Styler's display text replaces
# the numbers' own format (6 decimals, column_config formats ignored).
MISSING_ON_SCREEN = ""


def show_table(df: pd.DataFrame, name: str, *, key: str | None = None, empty: str | None = None,
               column_config: dict | None = None, download: bool = True, **dataframe_kwargs) -> None:
    """A table and, under it, its CSV download (see csv_download; `download=False` when the page
    offers it elsewhere, as the meeting screen does below its sections). With
    `empty`, an empty table is that sentence instead. Columns are headed by `column_label` unless
    `column_config` says otherwise. A missing value of any kind (points of an unestimated task, a load
    without availability, a date not yet known) is an empty cell, not a grey "None": numbers stay
    numbers (right-aligned, sorted as numbers, their column_config format kept) and the CSV keeps the
    rows as they are."""
    if empty is not None and df.empty:
        st.caption(empty)
        return
    labels = {c: label for c in df.columns if (label := column_label(c)) != c}
    dataframe_kwargs.setdefault("placeholder", MISSING_ON_SCREEN)
    st.dataframe(screen_text(df), hide_index=True, width="stretch", column_config={**labels, **(column_config or {})},
                 **dataframe_kwargs)
    if download:
        csv_download(df, name, key=key)


# Up to this many rows a table's CSV is made with the page; a bigger one when its button is clicked.
EAGER_CSV_ROWS = 5_000


def csv_download(df: pd.DataFrame, name: str, *, key: str | None = None) -> None:
    """A CSV download of exactly these rows. The click reruns nothing (`on_click="ignore"`): in
    Streamlit 1.67 a click that reruns the page may have its file dropped from the session's queue as
    the rerun starts, and the button then spins for ever (about one click in ten). The CSV of a
    table of up to EAGER_CSV_ROWS rows is made with the page, a few milliseconds, so no click ever
    waits on a file that a rerun has since replaced; a bigger one is made only on click, rather than
    on every rerun of every session."""
    data = csv_bytes(df) if len(df) <= EAGER_CSV_ROWS else functools.partial(csv_bytes, df)
    st.download_button(
        f"Download {name} as CSV", data, file_name=csv_file_name(name, utcnow().date()), mime="text/csv",
        key=key or f"csv-{_slug(name)}", on_click="ignore",
    )


def _slug(name: str) -> str:
    return re.sub(r"[\W_]+", "-", name.lower()).strip("-") or "table"  # letters of any script stay


def csv_file_name(name: str, on: date) -> str:
    """"goals-2017-18-q2-2026-11-30.csv": the table and the day it was taken (UTC), so that last
    week's download of the same table is not overwritten and a file says how old its rows are."""
    return f"{_slug(name)}-{on.isoformat()}.csv"


LINE_JOIN = " · "


def screen_text(df: pd.DataFrame) -> pd.DataFrame:
    """The table for the screen: in text columns a missing value is an empty cell, not a grey "None" in
    every row, and a cell of several lines ("Design the questions" / "Analyse the answers", from a wiki
    list) shows its lines apart, joined by " · " (a grid cell would run them together). Numbers and dates
    keep their own type and look (`show_table` draws their missing values as empty cells); the CSV keeps
    the rows as they are."""
    def text(col: pd.Series) -> bool:
        return ((col.dtype == object or pd.api.types.is_string_dtype(col.dtype))
                and pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty"))

    out = None
    for i in range(df.shape[1]):  # by position: column names may repeat or not be strings
        col = df.iloc[:, i]
        if not text(col):
            continue
        missing = bool(col.isna().any())
        lines = bool(col.str.contains("\n", regex=False).any()) if len(col) and not col.isna().all() else False
        if missing or lines:
            if out is None:
                out = df.copy()
            fixed = col.fillna("")
            if lines:
                fixed = fixed.str.replace(r"\s*\n\s*", LINE_JOIN, regex=True).str.strip(" ·")
            out.isetitem(i, fixed)
    return df if out is None else out


def table_height(rows: int, *, row_px: int = 35) -> int:
    """The pixel height that shows `rows` rows and the header without a scrollbar (st.dataframe's
    default stops at ten rows)."""
    return row_px * (rows + 1) + 3


def age_text(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return "never synced"
    minutes = int(((now or utcnow()) - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


def data_age_banner() -> None:
    """Say how old the data is, and whether the last sync failed, on every page; and a malformed setting
    that stops the syncs (the data then only gets older)."""
    for problem in config_problems():
        st.warning(f"Configuration problem: {sentence(md(problem))} Syncs stop on it until it is mended; the "
                   "screens show the last synced data.")
    eng = engine()
    try:
        good = reads.last_good_sync(eng)
        last = reads.last_run(eng)
        demo = reads.holds_demo(eng)
    except Exception:
        st.error("The store is not set up yet. Run `make run` (or `python -m lib.sync --demo`) to build it.")
        st.stop()
    if good is None:
        if last and last["outcome"] == "failed":
            st.error(f"No successful sync yet: nothing to show. The last one failed: {sentence(md(last['error']))}")
        else:
            st.warning("No successful sync yet: nothing to show. Open **Sync & status** to run one.")
        return
    stale = (utcnow() - good).total_seconds() > STALE_AFTER_HOURS * 3600
    text = f"Data as of {good:%Y-%m-%d %H:%M} UTC ({age_text(good)})."
    if demo:
        st.info(f"Demo data: the board as it stood on {good:%Y-%m-%d %H:%M} UTC, built from `data/demo`. "
                "Set PHABRICATOR_URL, PHABRICATOR_TOKEN and the wiki settings (README), then sync, to see yours.")
        if last and last["outcome"] == "failed" and last["kind"] != "demo":  # the demo stays until one succeeds
            st.error(f"The sync of your own board failed: {sentence(md(last['error']))} The demo stays on screen "
                     "until a sync succeeds.")
    elif last and last["outcome"] == "failed":
        st.error(f"{text} The last sync failed: {sentence(md(last['error']))} Showing the last good data.")
    else:
        if last and isinstance(last["error"], str) and last["error"]:  # the board read, not all of the wiki
            unread = (reads.run_counts(last.get("counts")) or {}).get("wiki_not_read") or []
            freshness = reads.wiki_freshness(unread, reads.last_good_sync(eng, whole=True))
            st.warning(f"{text} {sentence(md(last['error']))} {freshness}")
        if stale:
            st.warning(f"{text} This is older than {STALE_AFTER_HOURS} h: consider a sync.")
        elif not (last and isinstance(last["error"], str) and last["error"]):
            st.caption(text)



def chart_theme(chart):
    """Large type for the shared screen."""
    return (
        chart.configure_axis(labelFontSize=CHART_FONT_SIZE, titleFontSize=CHART_FONT_SIZE)
        .configure_legend(labelFontSize=CHART_FONT_SIZE, titleFontSize=CHART_FONT_SIZE)
        .configure_title(fontSize=CHART_FONT_SIZE + 4)
    )


def _leave_pages_directory_mode() -> None:
    """Streamlit runs pages/*.py directly, without app.py's router (its old multipage mode), when the
    first page opened after a server start is a deep link such as /meeting. Switch the process to
    st.navigation and rerun, so every URL opens with the router's layout and menu."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # a future Streamlit without the old mode
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_directory_mode()
