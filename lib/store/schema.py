"""The data model: one SQLAlchemy Core table per entity.

Three families of tables, kept apart on purpose:
- mirrors of Phabricator and the wiki, which the sync replaces inside one transaction per run;
- history (`task_snapshots`, `sync_runs`), which the sync only appends to;
- local data (edits, availability, feedback, audit), which no sync ever writes.

All timestamps are naive UTC datetimes; dates are calendar dates.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

PHID = String(64)

# --- Phabricator mirror -------------------------------------------------------------------------

priorities = Table(
    "priorities",
    metadata,
    Column("value", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("short", String(100)),
    Column("color", String(40)),
    Column("keyword", String(100), nullable=False, doc="first keyword: what maniphest.edit accepts"),
)

statuses = Table(
    "statuses",
    metadata,
    Column("value", String(64), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("is_closed", Boolean, nullable=False),
    Column("special", String(32), doc="the config's own mark: default, closed (done), duplicate"),
)

users = Table(
    "users",
    metadata,
    Column("phid", PHID, primary_key=True),
    Column("username", String(255), nullable=False),
    Column("real_name", String(255)),
    Column("roles", String(255), doc="comma-separated Phabricator account roles"),
)

projects = Table(
    "projects",
    metadata,
    Column("phid", PHID, primary_key=True),
    Column("id", Integer, nullable=False),
    Column("name", String(255), nullable=False),
    Column("slug", String(255)),
    Column("parent_phid", PHID),
    Column("milestone", Integer, doc="milestone number; NULL for the board itself"),
    Column("status", String(40)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("dates_from", String(40), doc="'custom field', 'name' or 'cadence'"),
    Column("date_modified", DateTime),
)

board_columns = Table(
    "board_columns",
    metadata,
    Column("phid", PHID, primary_key=True),
    Column("id", Integer, nullable=False),
    Column("project_phid", PHID, nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("proxy_phid", PHID, doc="milestone the column stands for, if any"),
    Column("sequence", Integer),
    Column("is_hidden", Boolean, nullable=False, default=False),
    Column("is_default", Boolean, nullable=False, default=False),
)

# Screens read the whole board at once, so tasks has no index beyond its keys: each one would
# only slow the sync's write of every task (by ~20 ms per index at 20,000 tasks).
tasks = Table(
    "tasks",
    metadata,
    Column("phid", PHID, primary_key=True),
    Column("id", Integer, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("status", String(64), nullable=False),
    Column("status_name", String(100)),
    Column("is_closed", Boolean, nullable=False),
    Column("priority_value", Integer),
    Column("priority_name", String(100)),
    Column("points", Float),
    Column("owner_phid", PHID),
    Column("author_phid", PHID),
    Column("subtype", String(64)),
    Column("is_epic", Boolean, nullable=False, default=False),
    Column("sprint_phid", PHID, doc="the sprint milestone the task is in, if any"),
    Column("column_phid", PHID, doc="column on the team's main board (a sprint's proxy column when in a sprint)"),
    Column("sprint_column_phid", PHID, doc="column on the sprint's own board"),
    Column("date_created", DateTime),
    Column("date_modified", DateTime),
    Column("date_closed", DateTime),
    Column("on_board", Boolean, nullable=False, default=True),
    Column("left_board_at", DateTime),
)

task_projects = Table(
    "task_projects",
    metadata,
    Column("task_phid", PHID, ForeignKey("tasks.phid", ondelete="CASCADE"), primary_key=True),
    Column("project_phid", PHID, primary_key=True),
)

task_columns = Table(
    "task_columns",
    metadata,
    Column("task_phid", PHID, ForeignKey("tasks.phid", ondelete="CASCADE"), primary_key=True),
    Column("board_phid", PHID, primary_key=True),
    Column("column_phid", PHID, nullable=False),
)

task_edges = Table(
    "task_edges",
    metadata,
    Column("parent_phid", PHID, primary_key=True),
    Column("child_phid", PHID, primary_key=True),
    Index("ix_task_edges_child", "child_phid"),
)

# --- history ------------------------------------------------------------------------------------

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False, doc="full, incremental or demo"),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("outcome", String(20), nullable=False, doc="running, success or failed"),
    Column("error", Text),
    Column("requests", Integer, nullable=False, default=0),
    Column("counts", Text, doc="JSON object: what was fetched and written"),
    Column("high_water_mark", Integer, doc="max task dateModified seen (epoch seconds)"),
    Column("started_by", String(255), doc="'cli', 'demo', or the editor who pressed Sync now"),
    # At most one run is running: two that start at one moment cannot both pass the check for it.
    Index("ux_sync_runs_one_running", "outcome", unique=True,
          sqlite_where=text("outcome = 'running'"), postgresql_where=text("outcome = 'running'")),
)

task_snapshots = Table(
    "task_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("sync_runs.id"), nullable=False),
    Column("observed_at", DateTime, nullable=False),
    Column("task_phid", PHID, nullable=False),
    Column("status", String(64)),
    Column("is_closed", Boolean),
    Column("priority_value", Integer),
    Column("priority_name", String(100)),
    Column("points", Float),
    Column("owner_phid", PHID),
    Column("column_phid", PHID),
    Column("sprint_phid", PHID),
    Column("on_board", Boolean, nullable=False),
    Index("ix_task_snapshots_task", "task_phid", "observed_at"),
    Index("ix_task_snapshots_observed_at", "observed_at"),
)

# --- wiki mirror --------------------------------------------------------------------------------

wiki_pages = Table(
    "wiki_pages",
    metadata,
    Column("kind", String(40), primary_key=True, doc="team, goals, process or consultation"),
    Column("title", String(255), nullable=False),
    Column("revid", Integer, nullable=False),
    Column("revision_timestamp", String(40)),
    Column("fetched_at", DateTime, nullable=False),
    Column("parsed_with", String(40),
           doc="the version of the page parsers that read it: another makes the next run read it again"),
)

team_members = Table(
    "team_members",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("role", String(255), nullable=False),
    Column("position", Integer, nullable=False),
    Column("user_phid", PHID, doc="matched Phabricator account, if any"),
)

role_responsibilities = Table(
    "role_responsibilities",
    metadata,
    Column("role", String(255), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("responsibility", Text, nullable=False),
)

daci = Table(
    "daci",
    metadata,
    Column("category", String(255), nullable=False),
    Column("decision", String(255), primary_key=True),
    Column("role", String(255), primary_key=True),
    Column("assignment", String(40), nullable=False,
           doc="Driver, Approver, Consulted or Informed; two joined by / when a cell gives both"),
    Column("position", Integer, nullable=False, doc="the decision's row in the wiki's matrix"),
    Column("role_position", Integer, doc="the role's column in the wiki's matrix"),
)

column_guide = Table(
    "column_guide",
    metadata,
    Column("board", String(40), primary_key=True, doc="workboard or sprint"),
    Column("column_name", String(255), primary_key=True),
    Column("what", Text),
    Column("who_moves", Text),
    Column("position", Integer, nullable=False),
)

meeting_rituals = Table(
    "meeting_rituals",
    metadata,
    Column("position", Integer, primary_key=True, doc="the ritual's row on the team page"),
    Column("ritual", String(255), nullable=False),
    Column("how", Text),
    Column("who", Text),
    Column("what", Text),
    Column("cadence", String(255), doc="when it happens, as the wiki says it ('Weekly on Mondays 2pm UTC')"),
)

programs = Table(
    "programs",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("owners", String(255), doc="owner initials as on the process page"),
    Column("group_name", String(255)),
)

goals = Table(
    "goals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(40), nullable=False),
    Column("program", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("goal_key", String(255), nullable=False, doc="quarter|program|normalised title: stable across syncs"),
    Column("owner", String(255)),
    Column("stage", String(40), nullable=False),
    Column("outcome", Text),
    Column("dependencies", Text),
    Column("dependencies_confirmed", Boolean),
    Column("results", Text),
    Column("deployment_dates", Text, doc="dates of planned deployments named in the goal, ISO, comma-separated"),
    Column("position", Integer, nullable=False),
    UniqueConstraint("goal_key"),
)

timeline = Table(
    "timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quarter", String(40), nullable=False),
    Column("position", Integer, nullable=False),
    Column("dates_text", String(255)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("who", String(255)),
    Column("activity", Text, nullable=False),
    Column("deliverable", Text),
    Column("deadline_text", String(255)),
    Column("deadline", Date),
    Column("done", Boolean, nullable=False, default=False),
)

no_deploy_weeks = Table(
    "no_deploy_weeks",
    metadata,
    Column("quarter", String(40), primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("reason", String(255)),
)

consultation_phases = Table(
    "consultation_phases",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("objectives", Text, doc="one objective per line"),
)

consultation_steps = Table(
    "consultation_steps",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("phase", String(255)),
    Column("activity", Text, nullable=False),
    Column("status", String(40), nullable=False, doc="done, in progress or not started"),
    Column("status_date", Date),
    Column("status_text", Text),
)

stakeholder_groups = Table(
    "stakeholder_groups",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("position", Integer, nullable=False),
)

consultation_channels = Table(
    "consultation_channels",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("position", Integer, nullable=False),
)

consultation_roles = Table(
    "consultation_roles",
    metadata,
    Column("team", String(40), primary_key=True, doc="core or executive"),
    Column("role", String(255), primary_key=True),
    Column("task", Text),
    Column("names", Text, doc="comma-separated"),
    Column("position", Integer, nullable=False),
)

# --- local data: never written by a sync -------------------------------------------------------

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(255), nullable=False),
    Column("entity", String(60), nullable=False),
    Column("entity_key", String(255), nullable=False),
    Column("field", String(60), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("reason", Text),
)

priority_edits = Table(
    "priority_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_phid", PHID, nullable=False, index=True),
    Column("old_value", Integer),
    Column("new_value", Integer, nullable=False),
    Column("reason", Text),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("based_on_modified", DateTime, doc="the task's remote dateModified the edit was made against"),
    Column("state", String(20), nullable=False,
           doc="pending, pushing (claimed by a push under way), pushed, failed, conflict, discarded"),
    Column("pushed_at", DateTime),
    Column("push_result", Text),
)

sprint_goals = Table(
    "sprint_goals",
    metadata,
    Column("sprint_phid", PHID, primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("goal", Text, nullable=False),
    Column("epic_phid", PHID),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
)

availability = Table(
    "availability",
    metadata,
    Column("sprint_phid", PHID, primary_key=True),
    Column("person", String(255), primary_key=True),
    Column("days_off", Float, nullable=False, default=0),
    Column("share", Float, nullable=False, default=1.0, doc="share of time on this team, 0..1"),
    Column("buffer", Float, nullable=False, default=0.0, doc="share kept for interrupt work, 0..1"),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
)

goal_stage_edits = Table(
    "goal_stage_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("goal_key", String(255), nullable=False, index=True),
    Column("old_stage", String(40), nullable=False),
    Column("new_stage", String(40), nullable=False),
    Column("based_on_revid", Integer, doc="wiki revision of the goals page the edit was made against"),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("state", String(20), nullable=False, doc="local, seen, conflict, resolved (lib.stages)"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stakeholder_group", String(255), nullable=False),
    Column("channel", String(255), nullable=False),
    Column("step", Text),
    Column("theme", String(255), nullable=False),
    Column("text", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("fingerprint", String(64), nullable=False, unique=True, doc="hash for duplicate detection"),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
)

theme_links = Table(
    "theme_links",
    metadata,
    Column("theme", String(255), primary_key=True),
    Column("target_kind", String(20), primary_key=True, doc="goal or epic"),
    Column("target_key", String(255), primary_key=True),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
)

forecasts = Table(
    "forecasts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", DateTime, nullable=False),
    Column("epic_phid", PHID, nullable=False, index=True),
    Column("remaining_points", Float),
    Column("p50_date", Date),
    Column("p85_date", Date),
    Column("method", Text),
)

MIRROR_TABLES = (
    priorities, statuses, users, projects, board_columns, tasks, task_projects, task_columns, task_edges,
    wiki_pages, team_members, role_responsibilities, daci, column_guide, programs, goals, timeline,
    no_deploy_weeks, consultation_phases, consultation_steps, stakeholder_groups, consultation_channels,
    consultation_roles, meeting_rituals,
)
LOCAL_TABLES = (
    audit_log, priority_edits, sprint_goals, availability, goal_stage_edits, feedback, theme_links, forecasts,
)
