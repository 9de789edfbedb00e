"""Quarterly goals: the rules of the planning process, as plain functions over DataFrames.

A goal moves "rough draft" -> "final draft" -> "approved by CTO" -> "final" (process page). The wiki is
the record; the dashboard keeps local stage edits beside it (`goal_stage_edits`) and works out, at read
time, which stage holds and whether an edit now disagrees with a wiki that moved on (a conflict the
editor resolves, never a silent overwrite: lib.stages). Nothing here knows Streamlit or SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from lib.stages import (APPROVED, FINAL, FINAL_DRAFT, ROUGH_DRAFT, STAGES, TRANSITIONS, normalise_stage,
                        resolve_stage, stage_index)
from lib.words import count

# --- who may move a goal where -----------------------------------------------------------------


def transition_refusal(old_stage, new_stage, *, can_edit: bool, is_approver: bool) -> str | None:
    """Why this move is not allowed (a sentence for the screen), or None when it is."""
    old, new = normalise_stage(old_stage), normalise_stage(new_stage)
    if not can_edit:
        return "You can only view goals: changing a stage needs the editor role."
    if old == new:
        return f"The goal is already at {new!r}."
    if (old, new) not in TRANSITIONS:
        nxt = next_stage(old)
        if nxt is None:
            return f"A goal at {old!r} has no further stage." if old == FINAL else (
                f"The stage {old!r} is not one of the planning stages; fix it on the wiki page first.")
        return f"A goal moves one stage at a time: from {old!r} the next stage is {nxt!r}, not {new!r}."
    if TRANSITIONS[(old, new)] and not is_approver:
        return f"Only the CTO role can move a goal from {old!r} to {new!r}."
    return None


def next_stage(stage) -> str | None:
    idx = stage_index(stage)
    return STAGES[idx + 1] if idx is not None and idx + 1 < len(STAGES) else None


def allowed_next_stages(stage, *, can_edit: bool, is_approver: bool) -> list[str]:
    """The stages this person may move a goal at `stage` to (what the form offers)."""
    return [new for (old, new) in TRANSITIONS
            if old == normalise_stage(stage)
            and transition_refusal(old, new, can_edit=can_edit, is_approver=is_approver) is None]


def movable_first(goals: pd.DataFrame, *, can_edit: bool, is_approver: bool) -> list[str]:
    """Goal keys in page order, those this viewer can move on (and not in conflict with the wiki) first:
    the stage form opens on a goal it can change, not on a final goal's refusal."""
    def stuck(row) -> bool:
        return bool(row["conflict"]) or not allowed_next_stages(row["stage"], can_edit=can_edit,
                                                                is_approver=is_approver)
    return [r["goal_key"] for r in sorted(goals.to_dict("records"), key=stuck)]


def required_role(stage, *, from_stage=None) -> str:
    """Who may put a goal at `stage`, coming from `from_stage` (used when an editor keeps their own stage
    over the wiki's): the CTO role whenever the way there passes an approval. From a stage the rules do
    not know ("On hold") or none, any way up to `stage` counts."""
    to, start = stage_index(stage), stage_index(from_stage)
    if to is None:
        return "editor"
    first = start if start is not None and start < to else 0
    steps = zip(STAGES[first:to], STAGES[first + 1:to + 1])
    return "approver" if any(TRANSITIONS.get(step) for step in steps) else "editor"


# --- effective stage and conflicts ------------------------------------------------------------


def edits_by_goal(edits: pd.DataFrame) -> dict[str, list[dict]]:
    """goal_key -> its edits as dicts, newest (highest id) first."""
    if edits is None or edits.empty:
        return {}
    out: dict[str, list[dict]] = {}
    for row in edits.sort_values("id", ascending=False).to_dict("records"):
        out.setdefault(row["goal_key"], []).append(row)
    return out


EFFECTIVE_EXTRA = ["wiki_stage", "stage", "pending", "conflict", "local_stage", "edit_id", "edit_actor",
                   "edit_at", "edit_based_on_revid"]


