"""The roadmap screen's writes: priority edits (recorded, reviewed, pushed to Phabricator, reconciled
with later syncs) and the current sprint's ranked goals.

A priority edit is saved at once, in its own short transaction, as a row of `priority_edits` plus an
audit row: who, when, old and new value, why, and the task's remote dateModified it was made against.
It stays `pending` until a push succeeds (`pushed`); a failed push leaves it pending with the error in
`push_result`. While its push is under way it is `pushing`: a second editor pressing Push at the same
moment finds it claimed and does not post the comment again (a claim older than STALE_PUSH, left by a
process that stopped mid-push, can be taken over). Edits are append-only: two people changing the
same task both get their row, the later one's `old_value` is the earlier one's `new_value`, and one
push sends the latest value with a comment naming everyone in the chain - nothing is lost.

Conflicts are worked out at read time (`mark_conflicts`): when the last sync shows Phabricator changed
the task's priority since the edits were made, to something neither the edit's starting point nor its
target, the screen shows both and the PM keeps theirs or takes Phabricator's (`resolve_conflict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from lib.auth import Viewer
from lib.roadmap import check_goals
from lib.store import reads, roadmap_reads
from lib.store.engine import utcnow
from lib.store.schema import priorities, priority_edits, sprint_goals, tasks
from lib.store.writes import EditRefused, audit
from lib.store.writes import run_edit as _run
from lib.sync.errors import ConduitAuthError, ConduitError, MalformedAnswer, SyncError
from lib.sync.phabricator import epoch_to_dt

PENDING, PUSHING, PUSHED, DISCARDED = "pending", "pushing", "pushed", "discarded"  # states of an edit
FAILED, CONFLICT, SKIPPED = "failed", "conflict", "skipped"  # outcomes of a push (conflict: also a state)
STALE_PUSH = timedelta(minutes=10)  # far beyond one maniphest.edit call, which is never retried
KEEP_MINE, TAKE_THEIRS = "mine", "theirs"
ENTITY_TASK, ENTITY_SPRINT = "task", "sprint"
APP_NAME = "the Leads Planning Dashboard"


def _require_editor(viewer: Viewer, what: str) -> None:
    if not viewer.can_edit:
        raise EditRefused(f"You can only view this screen: {what} needs the editor role.")


# --- the conflict rule (pure) -----------------------------------------------------------------

def mark_conflicts(edits: pd.DataFrame) -> pd.DataFrame:
    """Add, to pending edits joined with the task's remote state (roadmap_reads.priority_edits),
    per task chain: `baseline` (the value the first pending edit started from), `local_value` (the
    latest pending edit's target) and `conflict`: Phabricator was modified after the chain's first
    edit was based, and its priority is now neither the baseline nor the local value. A task that
    reached the local value remotely (our push, or the same change made there) is no conflict."""
    out = edits.copy()
    if out.empty:
        for c in ("baseline", "local_value", "conflict"):
            out[c] = pd.Series(dtype=object if c != "conflict" else bool)
        return out
    grouped = out.sort_values("id").groupby("task_phid")
    out["baseline"] = out["task_phid"].map(grouped["old_value"].first())
    out["local_value"] = out["task_phid"].map(grouped["new_value"].last())
    first_based = out["task_phid"].map(grouped["based_on_modified"].min())
    remote = out["remote_value"]
    moved_on = out["remote_modified"].notna() & (first_based.isna() | (out["remote_modified"] > first_based))
    differs = remote.notna() & (remote != out["baseline"]) & (remote != out["local_value"])
    out["conflict"] = (moved_on & differs).astype(bool)
    return out


# --- reads the screen shows -------------------------------------------------------------------

def pending_changes(engine: Engine) -> pd.DataFrame:
    """Every edit not yet in Phabricator (pending, or being pushed) with its task's remote value and the
    chain's conflict flag, oldest first."""
    return mark_conflicts(roadmap_reads.priority_edits(engine, (PENDING, PUSHING)))


NOT_IN_STORE = ("not pushed: the task is not in the store (a change made on the demo data before the first "
                "real sync?); discard it")


def in_store(pending: pd.DataFrame) -> pd.Series:
    """Which pending edits are of a task the store holds: one made on the demo data before the first real
    sync replaced it names a task this server may not have, and is never pushed."""
    return pending["task_id"].notna()


def settable_levels(levels: pd.DataFrame) -> pd.DataFrame:
    """The server's priority levels maniphest.edit can set: those with a keyword (a level without one,
    or disabled in the server's config, has an empty keyword; see phabricator.priority_rows)."""
    return levels[levels["keyword"].fillna("") != ""]


def local_values(pending: pd.DataFrame) -> pd.Series:
    """task phid -> the priority value the dashboard holds locally (the latest pending edit)."""
    if pending.empty:
        return pd.Series(dtype="Int64")
    return pending.sort_values("id").groupby("task_phid")["new_value"].last()


def with_local_priorities(tasks: pd.DataFrame, local: pd.Series, names: dict[int, str]) -> pd.DataFrame:
    """Tasks at the priority the dashboard holds (the effective priority): a pending local change (agreed
    in the meeting, not yet in Phabricator) replaces the synced priority_value and priority_name;
    `changed_here` marks those, and `phabricator_value` / `phabricator_name` keep the synced ones, so a
    screen can filter by the one and still show the other. The meeting screen and the roadmap's board
    both go by this rule."""
    out = tasks.copy()
    out["phabricator_value"] = out["priority_value"]
    out["phabricator_name"] = out["priority_name"]
    held = out["phid"].map(local)
    out["changed_here"] = held.notna() & (held != out["priority_value"])
    if out["changed_here"].any():
        values = held.where(out["changed_here"])
        out.loc[out["changed_here"], "priority_value"] = values[out["changed_here"]].astype(int)
        out.loc[out["changed_here"], "priority_name"] = values[out["changed_here"]].astype(int).map(
            lambda v: names.get(v, str(v)))
    return out


def readable_audit(log: pd.DataFrame, tasks: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """The priority audit log as a person reads it: the task as "T123 Title" (its PHID once it left the
    store) and the levels by name ("High", not 80). log: at, actor, entity_key, field, old_value,
    new_value (text), reason; tasks: phid, id, title."""
    label = ("T" + tasks["id"].astype("Int64").astype(str) + " " + tasks["title"].fillna("")).set_axis(tasks["phid"])

    def level(value):
        text = "" if value is None or pd.isna(value) else str(value)
        return names.get(int(text), text) if text.lstrip("-").isdigit() else value

    out = log.assign(task=log["entity_key"].map(label).fillna(log["entity_key"]),
                     old_value=log["old_value"].map(level), new_value=log["new_value"].map(level))
    return out[["at", "actor", "task", "field", "old_value", "new_value", "reason"]].rename(
        columns={"old_value": "from", "new_value": "to"})


# --- record an edit ---------------------------------------------------------------------------

@dataclass(frozen=True)
class EditResult:
    edit_id: int
    old_value: int | None
    new_value: int
    overrode: dict | None  # another person's pending edit this one followed, when the editor saw a stale value
    reverted: bool = False  # back to Phabricator's level: the pending changes were dropped, nothing to push


def _phabricator_level(conn: Connection, task_phid: str, remote_value, remote_modified):
    """The level Phabricator holds as far as the store knows: the last pushed change the sync has not
    caught up with yet, else the synced value."""
    e = priority_edits
    pushed = conn.execute(select(e.c.new_value, e.c.based_on_modified).where(e.c.task_phid == task_phid,
                                                                             e.c.state == PUSHED)
                          .order_by(e.c.id.desc()).limit(1)).first()
    if pushed is not None and (remote_modified is None or (pushed.based_on_modified is not None
                                                           and remote_modified <= pushed.based_on_modified)):
        return pushed.new_value
    return remote_value


def _effective_value(conn: Connection, task_phid: str, remote_value, remote_modified, exclude_id: int):
    """(value, edit row or None): what the task's priority is from the dashboard's point of view -
    the latest pending edit, else a pushed edit the sync has not caught up with, else Phabricator's."""
    e = priority_edits
    row = conn.execute(
        select(e).where(e.c.task_phid == task_phid, e.c.id != exclude_id, e.c.state.in_((PENDING, PUSHING, PUSHED)))
        .order_by(e.c.id.desc()).limit(1)
    ).mappings().first()
    if row is None:
        return remote_value, None
    if row["state"] in (PENDING, PUSHING):
        return row["new_value"], dict(row)
    not_synced_yet = remote_modified is None or (row["based_on_modified"] is not None
                                                 and remote_modified <= row["based_on_modified"])
    return (row["new_value"], None) if not_synced_yet else (remote_value, None)


def record_edit(engine: Engine, *, task_phid: str, new_value: int, viewer: Viewer, reason: str | None = None,
                seen_value: int | None = None, now: datetime | None = None) -> EditResult:
    """Save one priority change now (edit row + audit row, one transaction). `seen_value` is the
    priority the editor's screen showed; when someone else changed it meanwhile the edit is still
    kept (it is the newer wish) and `overrode` names the other edit, so the screen can say so."""
    _require_editor(viewer, "changing a priority")
    reason = (reason or "").strip() or None
    now = now or utcnow()

    def work(conn: Connection) -> EditResult:
        # Lock the task row (PostgreSQL) and take SQLite's write lock with the insert, before reading
        # what the priority is now: two editors at once are serialised and the later one sees the first.
        task = conn.execute(select(tasks.c.priority_value, tasks.c.date_modified)
                            .where(tasks.c.phid == task_phid).with_for_update()).first()
        if task is None:
            raise EditRefused("This task is no longer in the store (a sync removed it). Reload the page.")
        level = conn.execute(select(priorities.c.name).where(priorities.c.value == int(new_value))).scalar()
        if level is None:
            raise EditRefused(f"Priority value {new_value} is not one of the server's levels.")
        edit_id = conn.execute(insert(priority_edits).values(
            task_phid=task_phid, old_value=None, new_value=int(new_value), reason=reason, actor=viewer.name,
            at=now, based_on_modified=task.date_modified, state=PENDING,
        )).inserted_primary_key[0]
        old, other = _effective_value(conn, task_phid, task.priority_value, task.date_modified, edit_id)
        if old is not None and int(old) == int(new_value):
            # nothing to change (nor to push, nor to audit); the insert above is rolled back with this
            raise EditRefused(
                f"A change made here and not yet in Phabricator already sets the task to {level}: nothing to "
                "change (if Phabricator has since set another level, choose **Keep mine** on the conflict)."
                if other is not None else f"The task is already at {level}: nothing to change.")
        overrode = other if (seen_value is not None and other is not None and old != seen_value) else None
        held = _phabricator_level(conn, task_phid, task.priority_value, task.date_modified)
        if other is not None and other["state"] == PENDING and held is not None and int(held) == int(new_value):
            # back to the level Phabricator holds: the changes waiting to be pushed are dropped, not
            # followed by one more that would push Phabricator's own level back to it
            conn.execute(update(priority_edits).where(priority_edits.c.task_phid == task_phid,
                                                      priority_edits.c.state == PENDING).values(state=DISCARDED))
            audit(conn, actor=viewer.name, entity=ENTITY_TASK, entity_key=task_phid, field="priority",
                  old=old, new=int(new_value), reason=reason or "back to Phabricator's level: pending change dropped")
            return EditResult(int(edit_id), old, int(new_value), overrode, reverted=True)
        conn.execute(update(priority_edits).where(priority_edits.c.id == edit_id).values(old_value=old))
        audit(conn, actor=viewer.name, entity=ENTITY_TASK, entity_key=task_phid, field="priority",
              old=old, new=int(new_value), reason=reason)
        return EditResult(int(edit_id), old, int(new_value), overrode)

    return _run(engine, work)


def discard_pending(engine: Engine, *, task_phid: str, viewer: Viewer) -> int:
    """Drop the task's pending changes (kept as `discarded` rows, audited). Returns how many."""
    _require_editor(viewer, "discarding a change")

    def work(conn: Connection) -> int:
        e = priority_edits
        rows = conn.execute(select(e.c.id, e.c.new_value).where(e.c.task_phid == task_phid, e.c.state == PENDING)
                            .order_by(e.c.id)).all()
        if not rows:
            return 0
        conn.execute(update(e).where(e.c.id.in_([r.id for r in rows])).values(state=DISCARDED))
        audit(conn, actor=viewer.name, entity=ENTITY_TASK, entity_key=task_phid, field="priority discarded",
              old=rows[-1].new_value, new=None, reason=f"discarded {len(rows)} pending change(s)")
        return len(rows)

    return _run(engine, work)


def resolve_conflict(engine: Engine, *, task_phid: str, choice: str, viewer: Viewer,
                     now: datetime | None = None) -> int | None:
    """Settle a conflict. TAKE_THEIRS discards the local chain. KEEP_MINE closes the chain and records
    a new pending edit from Phabricator's current value to the local one, based on the remote state
    now (so it is pushed next, over what Phabricator has). Returns the value that now holds."""
    _require_editor(viewer, "resolving a conflict")
    if choice not in (KEEP_MINE, TAKE_THEIRS):
        raise ValueError(f"choice must be {KEEP_MINE!r} or {TAKE_THEIRS!r}")
    now = now or utcnow()

    def work(conn: Connection):
        e = priority_edits
        task = conn.execute(select(tasks.c.priority_value, tasks.c.date_modified)
                            .where(tasks.c.phid == task_phid).with_for_update()).first()
        chain = conn.execute(select(e).where(e.c.task_phid == task_phid, e.c.state == PENDING).order_by(e.c.id)
                             ).mappings().all()
        if task is None or not chain:
            raise EditRefused("There is no pending change on this task any more (someone resolved it).")
        frame = pd.DataFrame([dict(r) for r in chain]).assign(remote_value=task.priority_value,
                                                               remote_modified=task.date_modified)
        if not mark_conflicts(frame)["conflict"].any():
            raise EditRefused("There is no conflict on this task any more (a sync brought it in line).")
        mine, theirs = chain[-1]["new_value"], task.priority_value
        ids = [r["id"] for r in chain]
        if choice == TAKE_THEIRS:
            conn.execute(update(e).where(e.c.id.in_(ids)).values(state=DISCARDED))
            holds = theirs
        else:
            conn.execute(update(e).where(e.c.id.in_(ids)).values(state=CONFLICT))
            earlier = "; ".join(f"{r['actor']}: {r['reason']}" if r["reason"] else r["actor"] for r in chain)
            conn.execute(insert(e).values(
                task_phid=task_phid, old_value=theirs, new_value=mine, actor=viewer.name, at=now,
                reason=f"kept over Phabricator's change after a conflict (earlier: {earlier})",
                based_on_modified=task.date_modified, state=PENDING,
            ))
            holds = mine
        audit(conn, actor=viewer.name, entity=ENTITY_TASK, entity_key=task_phid, field="priority conflict",
              old=theirs, new=holds, reason="kept the dashboard's priority" if choice == KEEP_MINE
              else "took Phabricator's priority")
        return holds

    return _run(engine, work)


# --- push to Phabricator ----------------------------------------------------------------------

@dataclass(frozen=True)
class PushOutcome:
    task_phid: str
    task_id: int | None
    edit_ids: tuple[int, ...]
    outcome: str   # pushed, failed, conflict, skipped
    message: str


def push_comment(chain: pd.DataFrame, names: dict[int, str]) -> str:
    """The comment that goes with the priority transaction: who changed it, from what to what, and why
    - every person of the chain, oldest first."""
    lines = []
    for r in chain.itertuples():
        old = names.get(int(r.old_value), str(r.old_value)) if pd.notna(r.old_value) else "unset"
        line = f"{r.actor} changed the priority from {old} to {names.get(int(r.new_value), r.new_value)}"
        line += f" ({pd.Timestamp(r.at):%Y-%m-%d %H:%M} UTC)"
        if isinstance(r.reason, str) and r.reason.strip():
            line += f": {r.reason.strip()}"
        lines.append(line)
    head = f"Priority set from {APP_NAME}."
    return head + "\n" + "\n".join(f"- {line}" for line in lines)


def edit_transactions(keyword: str, comment: str) -> list[dict]:
    """maniphest.edit transactions: the priority as the server's keyword (never a number), and a comment."""
    return [{"type": "priority", "value": keyword}, {"type": "comment", "value": comment}]


class _Claimed(Exception):
    pass


def _claim(engine: Engine, ids: list[int], now: datetime) -> bool:
    """Mark a task's edits as being pushed, all or none, in one short transaction. False when another
    push holds (some of) them: the database lets only one of two simultaneous claims through."""
    e = priority_edits
    claimable = (e.c.state == PENDING) | ((e.c.state == PUSHING) & (e.c.pushed_at < now - STALE_PUSH))

    def work(conn: Connection) -> bool:
        claimed = conn.execute(update(e).where(e.c.id.in_(ids), claimable).values(state=PUSHING, pushed_at=now))
        if claimed.rowcount != len(ids):
            raise _Claimed  # roll back the part this push did claim
        return True

    try:
        return _run(engine, work)
    except _Claimed:
        return False


def _record_push(engine: Engine, ids: list[int], task_phid: str, viewer: Viewer, ok: bool, message: str,
                 now: datetime, new_value=None) -> None:
    """A push's result on its edits: pushed, or back to pending with the reason."""
    def work(conn: Connection) -> None:
        e = priority_edits
        values = {"push_result": message[:2000], "state": PENDING, "pushed_at": None}
        if ok:
            values.update(state=PUSHED, pushed_at=now)
        conn.execute(update(e).where(e.c.id.in_(ids), e.c.state.in_((PENDING, PUSHING))).values(**values))
        audit(conn, actor=viewer.name, entity=ENTITY_TASK, entity_key=task_phid,
              field="priority push" if ok else "priority push failed", old=None, new=new_value, reason=message[:500])

    _run(engine, work)


def push_pending(engine: Engine, conduit, viewer: Viewer, *, task_phids: list[str] | None = None,
                 now: datetime | None = None) -> list[PushOutcome]:
    """Push the pending changes (of `task_phids`, or all) with maniphest.edit, one call per task, and
    record each result on the edits. Conflicted tasks are not pushed (the PM decides first). A failed
    call leaves its edits pending with the error; a refused token stops the run (the rest would fail
    the same way), a task whose edit policy refuses the account does not (see _POLICY_REFUSAL).
    `conduit` is a lib.sync.conduit.Conduit."""
    _require_editor(viewer, "pushing changes to Phabricator")
    now = now or utcnow()
    pending = pending_changes(engine)
    if task_phids is not None:
        pending = pending[pending["task_phid"].isin(task_phids)]
    levels = reads.priorities(engine)
    names = dict(zip(levels["value"].astype(int), levels["name"]))
    keywords = dict(zip(levels["value"].astype(int), levels["keyword"]))
    outcomes: list[PushOutcome] = []
    stop: str | None = None
    try:
        asked = sorted(pending.loc[in_store(pending), "task_phid"].unique())
        live = live_priorities(conduit, asked) if asked else {}
    except SyncError as exc:
        message = f"not pushed: could not read the tasks' current state from Phabricator first ({exc})"
        return [PushOutcome(phid, None, tuple(int(i) for i in chain["id"]), SKIPPED, message)
                for phid, chain in pending.groupby("task_phid", sort=False)]
    for task_phid, chain in pending.sort_values("id").groupby("task_phid", sort=False):
        ids = [int(i) for i in chain["id"]]
        task_id = int(chain["task_id"].iloc[0]) if pd.notna(chain["task_id"].iloc[0]) else None
        target = int(chain["new_value"].iloc[-1])
        if task_id is None:
            outcomes.append(PushOutcome(task_phid, None, tuple(ids), SKIPPED, NOT_IN_STORE))
            continue
        if stop:
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), SKIPPED, stop))
            continue
        if chain["conflict"].any():
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), CONFLICT,
                                        "Phabricator changed this priority since: pick yours or theirs first."))
            continue
        if _changed_since_sync(chain, live.get(task_phid), target):
            value, modified = live[task_phid]
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), CONFLICT,
                                        f"Phabricator changed this priority at {modified:%Y-%m-%d %H:%M} UTC (now "
                                        f"{names.get(value, value)}), after the last sync: sync, then pick yours or "
                                        "theirs."))
            continue
        if not keywords.get(target):
            message = (f"push failed: priority value {target} is no longer one of the server's levels"
                       if target not in keywords else
                       f"push failed: {names.get(target, target)} cannot be set through the API (the server "
                       "gives it no keyword or has it disabled)")
            _record_push(engine, ids, task_phid, viewer, False, message, now)
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), FAILED, message))
            continue
        if not _claim(engine, ids, now):
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), SKIPPED,
                                        "not pushed: another editor's push of this task is under way"))
            continue
        # the edit that sets the target was sent before: claimed, or a call that failed ("push failed
        # at …"); not a check that refused to send ("push failed: … no longer one of the server's
        # levels"), and not an older edit of the chain (a newer one's reason was never posted)
        latest = chain.iloc[-1]
        tried = latest["state"] == PUSHING or str(latest["push_result"] or "").startswith(
            ("push failed at", "push interrupted"))
        if tried and live.get(task_phid, (None,))[0] == target:
            # Phabricator already holds the change after a push of these edits: one that stopped before
            # it could record its result, or one that answered an error (a timeout, a 5xx) after the
            # server had applied it, already posted the comment. Posting again would only repeat it.
            # (An edit never tried is posted, its reason with it, even when someone set the same value.)
            how = ("an unfinished push of these edits went through" if (chain["state"] == PUSHING).any() else
                   "an earlier push that reported a failure went through")
            message = (f"already {names.get(target, target)} in Phabricator: {how} (recorded by {viewer.name} at "
                       f"{now:%Y-%m-%d %H:%M} UTC, not posted again)")
            _record_push(engine, ids, task_phid, viewer, True, message, now, new_value=target)
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), PUSHED, message))
            continue
        comment = push_comment(chain, names)
        params = {"objectIdentifier": task_phid, "transactions": edit_transactions(keywords[target], comment)}
        try:
            # Not idempotent: a retried edit would post its comment twice.
            result = conduit.call("maniphest.edit", params, idempotent=False)
        except SyncError as exc:
            message = _push_failure(exc, now)
            _record_push(engine, ids, task_phid, viewer, False, message, now)
            outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), FAILED, message))
            if isinstance(exc, ConduitAuthError):
                stop = "not attempted: the token was refused (see the first failure)"
            continue
        except BaseException:
            _record_push(engine, ids, task_phid, viewer, False, "push interrupted: check the task on Phabricator "
                         "before pushing again (its comment may have been posted)", now)
            raise
        xacts = [t.get("phid") for t in (result or {}).get("transactions") or [] if isinstance(t, dict)]
        message = (f"pushed by {viewer.name} at {now:%Y-%m-%d %H:%M} UTC as {keywords[target]!r}"
                   f" ({len(xacts)} transaction(s): {', '.join(p for p in xacts if p) or 'no change needed'})")
        _record_push(engine, ids, task_phid, viewer, True, message, now, new_value=target)
        outcomes.append(PushOutcome(task_phid, task_id, tuple(ids), PUSHED, message))
    return outcomes


