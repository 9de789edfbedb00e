"""The consultation tracker's rules, as plain functions over rows and DataFrames.

Steps come from the wiki page (status done / in progress / not started, each with a date when the page
gives one); feedback is local: editors type it in or import a CSV (a survey export). Everything here is
Streamlit-free so it can be tested on small hand-made data.

Duplicate rule: two feedback items are the same when group, channel, received date and text (compared
case-insensitively, whitespace collapsed) are the same. Theme and step are left out on purpose: re-theming
a survey export before importing it again must not sneak the same statements in twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from lib.sync.wiki_pages.consultation import dated_span
from lib.words import plural

DONE, IN_PROGRESS, NOT_STARTED = "done", "in progress", "not started"
STATUSES = (DONE, IN_PROGRESS, NOT_STARTED)

MAX_TEXT_CHARS = 5000
MAX_THEME_CHARS = 255
MAX_IMPORT_BYTES = 2_000_000
MAX_IMPORT_ROWS = 5000

GOAL, EPIC = "goal", "epic"
TARGET_KINDS = (GOAL, EPIC)


# --- steps ---------------------------------------------------------------------------------------


def normalise_status(value) -> str:
    """Map whatever the sync stored onto the three statuses; anything unknown counts as not started."""
    text = re.sub(r"[\s_-]+", " ", str(value or "")).strip().lower()
    if text in ("done", "complete", "completed", "finished"):
        return DONE
    if text in ("in progress", "ongoing", "started", "doing"):
        return IN_PROGRESS
    return NOT_STARTED


def as_date(value) -> date | None:
    """A calendar date from whatever a DataFrame cell holds (date, Timestamp, text, None or NaN)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return parse_date(str(value))


def status_label(status, status_date) -> str:
    """What a reader sees: 'done on 2023-03-30', 'in progress as of 2023-09-19', 'not started' (planned
    for a day, when the page gives one)."""
    status = normalise_status(status)
    when = as_date(status_date)
    if status == DONE:
        return f"done on {when:%Y-%m-%d}" if when else "done (no date given)"
    if status == IN_PROGRESS:
        return f"in progress as of {when:%Y-%m-%d}" if when else "in progress"
    return f"not started (planned for {when:%Y-%m-%d})" if when else NOT_STARTED


def as_of(steps: pd.DataFrame, today: date) -> pd.DataFrame:
    """The steps as they stand on `today`: one the page marks done on a later day ("Publish the results ||
    December 10") is planned, not started, until that day (the page was read once; the day comes later).
    One the page dates by a span alone ("June 15 - end of July", done by its last day) is in progress
    from its first day (as of that day) and planned for that day before it: a step is done once all its
    dates are past, in progress once it has begun, not started before."""
    if steps.empty:
        return steps
    texts = steps["status_text"] if "status_text" in steps else [None] * len(steps)
    statuses, dates = [], []
    for s, d, text in zip(steps["status"], steps["status_date"], texts):
        when = as_date(d)
        if normalise_status(s) == DONE and when is not None and when > today:
            begins = dated_span(text if isinstance(text, str) else None, when)[0] or when
            s, d = (IN_PROGRESS if begins <= today else NOT_STARTED), begins
        statuses.append(s)
        dates.append(d)
    return steps.assign(status=statuses, status_date=dates)


def _ordered(steps: pd.DataFrame) -> pd.DataFrame:
    if steps.empty:
        return steps.copy()
    return steps.sort_values("position", kind="stable").reset_index(drop=True)


def current_step(steps: pd.DataFrame) -> dict | None:
    """The step under way: the last step in progress (page order). None when nothing is in progress."""
    df = _ordered(steps)
    if df.empty:
        return None
    running = df[df["status"].map(normalise_status) == IN_PROGRESS]
    return None if running.empty else running.iloc[-1].to_dict()


def next_step(steps: pd.DataFrame) -> dict | None:
    """The first not-started step after the current one (or after the last step begun, when nothing is
    in progress). None when every step has begun."""
    df = _ordered(steps)
    if df.empty:
        return None
    status = df["status"].map(normalise_status)
    begun = df.index[status != NOT_STARTED]
    after = begun.max() if len(begun) else -1
    later = df[(df.index > after) & (status == NOT_STARTED)]
    return None if later.empty else later.iloc[0].to_dict()