def effective_goals(goals: pd.DataFrame, edits: pd.DataFrame | None) -> pd.DataFrame:
    """The goals with the stage that holds now (`stage`), the wiki's (`wiki_stage`), and for each goal
    with a live local edit: its stage, author, time, and whether it is pending or in conflict."""
    out = goals.copy()
    if out.empty:
        for col in EFFECTIVE_EXTRA:
            out[col] = pd.Series(dtype=object)
        return out
    by_goal = edits_by_goal(edits)
    rows = []
    for g in out.to_dict("records"):
        edit, *earlier = by_goal.get(g["goal_key"]) or [None]
        state = resolve_stage(g["stage"], edit, earlier)
        live = state.pending or state.conflict  # (a resolved or seen edit is neither)
        rows.append({
            "wiki_stage": normalise_stage(g["stage"]),
            "stage": state.stage,
            "pending": state.pending,
            "conflict": state.conflict,
            "local_stage": normalise_stage(edit["new_stage"]) if live else None,
            "edit_id": int(edit["id"]) if live else None,
            "edit_actor": edit["actor"] if live else None,
            "edit_at": edit["at"] if live else None,
            "edit_based_on_revid": edit.get("based_on_revid") if live else None,
        })
    extra = pd.DataFrame(rows, index=out.index)
    out = out.drop(columns=[c for c in EFFECTIVE_EXTRA if c in out.columns])
    return pd.concat([out, extra], axis=1)


def conflicts(effective: pd.DataFrame) -> pd.DataFrame:
    """Goals whose local edit disagrees with a wiki that moved since: for the editor to resolve."""
    if effective.empty:
        return effective.assign(your_stage=pd.Series(dtype=object))
    rows = effective[effective["conflict"].astype(bool)]
    return rows.assign(your_stage=rows["local_stage"])[
        ["goal_key", "program", "title", "wiki_stage", "your_stage", "edit_actor", "edit_at", "edit_id"]
    ].reset_index(drop=True)


# --- the planning timeline ----------------------------------------------------------------------