# Phorge refuses an edit the token's account may not make with a policy exception on the task itself
# (ERR-CONDUIT-CORE, "[Access Denied: T12] (Can Edit) You do not have permission to edit this object. //
# Administrators can take this action."). API tokens carry no scopes: what refuses is the task's edit
# policy against the account, so an account that may edit nothing on the board (a read-only bot) and one
# task locked down among editable ones get the same answer. Each task is therefore still tried; the
# message says what to check.
_POLICY_REFUSAL = re.compile(r"You do not have permission to (?:edit|interact with) this object", re.I)


def _push_failure(exc: SyncError, now: datetime) -> str:
    """What a failed maniphest.edit leaves on the edits: the server's answer, led by what to check
    when it is a policy refusal. Starts "push failed at" (see push_pending: a call that was sent)."""
    head = f"push failed at {now:%Y-%m-%d %H:%M} UTC: "
    if isinstance(exc, ConduitError) and _POLICY_REFUSAL.search(exc.info or ""):
        return (head + "Phabricator does not let the account of the dashboard's token (PHABRICATOR_TOKEN) edit "
                "this task. Check the task's edit policy, and that the token belongs to an account that may edit "
                "the board's tasks (a read-only bot's token cannot push). Phabricator said: " + exc.info)
    return head + str(exc)