def step_table(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps in page order with a readable status, and which one is current and next."""
    df = _ordered(steps)
    cols = ["position", "phase", "activity", "state", "status_text", "current", "next"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    cur, nxt = current_step(df), next_step(df)
    df["state"] = [status_label(s, d) for s, d in zip(df["status"], df["status_date"])]
    df["current"] = df["position"] == (cur["position"] if cur else None)
    df["next"] = df["position"] == (nxt["position"] if nxt else None)
    if "phase" not in df:
        df["phase"] = None
    if "status_text" not in df:
        df["status_text"] = None
    return df[cols]


STALE_STATUS = timedelta(days=90)  # an "in progress (as of ...)" older than this is not news of today


def timeline_frame(steps: pd.DataFrame, today: date) -> pd.DataFrame:
    """One row per step with the span to draw: a done step runs from the end of the step before it to
    its own date; a step in progress runs from there to today (or its as-of date, if later). When its
    as-of date is older than STALE_STATUS the bar stops there: the page has said nothing since, and a
    bar up to today would squash every other step. Steps not started have no dates (the page lists
    them without a bar rather than inventing one)."""
    df = _ordered(steps)
    cols = ["position", "activity", "status", "state", "start", "end", "current"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    cur = current_step(df)
    rows, previous_end = [], None
    for rec in df.to_dict("records"):
        status = normalise_status(rec.get("status"))
        when = as_date(rec.get("status_date"))
        start = end = None
        if status == DONE and when:
            start, end = (previous_end or when), when
        elif status == IN_PROGRESS:
            start = previous_end or when or today
            stale = when is not None and today - when > STALE_STATUS
            end = max(d for d in ((when if stale else today), when, start) if d)
        if start and end and start > end:
            start = end
        if end:
            previous_end = end
        rows.append({
            "position": rec["position"], "activity": rec["activity"], "status": status,
            "state": status_label(status, when), "start": start, "end": end,
            "current": bool(cur) and rec["position"] == cur["position"],
        })
    out = pd.DataFrame(rows, columns=cols)
    for col in ("start", "end"):
        out[col] = pd.to_datetime(out[col])
    return out


def chart_now(timeline: pd.DataFrame, today: date) -> tuple[date, str]:
    """Where the steps chart marks "now", and its label: today, unless the plan's last date is more
    than STALE_STATUS before it (a plan long over): then that last date, so that a line years to the
    right does not squash every step into a sliver at the left."""
    last = timeline["end"].max() if len(timeline) else None
    if last is None or pd.isna(last) or today - last.date() <= STALE_STATUS:
        return today, f"today {today:%Y-%m-%d}"
    return last.date(), f"the plan's last date, {last:%Y-%m-%d} (today is {today:%Y-%m-%d})"


def phase_objectives(phases: pd.DataFrame) -> pd.DataFrame:
    """One row per (phase, objective): the wiki keeps objectives one per line."""
    rows = []
    for rec in _ordered(phases).to_dict("records") if not phases.empty else []:
        raw = rec.get("objectives")
        raw = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw)
        lines = [ln.strip(" -*\t") for ln in raw.splitlines()]
        lines = [ln for ln in lines if ln]
        for line in lines or [""]:
            rows.append({"phase": rec["name"], "objective": line or "(no objectives on the page)"})
    return pd.DataFrame(rows, columns=["phase", "objective"])


def roles_table(roles: pd.DataFrame, team: str) -> pd.DataFrame:
    """One team's roles (core or executive) in page order, names as on the page."""
    cols = ["role", "task", "names"]
    if roles.empty:
        return pd.DataFrame(columns=cols)
    df = roles[roles["team"] == team].sort_values("position", kind="stable")
    return df[cols].reset_index(drop=True)


# --- feedback: cleaning and validation -----------------------------------------------------------


def clean_text(value) -> str:
    """Collapse runs of whitespace (survey exports are full of stray line breaks) and trim."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return re.sub(r"\s+", " ", str(value)).strip()


def match_name(value, known: Iterable[str]) -> str | None:
    """The known spelling of `value` (case and spacing ignored), or None when it is not known."""
    key = clean_text(value).casefold()
    if not key:
        return None
    for name in known:
        if clean_text(name).casefold() == key:
            return name
    return None


def canonical_theme(value, existing: Iterable[str]) -> str:
    """Reuse an existing theme's spelling so 'Documentation' and 'documentation ' stay one theme."""
    return match_name(value, existing) or clean_text(value)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y")


def parse_date(value) -> date | None:
    """A calendar date from ISO text (a time part, as survey tools add, is dropped) or 'March 30, 2023'.
    Ambiguous numeric forms like 03/04/2023 are refused rather than guessed."""
    text = clean_text(value)
    if not text:
        return None
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text)
    if iso:
        text = iso.group(1)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def fingerprint(stakeholder_group: str, channel: str, text: str, received_on: date) -> str:
    """The duplicate key stored in `feedback.fingerprint` (sha256 hex, 64 characters)."""
    parts = [clean_text(stakeholder_group).casefold(), clean_text(channel).casefold(),
             received_on.isoformat(), clean_text(text).casefold()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FeedbackItem:
    stakeholder_group: str
    channel: str
    step: str | None
    theme: str
    text: str
    received_on: date

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.stakeholder_group, self.channel, self.text, self.received_on)

    def as_row(self) -> dict:
        return {"stakeholder_group": self.stakeholder_group, "channel": self.channel, "step": self.step,
                "theme": self.theme, "text": self.text, "received_on": self.received_on,
                "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Vocabulary:
    """What feedback may refer to: the synced groups, channels and steps, and the themes in use."""
    groups: Sequence[str]
    channels: Sequence[str]
    steps: Sequence[str] = ()
    themes: Sequence[str] = ()


def validate_feedback(raw: Mapping, vocab: Vocabulary, today: date) -> tuple[FeedbackItem | None, list[str]]:
    """Check one item (from the form or a CSV row). Returns (item, []) or (None, reasons)."""
    errors: list[str] = []
    group_in, channel_in = clean_text(raw.get("stakeholder_group")), clean_text(raw.get("channel"))
    group = match_name(group_in, vocab.groups)
    if not group_in:
        errors.append("stakeholder group is empty")
    elif group is None:
        errors.append(f"unknown stakeholder group {group_in!r}")
    channel = match_name(channel_in, vocab.channels)
    if not channel_in:
        errors.append("channel is empty")
    elif channel is None:
        errors.append(f"unknown channel {channel_in!r}")
    step_in = clean_text(raw.get("step"))
    step = match_name(step_in, vocab.steps) if step_in else None
    if step_in and step is None:
        errors.append(f"unknown step {step_in!r}")
    theme = canonical_theme(raw.get("theme"), vocab.themes)
    if not theme:
        errors.append("theme is empty")
    elif len(theme) > MAX_THEME_CHARS:
        errors.append(f"theme is longer than {MAX_THEME_CHARS} characters")
    text = clean_text(raw.get("text"))
    if not text:
        errors.append("text is empty")
    elif len(text) > MAX_TEXT_CHARS:
        errors.append(f"text is longer than {MAX_TEXT_CHARS} characters")
    raw_date = raw.get("received_on")
    received = as_date(raw_date) if not isinstance(raw_date, str) else parse_date(raw_date)
    if received is None:
        shown = clean_text(raw_date)
        errors.append(f"bad date {shown!r} (use YYYY-MM-DD)" if shown else "date is empty")
    elif received > today:
        errors.append(f"date {received:%Y-%m-%d} is in the future")
    if errors:
        return None, errors
    return FeedbackItem(group, channel, step, theme, text, received), []


# --- feedback: CSV import ------------------------------------------------------------------------

# Accepted header spellings per field (compared lower-case, with _ and - read as spaces).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "stakeholder_group": ("stakeholder group", "group", "stakeholder"),
    "channel": ("channel", "source"),
    "step": ("step", "consultation step"),
    "theme": ("theme", "topic"),
    "text": ("text", "feedback", "comment", "response"),
    "received_on": ("date", "received on", "received"),
}
REQUIRED_COLUMNS = ("stakeholder_group", "channel", "theme", "text", "received_on")