def _as_date(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def activity_due(row: dict) -> date | None:
    """When an activity is due: its deadline, else the end of its dates, else their start."""
    return _as_date(row.get("deadline")) or _as_date(row.get("end_date")) or _as_date(row.get("start_date"))


_MILESTONE_PATTERNS = (  # first match wins; checked on the deliverable first, then the activity
    (FINAL_DRAFT, re.compile(r"\bfinal[\s-]+draft\b", re.I)),
    (ROUGH_DRAFT, re.compile(r"\brough[\s-]+draft\b", re.I)),
    (APPROVED, re.compile(r"\bapprov\w*\b.*\bCTO\b|\bCTO\b.*\bapprov\w*", re.I)),
    (FINAL, re.compile(r"\bfinal\b", re.I)),
)


def _milestone_stage(text: str) -> str | None:
    for stage, pattern in _MILESTONE_PATTERNS:
        if pattern.search(text):
            return stage
    return None


def stage_milestones(timeline: pd.DataFrame) -> pd.DataFrame:
    """The date by which goals should have reached each stage, read from the timeline's deliverables
    ("Populated with final draft Q2 goals", deadline Sept 18) or activities ("Meetings with CTO to
    approve proposed goals", Sept 20-22). One row per stage found: stage, due, activity."""
    found: dict[str, dict] = {}
    for row in ([] if timeline is None else timeline.to_dict("records")):
        stage = _milestone_stage(_text(row.get("deliverable"))) or _milestone_stage(_text(row.get("activity")))
        due = activity_due(row)
        if stage is None or due is None:
            continue
        if stage not in found or due > found[stage]["due"]:
            found[stage] = {"stage": stage, "due": due, "activity": _text(row.get("activity"))}
    rows = [found[s] for s in STAGES if s in found]
    return pd.DataFrame(rows, columns=["stage", "due", "activity"])


def expected_stage(milestones: pd.DataFrame, today: date) -> str | None:
    """The furthest stage whose deadline has passed (on the deadline day itself a goal is not late)."""
    passed = [r["stage"] for r in milestones.to_dict("records") if r["due"] < today]
    return max(passed, key=STAGES.index) if passed else None


def goals_behind(effective: pd.DataFrame, milestones: pd.DataFrame, today: date) -> pd.DataFrame:
    """Goals below the stage the timeline expects by `today` (an unrecognised stage counts as behind)."""
    expected = expected_stage(milestones, today)
    cols = ["program", "title", "owner", "stage", "expected_stage", "goal_key"]
    if expected is None or effective.empty:
        return pd.DataFrame(columns=cols)
    want = STAGES.index(expected)
    idx = effective["stage"].map(lambda s: -1 if stage_index(s) is None else stage_index(s))
    behind = effective[idx < want].assign(expected_stage=expected)
    return behind[cols].reset_index(drop=True)


def programs_behind(effective: pd.DataFrame, milestones: pd.DataFrame, today: date,
                    programs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per program with goals behind: how many of how many, the stage expected, the least advanced
    stage, and the program's owners (who to ask)."""
    behind = goals_behind(effective, milestones, today)
    cols = ["program", "name", "owners", "goals_behind", "goals", "expected_stage", "least_advanced"]
    if behind.empty:
        return pd.DataFrame(columns=cols)
    totals = effective.groupby("program").size()
    rows = []
    for program, grp in sorted(behind.groupby("program"), key=lambda pair: program_sort_key(pair[0])):
        least = min(grp["stage"], key=lambda s: -1 if stage_index(s) is None else stage_index(s))
        rows.append({"program": program, "goals_behind": len(grp), "goals": int(totals[program]),
                     "expected_stage": grp["expected_stage"].iloc[0], "least_advanced": least})
    out = pd.DataFrame(rows)
    names = _program_lookup(programs)
    out["name"] = out["program"].map(lambda p: names.get(p, {}).get("name"))
    out["owners"] = out["program"].map(lambda p: names.get(p, {}).get("owners"))
    return out[cols]


def _program_lookup(programs: pd.DataFrame | None) -> dict[str, dict]:
    if programs is None or programs.empty:
        return {}
    return {r["code"]: r for r in programs.to_dict("records")}


NOT_MARKED_DONE = "not marked done"
PLANNING_OVER = timedelta(days=92)  # a quarter after its last deadline, its planning is history


# who a moment of the quarter is for, not a task ("Oct 5 | Everyone | Q2 starts"), and what such a row says
_EVERYONE = re.compile(r"^\W*(?:everyone|everybody|all|all staff|all teams|all hands|n/?a)\W*$", re.I)
# a period as the subject: "Q2 starts", "The quarter ends", "New goals in effect" (not "Owners begin drafting")
_PERIOD_BOUNDARY = re.compile(r"^\W*(?:the\s+)?(?:new\s+)?(?:Q[1-4]|quarter|fiscal\s+year|FY[\w/-]*|year|half|H[12]|"
                              r"sprint|planning|goals)\b[^.]{0,40}?\b(?:starts?|begins?|ends?|in\s+effect|kicks?\s+off)\b",
                              re.I)


def is_event(row: dict) -> bool:
    """A row of the timeline that marks a moment rather than asks for work: nobody is named for it ("Oct 2:
    Q2 starts"), or, with no deliverable and no deadline, it is for everyone or says a period starts or
    ends ("Oct 5 | Everyone | Q2 starts")."""
    who = _text(row.get("who")).strip()
    if not who:
        return True
    if _text(row.get("deliverable")).strip() or _as_date(row.get("deadline")) or _text(row.get("deadline_text")).strip():
        return False
    return bool(_EVERYONE.match(who) or _PERIOD_BOUNDARY.match(_text(row.get("activity"))))


def planning_over(timeline: pd.DataFrame | None, today: date) -> bool:
    """Is the quarter's planning history: more than PLANNING_OVER past the timeline's last due date?"""
    records = [] if timeline is None else timeline.to_dict("records")
    dues = [d for d in map(activity_due, records) if d is not None]
    return bool(dues) and today - max(dues) > PLANNING_OVER


def timeline_status(timeline: pd.DataFrame, today: date) -> pd.DataFrame:
    """The timeline with `due`, `status` (done, overdue, open, event, not marked done) and `days_overdue`.

    An event (`is_event`: "Oct 2: Q2 starts") is never overdue. A quarter after the
    timeline's last deadline its planning is over: an activity nobody ticked off then is "not marked
    done" (old wiki tables are rarely ticked), not overdue by years."""
    added = ["due", "status", "days_overdue"]
    if timeline is not None:  # recomputed, never duplicated, when given an already-annotated timeline
        timeline = timeline.drop(columns=[c for c in added if c in timeline.columns])
    cols = (list(timeline.columns) if timeline is not None else []) + added
    if timeline is None or timeline.empty:
        return pd.DataFrame(columns=cols)
    records = timeline.to_dict("records")
    over = planning_over(timeline, today)
    rows = []
    for row in records:
        due = activity_due(row)
        done = bool(row.get("done")) if not pd.isna(row.get("done")) else False
        if done:
            status = "done"
        elif is_event(row):
            status = "event"
        elif due is not None and due < today:
            status = NOT_MARKED_DONE if over else "overdue"
        else:
            status = "open"
        row.update(due=due, status=status, days_overdue=(today - due).days if status == "overdue" else None)
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def overdue_activities(timeline: pd.DataFrame, today: date) -> pd.DataFrame:
    """Activities not done whose due date has passed, with who owns them, most overdue first."""
    cols = ["activity", "who", "deliverable", "due", "days_overdue"]
    status = timeline_status(timeline, today)
    if status.empty:
        return pd.DataFrame(columns=cols)
    late = status[status["status"] == "overdue"].sort_values("days_overdue", ascending=False, kind="stable")
    return late[cols].reset_index(drop=True)


def timeline_chart_data(timeline: pd.DataFrame, today: date) -> pd.DataFrame:
    """One bar per dated activity: start, end (at least one day long), status, label."""
    status = timeline_status(timeline, today)
    cols = ["label", "who", "start", "end", "due", "status", "position"]
    rows = []
    for row in status.to_dict("records"):
        start = _as_date(row.get("start_date")) or row["due"]
        end = _as_date(row.get("end_date")) or _as_date(row.get("deadline")) or start
        if start is None:
            continue
        end = max(end, row["due"] or end, start)
        label = _text(row.get("activity"))
        label = label if len(label) <= 48 else label[:45] + "..."
        if not pd.isna(row.get("position")):  # two activities may read alike: the label must be unique
            label = f"{int(row['position'])}. {label}"
        rows.append({"label": label, "who": _text(row.get("who")),
                     "start": pd.Timestamp(start), "end": pd.Timestamp(end + timedelta(days=1)),
                     "due": pd.Timestamp(row["due"]) if row["due"] else pd.NaT,
                     "status": row["status"], "position": row.get("position")})
    return pd.DataFrame(rows, columns=cols)


# --- checks from the guidance -----------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip()


def deployment_dates(value) -> list[date]:
    """The ISO dates in a goal's `deployment_dates` cell (unparseable parts are skipped)."""
    if _blank(value):
        return []
    return [d for d in (_as_date(p.strip()) for p in str(value).split(",")) if d is not None]


def frozen_dates(dates: list[date], no_deploy_weeks: pd.DataFrame | None) -> list[date]:
    """The dates that fall in a no-deployment week (a week runs week_start .. week_start + 6 days)."""
    if no_deploy_weeks is None or no_deploy_weeks.empty:
        return []
    weeks = [d for d in (_as_date(w) for w in no_deploy_weeks["week_start"]) if d is not None]
    return [d for d in dates if any(w <= d <= w + timedelta(days=6) for w in weeks)]


CHECK_COLUMNS = ["no_outcome", "dependencies_unconfirmed", "deploys_in_freeze", "unknown_stage", "checks"]


def goal_checks(effective: pd.DataFrame, no_deploy_weeks: pd.DataFrame | None) -> pd.DataFrame:
    """The goals with the guidance's checks as flags, and `checks`: the failed ones in words.

    - each goal should tie to an annual-plan outcome;
    - dependencies must be confirmed ("talk to your dependencies early and often");
    - no deployments in the planned no-deployment weeks."""
    out = effective.copy()
    if out.empty:
        for col in CHECK_COLUMNS:
            out[col] = pd.Series(dtype=object)
        return out
    outcomes = outcomes_given(out)  # a page with no outcome column is not checked for them
    no_outcome, unconfirmed, freeze, unknown, words = [], [], [], [], []
    for g in out.to_dict("records"):
        a = outcomes and _blank(g.get("outcome"))
        confirmed = g.get("dependencies_confirmed")
        b = not _blank(g.get("dependencies")) and not (confirmed is not None and not pd.isna(confirmed)
                                                        and bool(confirmed))
        frozen = frozen_dates(deployment_dates(g.get("deployment_dates")), no_deploy_weeks)
        c = stage_index(g.get("stage")) is None
        said = []
        if a:
            said.append("no annual-plan outcome")
        if b:
            said.append("dependencies not confirmed")
        if frozen:
            said.append("deploys in a no-deployment week (" + ", ".join(d.isoformat() for d in frozen) + ")")
        if c:
            said.append("stage not recognised")
        no_outcome.append(a)
        unconfirmed.append(b)
        freeze.append(", ".join(d.isoformat() for d in frozen))
        unknown.append(c)
        words.append("; ".join(said))
    return out.assign(no_outcome=no_outcome, dependencies_unconfirmed=unconfirmed, deploys_in_freeze=freeze,
                      unknown_stage=unknown, checks=words)


# --- counts for the executives ------------------------------------------------------------------


def outcomes_given(goals: pd.DataFrame) -> bool:
    """Whether the goals page gives annual-plan outcomes at all: when no goal has one (no such column on
    the page), a missing one says nothing about a goal."""
    return "outcome" in goals.columns and not goals["outcome"].map(_blank).all()


def by_program(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals in program order as people count (TP2 before TP10), each program's in page order."""
    if goals.empty or "program" not in goals:
        return goals
    order = goals["program"].map(program_sort_key).tolist()
    return goals.iloc[sorted(range(len(goals)), key=order.__getitem__)].reset_index(drop=True)  # stable


def program_sort_key(program: str) -> tuple:
    """TP1, TP2, ... TP10 in number order (as text TP10 sorts before TP2); other names by their words."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", str(program)) if part)


def stage_counts(effective: pd.DataFrame) -> pd.DataFrame:
    """Per program (TP1, TP2 ... TP10): goals at each stage (one column per stage, in order), total, and
    share at final."""
    cols = ["program", *STAGES, "other", "total", "share_final"]
    if effective.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for program in sorted(effective["program"].dropna().unique(), key=program_sort_key):
        grp = effective[effective["program"] == program]
        stages = grp["stage"].map(normalise_stage)
        row = {"program": program, **{s: int((stages == s).sum()) for s in STAGES}}
        row["other"] = int((~stages.isin(STAGES)).sum())
        row["total"] = len(grp)
        row["share_final"] = row[FINAL] / row["total"]
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def stage_counts_long(effective: pd.DataFrame) -> pd.DataFrame:
    """program, stage, goals, order: the stacked stage bar's data (zero counts left out)."""
    wide = stage_counts(effective)
    rows = [{"program": r["program"], "stage": s, "goals": int(r[s]), "order": i}
            for r in wide.to_dict("records") for i, s in enumerate(STAGES) if r[s]]
    return pd.DataFrame(rows, columns=["program", "stage", "goals", "order"])


def share_final(effective: pd.DataFrame) -> float | None:
    """Share of the goals at "final" (None when there are no goals)."""
    if effective.empty:
        return None
    return float((effective["stage"].map(normalise_stage) == FINAL).sum()) / len(effective)


def programs_without_goals(effective: pd.DataFrame, programs: pd.DataFrame | None) -> list[str]:
    """Program codes the process page lists that have no goal in this quarter."""
    if programs is None or programs.empty:
        return []
    have = set(effective["program"]) if not effective.empty else set()
    return [c for c in programs["code"] if c not in have]


# --- quarters -----------------------------------------------------------------------------------


def quarter_sort_key(quarter: str) -> tuple:
    """Order quarter labels like "2017-18 Q2" or "FY2018 Q1" or "2018 Q3" by year, then quarter."""
    text = str(quarter)
    m = re.search(r"(\d{4})(?:\s*[-/]\s*\d{2,4})?\D*?Q\s*([1-4])", text, re.I)
    if m:
        return (0, int(m.group(1)), int(m.group(2)), text)
    return (1, 0, 0, text)


def sorted_quarters(quarters) -> list[str]:
    return sorted({str(q) for q in quarters if not _blank(q)}, key=quarter_sort_key)


def previous_quarter(quarter: str, quarters) -> str | None:
    """The quarter before `quarter` among those known, or None."""
    ordered = sorted_quarters(quarters)
    if quarter not in ordered:
        return None
    i = ordered.index(quarter)
    return ordered[i - 1] if i > 0 else None


def quarter_comparison(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Per program, this quarter against the previous one: goals, goals at final, share at final, and
    how many of the previous quarter's goals have their results written up."""
    cols = ["program", "goals", "final", "share_final", "previous_goals", "previous_final",
            "previous_share_final", "previous_with_results"]
    programs = sorted(set(current.get("program", [])) | set(previous.get("program", [])), key=program_sort_key)
    rows = []
    for p in programs:
        cur = current[current["program"] == p] if not current.empty else current
        prev = previous[previous["program"] == p] if not previous.empty else previous
        cur_final = int((cur["stage"].map(normalise_stage) == FINAL).sum()) if len(cur) else 0
        prev_final = int((prev["stage"].map(normalise_stage) == FINAL).sum()) if len(prev) else 0
        rows.append({
            "program": p, "goals": len(cur), "final": cur_final,
            "share_final": cur_final / len(cur) if len(cur) else None,
            "previous_goals": len(prev), "previous_final": prev_final,
            "previous_share_final": prev_final / len(prev) if len(prev) else None,
            "previous_with_results": int(sum(not _blank(r) for r in prev["results"])) if len(prev) else 0,
        })
    return pd.DataFrame(rows, columns=cols)


# --- export back to the wiki --------------------------------------------------------------------

# Headers the wiki sync recognises (lib.sync.wiki_pages), so a pasted export reads back as the same goals.
WIKITEXT_COLUMNS = (
    ("Quarter", "quarter"), ("Program", "program"), ("Goal", "title"), ("Owner", "owner"), ("Stage", "stage"),
    ("Annual plan outcome", "outcome"), ("Dependencies", "dependencies"),
    ("Dependencies confirmed", "dependencies_confirmed"), ("Deployment dates", "deployment_dates"),
    ("Results", "results"),
)


def _yes_no(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return "yes" if bool(value) else "no"


def wikitext_cell(value) -> str:
    """Cell text that cannot break the table: newlines become <br />, a bare "|" becomes {{!}}
    (pipes inside [[links]] and {{templates}} are left alone)."""
    if _blank(value):
        return ""
    text = re.sub(r"\s*\r?\n\s*", "<br />", str(value).strip())
    out, depth, i = [], 0, 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in ("[[", "{{"):
            depth += 1
            out.append(pair)
            i += 2
        elif pair in ("]]", "}}") and depth:
            depth -= 1
            out.append(pair)
            i += 2
        elif text[i] == "|" and depth == 0:
            out.append("{{!}}")
            i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def goals_wikitext(effective: pd.DataFrame, quarter: str | None = None) -> str:
    """The goals table, with the stages as they stand here, as a wikitable to paste into the wiki page."""
    lines = []
    if quarter:
        lines.append(f"<!-- goals for {wikitext_cell(quarter)}, exported from the Leads Planning Dashboard -->")
    lines.append('{| class="wikitable sortable"')
    lines.append("! " + " !! ".join(h for h, _ in WIKITEXT_COLUMNS))
    ordered = effective
    if not effective.empty:
        sort_cols = [c for c in ("program", "position") if c in effective.columns]
        ordered = effective.sort_values(sort_cols, kind="stable")
    for g in ordered.to_dict("records"):
        lines.append("|-")
        cells = [wikitext_cell(_yes_no(g.get(col)) if col == "dependencies_confirmed" else g.get(col))
                 for _, col in WIKITEXT_COLUMNS]
        lines.append("| " + " || ".join(cells))
    lines.append("|}")
    return "\n".join(lines)


# --- one quarter, computed once for both screens ----------------------------------------------------


@dataclass
class QuarterView:
    """What the goals and executive screens show about one quarter."""
    quarter: str
    goals: pd.DataFrame          # effective goals with the checks
    timeline: pd.DataFrame       # the timeline with due, status, days_overdue
    milestones: pd.DataFrame
    expected_stage: str | None
    behind: pd.DataFrame         # goals behind the expected stage
    programs_behind: pd.DataFrame  # none once the planning is over (see planning_over)
    overdue: pd.DataFrame
    counts: pd.DataFrame
    share_final: float | None
    conflicts: pd.DataFrame
    pending: int                 # local stage changes the wiki does not show yet
    programs_without_goals: list[str]
    planning_over: bool = False  # the quarter's planning is history: goals short of a stage are not behind


def planning_over_text(view: QuarterView) -> str:
    """What a quarter whose planning is history says instead of programs behind."""
    short = len(view.behind)
    if not short:
        return f"This quarter's planning is over: every goal reached {view.expected_stage!r}."
    return (f"This quarter's planning is over: {count(short, 'goal')} never reached {view.expected_stage!r} on "
            "the wiki; that is history, not a program behind.")


def for_programs(view: QuarterView, programs: list[str]) -> QuarterView:
    """The quarter as seen for some programs only (all when none is chosen): their goals, stage counts,
    share at final, programs behind and conflicts. The timeline is the quarter's, shared by all programs."""
    if not programs:
        return view
    keep = lambda df: df[df["program"].isin(programs)] if "program" in df else df
    goals = keep(view.goals)
    return replace(
        view, goals=goals, behind=keep(view.behind), programs_behind=keep(view.programs_behind),
        counts=keep(view.counts), share_final=share_final(goals), conflicts=keep(view.conflicts),
        pending=int(goals["pending"].astype(bool).sum()) if not goals.empty else 0,
        programs_without_goals=[p for p in view.programs_without_goals if p in programs],
    )


def quarter_view(quarter: str, data: dict[str, pd.DataFrame], today: date) -> QuarterView:
    """Combine one quarter's rows (as lib.store.goals_reads.quarter_data returns them) into what is shown."""
    effective = by_program(effective_goals(data["goals"], data.get("stage_edits")))
    checked = goal_checks(effective, data.get("no_deploy_weeks"))
    milestones = stage_milestones(data.get("timeline"))
    over = planning_over(data.get("timeline"), today)
    behind_programs = programs_behind(effective, milestones, today, data.get("programs"))
    return QuarterView(
        quarter=quarter,
        goals=checked,
        timeline=timeline_status(data.get("timeline"), today),
        milestones=milestones,
        expected_stage=expected_stage(milestones, today),
        behind=goals_behind(effective, milestones, today),
        # a quarter whose planning is history has no program behind: its goals stopped where they stopped
        programs_behind=behind_programs.iloc[0:0] if over else behind_programs,
        planning_over=over,
        overdue=overdue_activities(data.get("timeline"), today),
        counts=stage_counts(effective),
        share_final=share_final(effective),
        conflicts=conflicts(effective),
        pending=int(effective["pending"].astype(bool).sum()) if not effective.empty else 0,
        programs_without_goals=programs_without_goals(effective, data.get("programs")),
    )