def live_priorities(conduit, task_phids: list[str]) -> dict[str, tuple[int, datetime]]:
    """Each task's priority and modification time as Phabricator holds them right now (one
    maniphest.search, 100 tasks a page), so a push never overwrites a change the last sync missed."""
    found = conduit.search_all("maniphest.search", {"constraints": {"phids": list(task_phids)}})
    try:
        return {t["phid"]: (int(t["fields"]["priority"]["value"]), epoch_to_dt(t["fields"].get("dateModified")))
                for t in found}
    except (KeyError, TypeError, ValueError):
        raise MalformedAnswer("Conduit maniphest.search: a task without phid or priority value") from None


def _changed_since_sync(chain: pd.DataFrame, live: tuple[int, datetime] | None, target: int) -> bool:
    """Phabricator's priority moved after the store last saw the task, to something that is neither
    what the store saw nor what we want."""
    if live is None:
        return False
    value, modified = live
    stored_value, stored_modified = chain["remote_value"].iloc[-1], chain["remote_modified"].iloc[-1]
    if pd.isna(stored_value) or value in (int(stored_value), target):
        return False
    return pd.isna(stored_modified) or modified is None or modified > pd.Timestamp(stored_modified).to_pydatetime()


# --- sprint goals -----------------------------------------------------------------------------