@dataclass
class RowProblem:
    row: int            # spreadsheet row number: the header is row 1
    messages: list[str]

    def __str__(self) -> str:
        return f"row {self.row}: " + "; ".join(self.messages)


@dataclass
class ImportReport:
    """What an import found. Nothing is written unless `ok`; duplicates are skipped, not errors."""
    items: list[FeedbackItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: list[RowProblem] = field(default_factory=list)
    file_error: str | None = None
    rows_read: int = 0
    imported: int = 0

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.problems


def _header_map(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index, and the required fields the header lacks."""
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = re.sub(r"[\s_-]+", " ", str(name).replace("\ufeff", "")).strip().lower()
        for fld, aliases in COLUMN_ALIASES.items():
            if key in aliases and fld not in found:
                found[fld] = i
    missing = [f for f in REQUIRED_COLUMNS if f not in found]
    return found, missing


def read_csv(data: bytes) -> tuple[list[tuple[int, dict]], str | None]:
    """(spreadsheet row number, {field: raw text}) per non-blank data row, or a file-level error."""
    if len(data) > MAX_IMPORT_BYTES:
        return [], f"the file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], "the file is not UTF-8 text (save it as 'CSV UTF-8')"
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader, None)
        if not header:
            return [], "the file is empty"
        columns, missing = _header_map(header)
        if missing:
            names = ", ".join(COLUMN_ALIASES[m][0].replace(" ", "_") for m in missing)
            return [], (f"missing {plural(len(missing), 'column')}: {names}. Expected a header with "
                        "stakeholder_group, channel, theme, text, date (step optional)")
        rows: list[tuple[int, dict]] = []
        row_no = 1
        for cells in reader:
            row_no += 1
            if not any(c.strip() for c in cells):
                continue
            rows.append((row_no, {f: (cells[i] if i < len(cells) else "") for f, i in columns.items()}))
            if len(rows) > MAX_IMPORT_ROWS:
                return [], f"the file has more than {MAX_IMPORT_ROWS} rows; split it"
    except csv.Error as exc:
        return [], f"the file is not valid CSV (near row {row_no + 1}: {exc})"
    return rows, None


def validate_import(data: bytes, vocab: Vocabulary, existing_fingerprints: Iterable[str],
                    today: date) -> ImportReport:
    """Check every row of a CSV; report each bad row; mark rows already stored (or repeated earlier in
    the same file) as duplicates. The caller writes `items` only when the report is `ok`."""
    rows, file_error = read_csv(data)
    report = ImportReport(file_error=file_error, rows_read=len(rows))
    if file_error:
        return report
    if not rows:
        report.file_error = "the file has a header but no rows"
        return report
    seen = set(existing_fingerprints)
    first_row: dict[str, int] = {}
    themes = list(vocab.themes)
    for row_no, raw in rows:
        item, errors = validate_feedback(raw, Vocabulary(vocab.groups, vocab.channels, vocab.steps, themes),
                                         today)
        if errors:
            report.problems.append(RowProblem(row_no, errors))
            continue
        fp = item.fingerprint
        if fp in seen:
            where = f"same as row {first_row[fp]}" if fp in first_row else "already in the feedback log"
            report.duplicates.append(RowProblem(row_no, [where]))
            continue
        seen.add(fp)
        first_row[fp] = row_no
        if item.theme not in themes:
            themes.append(item.theme)
        report.items.append(item)
    return report


# --- summaries -----------------------------------------------------------------------------------


def counts_by_group_theme(feedback: pd.DataFrame) -> pd.DataFrame:
    """Feedback items per (group, theme), most first."""
    cols = ["stakeholder_group", "theme", "items"]
    if feedback.empty:
        return pd.DataFrame(columns=cols)
    out = feedback.groupby(["stakeholder_group", "theme"]).size().reset_index(name="items")
    return out.sort_values(["items", "stakeholder_group", "theme"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)[cols]


def groups_not_heard_from(groups: Sequence[str], feedback: pd.DataFrame) -> list[str]:
    """Stakeholder groups (in page order) with no feedback item at all."""
    heard = set() if feedback.empty else {clean_text(g).casefold() for g in feedback["stakeholder_group"]}
    return [g for g in groups if clean_text(g).casefold() not in heard]


def theme_summary(feedback: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per theme: items, groups heard, last date, and what answers it ('unanswered' when no link)."""
    cols = ["theme", "items", "groups", "last_received", "answered_by"]
    found = set() if feedback.empty else set(feedback["theme"])
    found |= set() if links.empty else set(links["theme"])
    themes = sorted(found, key=str.casefold)
    rows = []
    for theme in themes:
        fb = feedback[feedback["theme"] == theme] if not feedback.empty else feedback
        ln = links[links["theme"] == theme] if not links.empty else links
        answered = "; ".join(f"{k} {label}" for k, label in zip(ln["target_kind"], ln["target_label"])) \
            if not ln.empty else "unanswered"
        rows.append({
            "theme": theme, "items": len(fb),
            "groups": fb["stakeholder_group"].nunique() if len(fb) else 0,
            "last_received": max(fb["received_on"]) if len(fb) else None,
            "answered_by": answered,
        })
    return pd.DataFrame(rows, columns=cols)


def link_problem(theme: str, target_kind: str, target_key: str, themes: Iterable[str],
                 goal_keys: Iterable[str], epic_keys: Iterable[str]) -> str | None:
    """Why a theme -> goal/epic link cannot be made, or None when it can."""
    if not clean_text(theme):
        return "Pick a theme."
    if match_name(theme, themes) is None:
        return f"There is no feedback with the theme {theme!r}."
    if target_kind not in TARGET_KINDS:
        return f"A theme links to a goal or an epic, not {target_kind!r}."
    known = goal_keys if target_kind == GOAL else epic_keys
    if target_key not in set(known):
        return f"That {target_kind} is no longer in the store (a sync removed it)."
    return None
