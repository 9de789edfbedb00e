"""The writes of the consultation screen: a feedback item, a CSV import, and theme -> goal/epic links.

Each is one short transaction that validates against what the store holds now (groups, channels,
fingerprints), writes the local table and an audit row per change. A refusal raises EditRefused with a
sentence for the screen; nothing is written then. A CSV import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from lib import consultation as rules
from lib.auth import Viewer
from lib.store import consultation_reads as creads
from lib.store.engine import utcnow
from lib.store.schema import feedback, goals, tasks, theme_links
from lib.store.writes import EditRefused, audit, run_edit

ENTITY_FEEDBACK, ENTITY_LINK = "feedback", "theme_link"


def _require_editor(viewer: Viewer) -> None:
    if not viewer.can_edit:
        raise EditRefused("Only editors can change consultation data.")


def _run(engine: Engine, work):
    try:
        return run_edit(engine, work)
    except IntegrityError:
        # Two editors saved the same item at once: the unique fingerprint stopped the second.
        raise EditRefused("This feedback was saved meanwhile by someone else (duplicate).") from None


def _vocab(conn: Connection) -> rules.Vocabulary:
    v = creads.vocabulary(conn)
    return rules.Vocabulary(v["groups"], v["channels"], v["steps"], v["themes"])


def _insert_item(conn: Connection, item: rules.FeedbackItem, viewer: Viewer, reason: str | None) -> int:
    new_id = conn.execute(insert(feedback).values(**item.as_row(), actor=viewer.name, at=utcnow())
                          ).inserted_primary_key[0]
    audit(conn, actor=viewer.name, entity=ENTITY_FEEDBACK, entity_key=str(new_id), field="created", old=None,
          new=f"{item.received_on:%Y-%m-%d} | {item.stakeholder_group} | {item.channel} | {item.theme}",
          reason=reason)
    return int(new_id)


def add_feedback(engine: Engine, raw: Mapping, *, viewer: Viewer, today: date) -> int:
    """Record one item from the form (keys: stakeholder_group, channel, step, theme, text, received_on).
    Returns its id; refuses invalid items and duplicates."""
    _require_editor(viewer)

    def work(conn: Connection) -> int:
        vocab = _vocab(conn)
        if not vocab.groups or not vocab.channels:
            raise EditRefused("No stakeholder groups or channels are synced yet: sync the consultation page first.")
        item, errors = rules.validate_feedback(raw, vocab, today)
        if errors:
            raise EditRefused("Not saved: " + "; ".join(errors) + ".")
        if item.fingerprint in creads.fingerprints(conn):
            raise EditRefused("Not saved: the same feedback (group, channel, date and text) is already in the log.")
        return _insert_item(conn, item, viewer, reason="entered with the form")

    return _run(engine, work)


def import_feedback_csv(engine: Engine, data: bytes, *, viewer: Viewer, today: date,
                        source: str = "upload") -> rules.ImportReport:
    """Validate every row of a CSV and, only when no row is bad, store the new ones (duplicates skipped).
    The report says what happened: `imported` is 0 whenever `ok` is False."""
    _require_editor(viewer)

    def work(conn: Connection) -> rules.ImportReport:
        vocab = _vocab(conn)
        report = rules.validate_import(data, vocab, creads.fingerprints(conn), today)
        if not vocab.groups or not vocab.channels:
            report.file_error = report.file_error or (
                "no stakeholder groups or channels are synced yet: sync the consultation page first")
        if not report.ok:
            return report
        reason = f"CSV import of {source}"[:500]
        for item in report.items:
            _insert_item(conn, item, viewer, reason=reason)
        report.imported = len(report.items)
        return report

    return _run(engine, work)


def link_theme(engine: Engine, *, theme: str, target_kind: str, target_key: str, viewer: Viewer) -> None:
    """Say that a goal or an epic answers a theme of the feedback."""
    _require_editor(viewer)

    def work(conn: Connection) -> None:
        themes = creads.vocabulary(conn)["themes"]
        goal_keys = list(conn.execute(select(goals.c.goal_key)).scalars())
        epic_keys = list(conn.execute(select(tasks.c.phid).where(tasks.c.is_epic == True)).scalars())  # noqa: E712
        problem = rules.link_problem(theme, target_kind, target_key, themes, goal_keys, epic_keys)
        if problem:
            raise EditRefused(problem)
        canonical = rules.match_name(theme, themes)
        exists = conn.execute(select(theme_links.c.theme).where(
            theme_links.c.theme == canonical, theme_links.c.target_kind == target_kind,
            theme_links.c.target_key == target_key)).first()
        if exists:
            raise EditRefused("That link already exists.")
        conn.execute(insert(theme_links).values(theme=canonical, target_kind=target_kind, target_key=target_key,
                                                actor=viewer.name, at=utcnow()))
        audit(conn, actor=viewer.name, entity=ENTITY_LINK, entity_key=canonical, field=target_kind,
              old=None, new=target_key)

    _run(engine, work)


def unlink_theme(engine: Engine, *, theme: str, target_kind: str, target_key: str, viewer: Viewer) -> None:
    """Remove one theme link."""
    _require_editor(viewer)

    def work(conn: Connection) -> None:
        gone = conn.execute(delete(theme_links).where(
            theme_links.c.theme == theme, theme_links.c.target_kind == target_kind,
            theme_links.c.target_key == target_key)).rowcount
        if not gone:
            raise EditRefused("That link was already removed.")
        audit(conn, actor=viewer.name, entity=ENTITY_LINK, entity_key=theme, field=target_kind,
              old=target_key, new=None)

    _run(engine, work)