def _goal_tuples(rows) -> list[tuple]:
    return [(int(r["rank"]), str(r["goal"]), r["epic_phid"] if isinstance(r["epic_phid"], str) and r["epic_phid"] else None)
            for r in rows]


@dataclass(frozen=True)
class GoalsSaved:
    rows: pd.DataFrame   # the goals as stored now
    changed: bool        # False: they were already so, nothing was written
    left_out: str = ""   # the rows with no goal text that were not kept, said for the editor ("" if none)


def save_sprint_goals(engine: Engine, *, sprint_phid: str, rows: pd.DataFrame, viewer: Viewer,
                      seen: pd.DataFrame | None = None, now: datetime | None = None) -> GoalsSaved:
    """Replace the sprint's ranked goals with what the editor typed (checked and cleaned by
    lib.roadmap.check_goals: rows with no goal text are left out and said so, two goals given one rank
    are refused) and audit the change. `seen` is the list the editor started from: if someone saved
    other goals meanwhile, nothing is written and EditRefused says so (the editor's typing stays in the
    form). `changed` is False when the goals were already so (nothing written, nothing audited)."""
    _require_editor(viewer, "changing sprint goals")
    check = check_goals(rows)
    if check.refusal:
        raise EditRefused(check.refusal)
    new = check.rows
    now = now or utcnow()

    def work(conn: Connection) -> GoalsSaved:
        g = sprint_goals
        # Take the write lock first (see record_edit), then compare with what the editor saw.
        conn.execute(update(g).where(g.c.sprint_phid == sprint_phid).values(sprint_phid=g.c.sprint_phid))
        current = conn.execute(select(g.c.rank, g.c.goal, g.c.epic_phid).where(g.c.sprint_phid == sprint_phid)
                               .order_by(g.c.rank)).mappings().all()
        if seen is not None and _goal_tuples(current) != _goal_tuples(seen.to_dict("records")):
            raise EditRefused("Someone else changed this sprint's goals meanwhile. Your text is still in the "
                              "form: reload the page to see theirs, then save again.")
        before, after = _goal_tuples(current), _goal_tuples(new.to_dict("records"))
        if before == after:
            return GoalsSaved(new, False, check.left_out)
        conn.execute(delete(g).where(g.c.sprint_phid == sprint_phid))
        if after:
            conn.execute(insert(g), [{"sprint_phid": sprint_phid, "rank": r, "goal": t, "epic_phid": e,
                                      "actor": viewer.name, "at": now} for r, t, e in after])
        audit(conn, actor=viewer.name, entity=ENTITY_SPRINT, entity_key=sprint_phid, field="goals",
              old=" | ".join(f"{r}. {t}" for r, t, _ in before) or None,
              new=" | ".join(f"{r}. {t}" for r, t, _ in after) or None)
        return GoalsSaved(new, True, check.left_out)

    return _run(engine, work)
