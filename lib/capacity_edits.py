"""The capacity screen's writes: availability entered by the leads (validated, audited, never touched
by a sync) and the epic forecasts, stored as they are made so they can be checked against reality."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, select

from lib.store import schema as s
from lib.store.engine import utcnow
from lib.auth import Viewer
from lib.store.writes import EditRefused, audit, insert_rows, run_edit, upsert_rows

FIELDS = ("days_off", "share", "buffer")


class AvailabilityError(ValueError):
    """One or more availability values are not allowed; the message says which and why."""


def _number(value, label: str, problems: list[str]) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        problems.append(f"{label} must be a number.")
        return None
    if math.isnan(x) or math.isinf(x):
        problems.append(f"{label} must be a number.")
        return None
    return x


def validate_availability(days_off, share, buffer, working_days: int, person: str = "") -> list[str]:
    """Why these values cannot be stored (empty list: they can). share and buffer are fractions 0..1."""
    who = f"{person}: " if person else ""
    problems: list[str] = []
    d = _number(days_off, f"{who}Days off", problems)
    sh = _number(share, f"{who}Share of time", problems)
    b = _number(buffer, f"{who}Buffer", problems)
    if d is not None:
        if d < 0:
            problems.append(f"{who}Days off cannot be negative (got {d:g}).")
        elif d > working_days:
            problems.append(f"{who}Days off ({d:g}) cannot exceed the sprint's {working_days} working days.")
    if sh is not None and not 0 <= sh <= 1:
        problems.append(f"{who}Share of time must be between 0% and 100% (got {sh * 100:g}%).")
    if b is not None and not 0 <= b <= 1:
        problems.append(f"{who}Buffer must be between 0% and 100% (got {b * 100:g}%).")
    return problems


def readable_changes(audit: pd.DataFrame) -> pd.DataFrame:
    """Availability changes as the form shows them: share and buffer in percent ("50%", stored as 0.5),
    with the reason. audit: at, actor, person, field, old_value, new_value (text), reason."""
    def percent(value):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return value
        return value if math.isnan(number) else f"{number * 100:g}%"

    out = audit.copy()
    as_share = out["field"].isin(["share", "buffer"])
    for col in ("old_value", "new_value"):
        out.loc[as_share, col] = out.loc[as_share, col].map(percent)
    return out[["at", "actor", "person", "field", "old_value", "new_value", "reason"]].rename(
        columns={"old_value": "from", "new_value": "to"})


DEFAULTS = {"days_off": 0.0, "share": 1.0, "buffer": 0.0}  # what counts for a person nothing was entered for


def save_availability(engine: Engine, sprint_phid: str, rows: list[dict], *, viewer: Viewer, working_days: int,
                      reason: str | None = None, skip_untouched_defaults: bool = False) -> int:
    """Store availability rows (person, days_off, share, buffer) for one sprint, all or nothing. Only
    editors may (checked here, not only by hiding the widgets).

    Every row is validated first; any problem raises AvailabilityError and nothing is written. Unchanged
    rows are skipped; each changed field gets an audit row in the same transaction. With
    `skip_untouched_defaults` (the whole-team grid, which shows everyone), a person with nothing stored
    whose row still holds the defaults is skipped too: saving the grid unedited changes nothing. Returns
    the number of people whose availability changed."""
    if not viewer.can_edit:
        raise EditRefused("You can only view this screen: changing availability needs the editor role.")
    actor = viewer.name
    problems = []
    for r in rows:
        if not str(r.get("person") or "").strip():
            problems.append("Each row needs a person.")
            continue
        problems += validate_availability(r.get("days_off"), r.get("share"), r.get("buffer"), working_days,
                                          person=str(r["person"]))
    if problems:
        raise AvailabilityError(" ".join(problems))
    a = s.availability
    now = utcnow()

    def work(conn) -> int:
        changed = 0
        existing = {row.person: row for row in conn.execute(
            select(a.c.person, a.c.days_off, a.c.share, a.c.buffer).where(a.c.sprint_phid == sprint_phid))}
        writes = []
        for r in rows:
            person = str(r["person"]).strip()
            new = {f: float(r.get(f)) for f in FIELDS}
            old = existing.get(person)
            if old is None and skip_untouched_defaults and new == DEFAULTS:
                continue
            diffs = [f for f in FIELDS if old is None or float(getattr(old, f)) != new[f]]
            if not diffs:
                continue
            changed += 1
            writes.append({"sprint_phid": sprint_phid, "person": person, **new, "actor": actor, "at": now})
            for f in diffs:
                audit(conn, actor=actor, entity="availability", entity_key=f"{sprint_phid}|{person}", field=f,
                      old=None if old is None else float(getattr(old, f)), new=new[f], reason=reason)
        if writes:
            upsert_rows(conn, a, writes, key=["sprint_phid", "person"])
        return changed

    return run_edit(engine, work)


def record_forecasts(engine: Engine, forecast: pd.DataFrame, method: str, now: datetime | None = None) -> int:
    """Store each epic's forecast when it is made: a new row when the epic has none from today or its
    numbers (remaining points, 50%/85% dates) changed since the last one. An epic without a 50% date
    got no forecast and is not stored. Returns rows written."""
    forecast = forecast[forecast["p50_date"].notna()] if len(forecast) else forecast
    if forecast.empty:
        return 0
    now = now or utcnow()
    f = s.forecasts
    latest = {}
    with engine.begin() as conn:
        for row in conn.execute(select(f.c.epic_phid, f.c.made_at, f.c.remaining_points, f.c.p50_date,
                                       f.c.p85_date).where(f.c.epic_phid.in_(list(forecast["epic_phid"])))
                                .order_by(f.c.epic_phid, f.c.made_at, f.c.id)):
            latest[row.epic_phid] = row
        rows = []
        for r in forecast.itertuples(index=False):
            remaining = None if pd.isna(r.remaining_points) else round(float(r.remaining_points), 2)
            p50 = _as_date(r.p50_date)
            p85 = _as_date(r.p85_date)
            old = latest.get(r.epic_phid)
            if old is not None and old.made_at.date() == now.date() and (
                    old.remaining_points, old.p50_date, old.p85_date) == (remaining, p50, p85):
                continue
            rows.append({"made_at": now, "epic_phid": r.epic_phid, "remaining_points": remaining,
                         "p50_date": p50, "p85_date": p85, "method": method})
        insert_rows(conn, f, rows)
    return len(rows)


def _as_date(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
