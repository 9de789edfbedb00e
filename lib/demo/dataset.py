"""The data the fake Conduit serves: deterministic (seeded) generators and their JSON files.

`demo_dataset(today)` simulates the Community Tech team (seeds/000) over the last six months:
epics and their subtasks, triage, Wednesday estimation, two-week sprints planned on Mondays,
work moving across the sprint board, carry-overs, walk-on work, closures, and a few tasks frozen,
declined or handed to another team. Every change is a transaction with its date, so the fake can
answer as of any past moment and the demo store gets true history from weekly syncs.

`synthetic_dataset(n_tasks)` is the same shape, cheap, for the benchmark.

`python -m lib.demo.dataset` rewrites data/demo/conduit/ (with today = 2026-11-24).

Dataset shape (all dates epoch seconds):
  meta: today, today_epoch, board_slug, api_user_phid, sprint_cadence_start, sprint_length_days
  priorities: [{value, name, short, color, keywords}], statuses: [{value, name, closed, special?}]
  users: [{id, phid, username, realName, roles, dateCreated, dateModified}]
  projects: [{id, phid, name, slug, milestone, parent, icon, color, subtype, description, dateCreated,
              archivedAt, custom, members}]
  columns: [{id, phid, project, name, proxy, sequence, hidden, default, dateCreated}]
  tasks: [{id, phid, authorPHID, dateCreated, subtype, xactions: [{id, phid, date, author, group, type,
           new | ops | text}]}]    (type: create, title, description, status, priority, owner, points,
                                   projects, core:columns, comment, edge)
  edges: [{src, dst, date, seq}]   (src = parent task, dst = subtask)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from lib.demo.conduit_fake import group_id, make_phid

DEMO_TODAY = date(2026, 11, 24)
DEMO_FOLDER = Path(__file__).resolve().parent.parent.parent / "data" / "demo" / "conduit"
FILES = ("meta", "priorities", "statuses", "users", "projects", "columns", "tasks", "edges")

PRIORITIES = [
    {"value": 100, "name": "Unbreak Now!", "short": "Unbreak!", "color": "pink", "keywords": ["unbreak"]},
    {"value": 90, "name": "Needs Triage", "short": "Triage", "color": "violet", "keywords": ["triage"]},
    {"value": 80, "name": "High", "short": "High", "color": "red", "keywords": ["high"]},
    {"value": 50, "name": "Medium", "short": "Medium", "color": "orange", "keywords": ["medium"]},
    {"value": 25, "name": "Low", "short": "Low", "color": "yellow", "keywords": ["low"]},
    {"value": 10, "name": "Lowest", "short": "Lowest", "color": "sky", "keywords": ["lowest"]},
]
STATUSES = [
    {"value": "open", "name": "Open", "closed": False, "special": "default"},
    {"value": "stalled", "name": "Stalled", "closed": False},
    {"value": "resolved", "name": "Resolved", "closed": True, "special": "closed"},
    {"value": "declined", "name": "Declined", "closed": True},
    {"value": "invalid", "name": "Invalid", "closed": True},
    {"value": "duplicate", "name": "Duplicate", "closed": True, "special": "duplicate"},
]
# (real name, username, role) from seeds/000, plus people outside the team and the dashboard's bot.
ROSTER = [
    ("Jack Wheeler", "JWheeler-WMF", "pm"), ("Karolin Siebert", "KSiebert-WMF", "em"),
    ("Dayllan Maza", "DMaza-WMF", "lead"), ("Sandister Tei", "STei-WMF", "comms"),
    ("MusikAnimal", "MusikAnimal", "eng"), ("Harumi Monroy", "HMonroy-WMF", "eng"),
    ("Sam Wilson", "Samwilson", "eng"), ("Sammy Tarling", "STarling-WMF", "eng"),
    ("Dom Walden", "DWalden-WMF", "qa"), ("Joydeep Sengupta", "JSengupta-WMF", "ux"),
]
OUTSIDERS = [("Lena Okafor", "Wikiwalker"), ("Tomás Reyes", "TemplateTinkerer"), ("Priya Nair", "PatrolPal"),
             ("Ingrid Holm", "GadgetGnome")]
BOT = ("Leads Planning Dashboard", "LeadsDashboardBot")
BOARD_COLUMNS = ["Following", "Freezer", "New & TBD", "Needs Discussion", "Maintenance Backlog", "CommTech Backlog",
                 "Epics", "Estimated"]
SPRINT_COLUMNS = ["Ready for development", "Goals and epics", "In Development", "Review/Feedback", "QA", "Done"]
FIBONACCI = [(1, 10), (2, 20), (3, 30), (5, 24), (8, 11), (13, 5)]
ICON_GROUP = {"key": "group", "name": "Group", "icon": "fa-users"}
ICON_MILESTONE = {"key": "milestone", "name": "Milestone", "icon": "fa-map-marker"}
ICON_PROJECT = {"key": "project", "name": "Project", "icon": "fa-briefcase"}
ICON_TAG = {"key": "tag", "name": "Tag", "icon": "fa-tags"}
SPRINT_ONE = date(2024, 4, 8)  # CommTech-Sprint-1 began on this Monday; sprints are 14 days
SPRINT_DAYS = 14

# Epics: key, title, kind (subtype / tag / column), first and last focus sprint, created, extra project, lead.
EPICS = [
    ("edit-recovery", "Edit Recovery: deploy to all wikis", "subtype", 56, 59, date(2026, 2, 10), None, "Samwilson"),
    ("multiblocks", "Multiblocks: multiple simultaneous blocks", "subtype", 56, 62, date(2026, 3, 2), None,
     "MusikAnimal"),
    ("wishlist-intake", "Community Wishlist: new intake and focus areas", "tag", 57, 69, date(2026, 4, 13), None,
     "HMonroy-WMF"),
    ("codemirror", "CodeMirror 6: migrate the syntax highlighter", "subtype", 59, 66, date(2026, 5, 20),
     "codemirror", "MusikAnimal"),
    ("copypatrol", "CopyPatrol: rewrite for Toolforge", "column", 61, 67, date(2026, 6, 15), "copypatrol",
     "STarling-WMF"),
    ("favourite-templates", "Favourite templates in the template dialog", "subtype", 64, 70, date(2026, 7, 20),
     None, "Samwilson"),
    ("watchlist-labels", "Watchlist labels", "tag", 66, 71, date(2026, 8, 24), None, "HMonroy-WMF"),
    ("banners", "Translatable banners: CentralNotice without the hacks", "column", 69, 72, date(2026, 10, 5),
     None, "STarling-WMF"),
]
SUBTASK_TITLES = {
    "edit-recovery": ["Restore unsaved edits after a browser crash", "Show the recovery notice in VisualEditor",
                      "Expire stored drafts after 30 days", "Add the Edit Recovery preference to Special:Preferences",
                      "Handle drafts for sections that were renamed", "Do not store drafts for read-only wikis",
                      "Log recovery events for the metrics dashboard", "Write the help page for Edit Recovery",
                      "Announce the deployment on the village pumps", "Fix draft loss when switching editors",
                      "Support Edit Recovery on the mobile editor", "Respect $wgEditRecoveryExpiry on all wikis",
                      "Clear drafts after a successful save", "QA: recover drafts across tabs"],
    "multiblocks": ["Allow several active blocks per user", "Special:Block: list existing blocks of the target",
                    "Special:BlockList: show each block separately", "API: add id parameter to action=unblock",
                    "Block log entries name the block id", "Migrate ipblocks to block and block_target",
                    "Update Special:Unblock for multiple blocks", "Notify admins when a user has overlapping blocks",
                    "Handle partial and sitewide blocks together", "Update Checkuser for multiblocks",
                    "Document multiblocks on mediawiki.org", "Feature flag $wgEnableMultiBlocks per wiki",
                    "QA: multiblocks on the beta cluster", "Fix autoblock expiry with multiple blocks"],
    "wishlist-intake": ["Design the wish intake form", "Build Special:WishlistIntake",
                        "Store wishes as structured data", "Focus area pages: template and layout",
                        "Voting on focus areas", "Translate the intake form", "Dashboard of wishes by status",
                        "Migrate 2025 survey wishes into the new system", "Notify proposers when a wish changes status",
                        "Accessibility review of the intake form", "Moderation tools for submitted wishes",
                        "Community consultation on the intake process", "Usability test: intake form round 2"],
    "codemirror": ["Upgrade the CodeMirror extension to CodeMirror 6", "Port the MediaWiki syntax mode",
                   "Bracket matching in wikitext", "Line numbering for the 2017 wikitext editor",
                   "Code folding for templates", "Search and replace panel", "Preferences: syntax highlight colours",
                   "Right-to-left support in CodeMirror 6", "Performance: large pages over 1 MB",
                   "Linting for unclosed tags", "Autocompletion of template names", "Keyboard shortcut help",
                   "QA: CodeMirror 6 on group 0 wikis", "Dark mode colours for syntax highlighting"],
    "copypatrol": ["Port CopyPatrol to Symfony 7", "Move the database to ToolsDB", "OAuth login with Meta",
                   "Review queue filters by WikiProject", "Show the iThenticate report inline",
                   "Fix timeouts on the review page", "Add Spanish and French wikis", "Update the bot for the new API",
                   "Accessibility fixes in the review list", "Daily statistics of reviewed cases",
                   "Migrate cron jobs to Toolforge jobs", "Document the review workflow"],
    "favourite-templates": ["Star a template in the template dialog", "Store favourite templates per user",
                            "Show favourites in VisualEditor's template search", "Limit favourites to 100 templates",
                            "Design: empty state for favourites", "API: list and edit favourite templates",
                            "TemplateData: show favourites first", "Usability test with template-heavy editors",
                            "Instrument favourite template usage", "QA: favourites in the 2010 wikitext editor"],
    "watchlist-labels": ["Label pages on Special:EditWatchlist", "Filter Special:Watchlist by label",
                         "Database table for watchlist labels", "API: manage watchlist labels",
                         "Design: label chips and colours", "Limit labels per user", "Labels in the mobile watchlist",
                         "Migrate watchlist expiry to work with labels", "QA: labels with thousands of pages",
                         "Help page for watchlist labels"],
    "banners": ["Design: translatable banner editor", "Store banner messages as translatable units",
                "Preview banners in every language", "Migrate existing banners", "Spike: CentralNotice hooks",
                "Permissions for banner translators"],
}
MAINTENANCE = ["Upgrade to PHP 8.3 on Toolforge tools", "Remove deprecated hooks from PageTriage",
               "Fix flaky Selenium test in WikimediaMessages", "Update npm dependencies (security)",
               "Replace jQuery.ajax in the Edit Recovery module", "Drop support for IE 11 in gadgets code",
               "XTools: timeout on Edit Counter for large accounts", "Move CI to the new Docker images",
               "Fix PHPUnit deprecations in CommunityConfiguration", "Speed up the wishlist bot",
               "Rotate the Toolforge tool credentials", "Archive unmaintained tools", "Migrate Grafana dashboards",
               "Sort Special:Contributions by namespace", "Fix mixed content warnings on Wikimedia Commons tool",
               "Investigate flaky CI for CopyPatrol", "Global preferences: sync gadget settings",
               "Mass message: preview before send", "Dark mode: fix contrast in diff view",
               "Improve autopatrol performance", "Talk pages: reply tool fails on LQT archives",
               "Update the team's runbook for deployments", "Remove the old wishlist survey bot",
               "Fix PHP warnings in SpecialWishlist", "Reduce memory use of the pageviews tool"]
BUGS = ["Edit Recovery notice shows twice", "Blank page on Special:BlockList with many blocks",
        "CodeMirror loses cursor after undo", "CopyPatrol login loop", "Wish intake form fails on Safari",
        "Favourite star missing in dark mode", "Watchlist label filter drops the last page",
        "Fatal error when unblocking an IP range", "Template dialog freezes with 500 favourites",
        "Syntax highlighting breaks on <nowiki>", "Drafts are restored to the wrong page",
        "Special:WishlistIntake shows raw message keys", "CopyPatrol shows deleted revisions",
        "Multiblocks: block log shows wrong expiry", "Edit Recovery stores drafts of read-only pages"]
FOLLOWING = ["Parsoid read views on all wikis", "Vector 2022: sticky header overlaps notices",
             "Train blockers for 1.46.0-wmf.3", "Temporary accounts: rollout plan",
             "Upgrade Toolforge Kubernetes", "Codex: new TypeaheadSearch component",
             "CentralAuth: session handling changes", "Deprecate the old parser cache keys",
             "MediaWiki 1.46 release notes", "Jobqueue delays on Commons", "Reference previews for mobile",
             "OAuth 2 for tools", "Moving gadgets to ResourceLoader modules", "Remove the old wikitext editor toolbar"]
FREEZER = ["Rewrite the Pageviews tool in Vue", "Support Edit Recovery in DiscussionTools",
           "Global watchlist", "Per-page watchlist notification settings", "Rewrite Wikiloves in PHP 8",
           "Offline mode for the intake form", "Multiblocks: bulk unblock tool", "Keyboard-only CodeMirror tour"]


def epoch(d: date | datetime, hour: float = 0.0) -> int:
    if isinstance(d, datetime):
        return int(d.replace(tzinfo=timezone.utc).timestamp())
    dt = datetime.combine(d, time(0, 0), tzinfo=timezone.utc) + timedelta(hours=hour)
    return int(dt.timestamp())


def workday(t: int) -> int:
    """Move a time on a weekend to the Monday after (same hour)."""
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    if dt.weekday() >= 5:
        dt += timedelta(days=7 - dt.weekday())
    return int(dt.timestamp())


def sprint_start(number: int) -> date:
    return SPRINT_ONE + timedelta(days=SPRINT_DAYS * (number - 1))


class Builder:
    """Collects users, projects, columns, tasks and their changes; `finish()` gives the dataset with
    transaction ids assigned in time order (as a real server's are)."""

    def __init__(self, today: date, seed: int):
        self.rng = random.Random(seed)
        self.today = today
        self.today_epoch = epoch(today, 12)
        self.users: list[dict] = []
        self.by_name: dict[str, dict] = {}
        self.projects: list[dict] = []
        self.columns: list[dict] = []
        self.tasks: list[dict] = []
        self.edges: list[dict] = []
        self.column_id = 31000
        self.project_id = 7000

    def user(self, real: str, username: str, roles: list[str], created: int) -> dict:
        u = {"id": len(self.users) + 11, "phid": make_phid("USER", username), "username": username, "realName": real,
             "roles": roles, "dateCreated": created, "dateModified": created}
        self.users.append(u)
        self.by_name[username] = u
        return u

    def project(self, name: str, slug: str | None, created: int, *, pid: int | None = None, parent: dict | None = None,
                milestone: int | None = None, icon=ICON_GROUP, color=("blue", "Blue"), description: str = "",
                custom: dict | None = None, archived: int | None = None, members=()) -> dict:
        if pid is None:
            self.project_id += self.rng.randint(3, 40)
            pid = self.project_id
        p = {"id": pid, "phid": make_phid("PROJ", f"{name}"), "name": name, "slug": slug, "milestone": milestone,
             "parent": parent["phid"] if parent else None, "icon": dict(icon),
             "color": {"key": color[0], "name": color[1]}, "subtype": "default", "description": description,
             "dateCreated": created, "archivedAt": archived, "custom": custom or {}, "members": list(members)}
        self.projects.append(p)
        return p

    def column(self, project: dict, name: str, sequence: int, created: int, *, proxy: dict | None = None,
               default: bool = False, hidden: bool = False) -> dict:
        self.column_id += self.rng.randint(1, 9)
        c = {"id": self.column_id, "phid": make_phid("PCOL", f"{project['name']}/{name}"), "project": project["phid"],
             "name": name, "proxy": proxy["phid"] if proxy else None, "sequence": sequence, "hidden": hidden,
             "default": default, "dateCreated": created}
        self.columns.append(c)
        return c

    def task(self, key: str, created: int, author: str, title: str, *, priority: int, projects: list[str],
             owner: str | None = None, points=None, subtype: str = "default", description: str | None = None,
             column: dict | None = None, status: str = "open") -> dict:
        t = {"key": key, "phid": make_phid("TASK", key), "authorPHID": author, "dateCreated": created,
             "subtype": subtype, "events": [], "title": title}
        self.tasks.append(t)
        desc = description or f"{title}.\n\n**Acceptance criteria**\n- works on all supported browsers\n- tested on beta"
        self.event(t, created, author, "create")
        self.event(t, created, author, "title", new=title)
        self.event(t, created, author, "description", new=desc)
        self.event(t, created, author, "status", new=status)
        self.event(t, created, author, "priority", new=priority)
        if owner:
            self.event(t, created, author, "owner", new=owner)
        if points is not None:
            self.event(t, created, author, "points", new=str(points))
        self.event(t, created, author, "projects", ops=[{"operation": "add", "phid": p} for p in projects])
        if column is not None:
            self.event(t, created, author, "core:columns",
                       new=[{"columnPHID": column["phid"], "boardPHID": column["project"]}])
        return t

    def event(self, task: dict, when: int, author: str, kind: str, **payload) -> None:
        if when > self.today_epoch:
            return  # the future has not happened yet
        task["events"].append({"date": int(when), "author": author, "type": kind, **payload})

    def edge(self, parent: dict, child: dict, when: int, author: str) -> None:
        if when > self.today_epoch:
            return
        self.edges.append({"src": parent["phid"], "dst": child["phid"], "date": int(when), "seq": len(self.edges) + 1})
        self.event(parent, when, author, "edge")

    def finish(self, meta: dict, first_task_id: int = 398000, gaps: tuple[int, int] = (3, 60)) -> dict:
        tasks = sorted((t for t in self.tasks if t["dateCreated"] <= self.today_epoch),
                       key=lambda t: (t["dateCreated"], t["key"]))
        ids, next_id = {}, first_task_id
        for t in tasks:
            next_id += 1 if gaps == (1, 1) else self.rng.randint(*gaps)  # other teams file tasks in between
            ids[t["key"]] = next_id
        alive = {t["phid"] for t in tasks}
        everything = [(e["date"], ids[t["key"]], n, t, e) for t in tasks for n, e in enumerate(t["events"])]
        everything.sort(key=lambda r: r[:3])
        out_tasks = {t["key"]: {"id": ids[t["key"]], "phid": t["phid"], "authorPHID": t["authorPHID"],
                                "dateCreated": t["dateCreated"], "subtype": t["subtype"], "xactions": []}
                     for t in tasks}
        xid = 8_100_000
        groups: dict = {}
        fixed = gaps == (1, 1)
        for when, tid, _n, t, e in everything:
            xid += 1 if fixed else self.rng.randint(1, max(1, gaps[1] // 2))
            group = groups.get((tid, when))
            if group is None:
                group = groups[(tid, when)] = group_id(f"{tid}:{when}")
            x = {"id": xid, "phid": make_phid("XACT-TASK", xid, 15), "date": when, "author": e["author"],
                 "group": group, **{k: v for k, v in e.items() if k not in ("date", "author")}}
            out_tasks[t["key"]]["xactions"].append(x)
        edges = [e for e in self.edges if e["src"] in alive and e["dst"] in alive]
        return {"meta": meta, "priorities": [dict(p) for p in PRIORITIES], "statuses": [dict(s) for s in STATUSES],
                "users": self.users, "projects": self.projects, "columns": self.columns,
                "tasks": sorted(out_tasks.values(), key=lambda t: t["id"]), "edges": edges}


SUBTASK_COUNT = {"edit-recovery": 28, "multiblocks": 36, "wishlist-intake": 40, "codemirror": 38, "copypatrol": 34,
                 "favourite-templates": 30, "watchlist-labels": 26, "banners": 14}
VARIANTS = ["{t}: follow-up", "{t} on mobile", "Tests for: {l}", "Regression: {l}", "{t} (accessibility)",
            "Spike: {l}", "Design review: {l}", "{t} for RTL languages", "Instrument: {l}", "Documentation: {l}"]


def _subtask_titles(key: str, rng: random.Random) -> list[str]:
    """The epic's listed subtasks, then follow-ups of them up to the epic's size."""
    base = SUBTASK_TITLES[key]
    titles, seen = list(base), set(base)
    while len(titles) < SUBTASK_COUNT[key]:
        t = rng.choice(base)
        title = rng.choice(VARIANTS).format(t=t, l=t[0].lower() + t[1:])
        if title not in seen:
            seen.add(title)
            titles.append(title)
    return titles


def _team(b: Builder, long_ago: int) -> dict[str, dict]:
    for real, username, role in ROSTER:
        roles = ["verified", "approved", "activated"] + (["admin"] if role == "em" else [])
        b.user(real, username, roles, long_ago + b.rng.randint(0, 10**7))
    for real, username in OUTSIDERS:
        b.user(real, username, ["verified", "approved", "activated"], long_ago + b.rng.randint(0, 10**7))
    b.user(BOT[0], BOT[1], ["bot", "verified", "approved", "activated"], long_ago + 10**8)
    return {u["username"]: u for u in b.users}


def demo_dataset(today: date = DEMO_TODAY, seed: int = 1274) -> dict:
    """Community Tech over the six months before `today` (see the module docstring)."""
    b = Builder(today, seed)
    rng = b.rng
    groom = random.Random(seed + 1)  # a second stream, so adding grooming kept the rest of the story
    long_ago = epoch(date(2019, 3, 4))
    people = _team(b, long_ago)
    ph = {name: u["phid"] for name, u in people.items()}
    pm, em, lead, qa, ux = ph["JWheeler-WMF"], ph["KSiebert-WMF"], ph["DMaza-WMF"], ph["DWalden-WMF"], ph["JSengupta-WMF"]
    engineers = ["MusikAnimal", "HMonroy-WMF", "Samwilson", "STarling-WMF", "DMaza-WMF"]
    capacity_days = {"MusikAnimal": 8.0, "HMonroy-WMF": 8.0, "Samwilson": 8.0, "STarling-WMF": 8.0, "DMaza-WMF": 4.0}
    outsiders = [ph[u] for _, u in OUTSIDERS]
    team_members = [ph[u] for _, u, _r in ROSTER]

    board = b.project("Community-Tech", "community-tech", epoch(date(2015, 9, 7)), pid=1274,
                      description="Community Tech: the Community Wishlist and tools for contributors.",
                      members=team_members)
    epic_tag = b.project("Epic", "epic", epoch(date(2016, 1, 12)), pid=1126, icon=ICON_TAG, color=("violet", "Violet"),
                         description="Tag for tasks that are epics.")
    codemirror = b.project("MediaWiki-extensions-CodeMirror", "mediawiki-extensions-codemirror",
                           epoch(date(2016, 3, 1)), pid=1483, icon=ICON_PROJECT, color=("orange", "Orange"))
    copypatrol = b.project("CopyPatrol", "copypatrol", epoch(date(2016, 6, 20)), pid=1941, icon=ICON_PROJECT,
                           color=("orange", "Orange"))
    modtools = b.project("Moderator-Tools-Team", "moderator-tools-team", epoch(date(2021, 6, 1)), pid=5364,
                         description="Moderator Tools team.")
    extra = {"codemirror": codemirror["phid"], "copypatrol": copypatrol["phid"]}
    board_created = board["dateCreated"]
    bcol = {}
    for seq, name in enumerate(BOARD_COLUMNS):
        bcol[name] = b.column(board, name, seq, board_created + 86400 * seq, default=(name == "New & TBD"))
    b.column(modtools, "Backlog", 0, modtools["dateCreated"], default=True)
    mt_doing = b.column(modtools, "In progress", 1, modtools["dateCreated"])

    # Sprint milestones: 13 past, the current one and two future ones; most carry their dates.
    today_e = b.today_epoch
    current = next(n for n in range(1, 500) if sprint_start(n) <= today < sprint_start(n + 1))
    numbers = list(range(current - 13, current + 3))
    sprints: dict[int, dict] = {}
    for n in numbers:
        start = sprint_start(n)
        end = start + timedelta(days=SPRINT_DAYS - 1)
        created = min(epoch(start - timedelta(days=10), 15), epoch(today - timedelta(days=today.weekday()), 11))
        archived = epoch(end + timedelta(days=3), 9) if epoch(end + timedelta(days=3), 9) < today_e else None
        custom = {} if n % 6 == 2 else {"sprint.start": epoch(start), "sprint.end": epoch(end)}
        m = b.project(f"CommTech-Sprint-{n}", None, created, parent=board, milestone=n, icon=ICON_MILESTONE,
                      color=("violet", "Violet"), description=f"Sprint milestone CommTech-Sprint-{n}",
                      custom=custom, archived=archived, members=team_members)
        proxy = b.column(board, m["name"], len(BOARD_COLUMNS) + numbers.index(n), created, proxy=m)
        cols = {name: b.column(m, name, seq, created + 600, default=(seq == 0)) for seq, name in enumerate(SPRINT_COLUMNS)}
        sprints[n] = {"n": n, "project": m, "proxy": proxy, "cols": cols, "start": epoch(start, 14),
                      "end": epoch(end, 23), "tasks": []}

    # --- the backlog: epics, their subtasks, maintenance, following, freezer --------------------------
    state: dict[str, dict] = {}  # task key -> simulation state

    def new_task(key, created, author, title, *, priority, epic=None, points=None, column=None, projects=None,
                 subtype="default", owner=None):
        t = b.task(key, created, author, title, priority=priority, subtype=subtype, owner=owner, points=points,
                   projects=projects or [board["phid"]], column=column)
        state[key] = {"task": t, "priority": priority, "points": points, "estimated_at": created if points else None,
                      "epic": epic, "sprint": None, "owner": owner, "done": None, "closed": False, "frozen": False,
                      "gone": False, "schedule": None, "created": created}
        return t

    def later(t, lo_days, hi_days):
        return workday(int(t + rng.uniform(lo_days, hi_days) * 86400))

    def wednesday_after(t):
        dt = datetime.fromtimestamp(t, tz=timezone.utc) + timedelta(days=1)
        while dt.weekday() != 2:
            dt += timedelta(days=1)
        return epoch(dt.date(), rng.choice([10.5, 18.0]) + rng.uniform(0, 1))

    def fib():
        r = rng.uniform(0, 100)
        for value, weight in FIBONACCI:
            r -= weight
            if r <= 0:
                return value
        return 3

    def triage_and_estimate(key, *, estimate=True, author=None):
        s = state[key]
        t = s["task"]
        when = later(s["created"], 0.5, 6)
        if s["priority"] == 90:
            s["priority"] = rng.choice([80, 50, 50, 50, 25, 25, 10])
            b.event(t, when, pm, "priority", new=s["priority"])
        b.event(t, when, pm, "core:columns", new=[{"columnPHID": bcol["Needs Discussion"]["phid"],
                                                   "boardPHID": board["phid"]}])
        if estimate and rng.random() < 0.9:
            est = wednesday_after(when)
            s["points"] = fib()
            s["estimated_at"] = est
            b.event(t, est, lead, "points", new=str(s["points"]))
            b.event(t, est, lead, "core:columns", new=[{"columnPHID": bcol["Estimated"]["phid"],
                                                        "boardPHID": board["phid"]}])
            if groom.random() < 0.2:  # groomed into the team's backlog a few days later
                b.event(t, workday(int(est + groom.uniform(1, 6) * 86400)), pm, "core:columns", new=[{"columnPHID": bcol["CommTech Backlog"]["phid"],
                                                                       "boardPHID": board["phid"]}])
            if rng.random() < 0.15:
                b.event(t, est, lead, "comment", text=rng.choice([
                    "Estimated at the Wednesday session.", "Estimated; depends on the design review.",
                    "Larger than a week's work? Let's keep an eye on it.", "Pointed by the team."]))

    epics: dict[str, dict] = {}
    for key, title, kind, first, last, created_on, extra_project, wish_lead in EPICS:
        created = epoch(created_on, 10)
        projects = [board["phid"]] + ([epic_tag["phid"]] if kind == "tag" else []) + \
            ([extra[extra_project]] if extra_project else [])
        t = new_task(f"epic:{key}", created, pm, f"[Epic] {title}", priority=rng.choice([80, 50]),
                     column=bcol["Epics"], projects=projects, subtype="epic" if kind == "subtype" else "default",
                     owner=ph[wish_lead])
        state[t["key"]]["is_epic"] = True
        epics[key] = {"task": t, "kind": kind, "first": first, "last": last, "lead": wish_lead, "key": f"epic:{key}"}
        focus_start = sprints[first]["start"] if first in sprints else created
        titles = _subtask_titles(key, rng)
        for i, sub_title in enumerate(titles):
            lo = max(created, focus_start - 35 * 86400)
            last_known = min(max(last, numbers[0]), numbers[-1])  # an epic may end before the sprints shown
            hi = max(lo + 86400, min(sprints[last_known]["start"] - 7 * 86400, today_e - 86400))
            when = workday(int(rng.uniform(lo, hi)) if i >= 4 else int(rng.uniform(created, created + 20 * 86400)))
            author = rng.choice([pm, lead, ux, ph[wish_lead], ph[wish_lead]])
            sub_key = f"sub:{key}:{i}"
            sub_projects = [board["phid"]] + ([extra[extra_project]] if extra_project else [])
            new_task(sub_key, when, author, sub_title, priority=rng.choice([90, 90, 50, 80]), epic=key,
                     projects=sub_projects)
            b.edge(t, state[sub_key]["task"], when, author)
            triage_and_estimate(sub_key)

    window_start = sprints[numbers[0]]["start"] - 21 * 86400
    for i, title in enumerate(MAINTENANCE):
        when = workday(int(rng.uniform(window_start - 60 * 86400, today_e - 5 * 86400)))
        key = f"maint:{i}"
        new_task(key, when, rng.choice([lead, ph["MusikAnimal"], ph["Samwilson"], qa]), title,
                 priority=rng.choice([90, 50, 25]), column=bcol["Maintenance Backlog"])
        triage_and_estimate(key)
        if state[key]["points"] is not None and rng.random() < 0.5:
            b.event(state[key]["task"], state[key]["estimated_at"] + 60, pm, "core:columns",
                    new=[{"columnPHID": bcol["Maintenance Backlog"]["phid"], "boardPHID": board["phid"]}])
    for i, title in enumerate(FOLLOWING):
        when = workday(int(rng.uniform(window_start - 90 * 86400, today_e - 2 * 86400)))
        key = f"follow:{i}"
        author = rng.choice(outsiders)
        new_task(key, when, author, title, priority=rng.choice([90, 50, 80, 25]), column=bcol["Following"],
                 owner=author if rng.random() < 0.6 else None)
        state[key]["following"] = True
        if rng.random() < 0.35:
            done = later(when, 10, 80)
            if done < today_e:
                b.event(state[key]["task"], done, author, "status", new="resolved")
                state[key]["closed"] = True
    for i, title in enumerate(FREEZER):
        when = workday(int(rng.uniform(window_start - 200 * 86400, window_start + 60 * 86400)))
        key = f"freezer:{i}"
        new_task(key, when, rng.choice([pm, lead] + outsiders), title, priority=rng.choice([25, 10, 50]))
        triage_and_estimate(key, estimate=rng.random() < 0.5)
        froze = later(when, 7, 40)
        b.event(state[key]["task"], froze, pm, "core:columns",
                new=[{"columnPHID": bcol["Freezer"]["phid"], "boardPHID": board["phid"]}])
        state[key]["frozen"] = True

    # A few go away: declined, or handed to another team (they leave the board).
    backlog_keys = [k for k in state if k.startswith("maint:")]
    for k in rng.sample(backlog_keys, 3):
        s = state[k]
        when = later(s["created"], 20, 60)
        if when < today_e:
            b.event(s["task"], when, pm, "status", new="declined")
            b.event(s["task"], when, pm, "comment", text="Declining: no longer relevant after the platform change.")
            s["closed"] = True
    for k in rng.sample([k for k in backlog_keys if not state[k]["closed"]], 3):
        s = state[k]
        when = later(s["created"], 15, 50)
        if when < today_e:
            b.event(s["task"], when, em, "projects", ops=[{"operation": "add", "phid": modtools["phid"]},
                                                          {"operation": "remove", "phid": board["phid"]}])
            b.event(s["task"], when, em, "core:columns", new=[{"columnPHID": mt_doing["phid"],
                                                               "boardPHID": modtools["phid"]}])
            b.event(s["task"], when, em, "comment", text="Moving to Moderator Tools, who own this code now.")
            s["gone"] = True

    # --- sprints: plan on Monday, work through the sprint board, carry over what is unfinished --------
    free_at = {e: sprints[numbers[0]]["start"] for e in engineers}
    columns_in_progress = [("In Development", 0.0), ("Review/Feedback", 0.6), ("QA", 0.85)]
    split_counter = 0

    def place(key, when):
        """Which column of its sprint board the task is in at `when`, from its schedule."""
        sched = state[key]["schedule"]
        if sched is None or when < sched[0]:
            return "Ready for development"
        name = "Ready for development"
        for col, frac in columns_in_progress:
            if when >= sched[0] + frac * (sched[1] - sched[0]):
                name = col
        return name

    def schedule(key, start_after, engineer):
        s = state[key]
        work_days = max(0.5, (s["points"] or 2) * rng.uniform(0.55, 1.15))
        start = max(free_at[engineer], start_after)
        end = start + int(work_days * 1.4 * 86400)
        free_at[engineer] = end
        s["schedule"] = (start, end)
        s["done"] = end

    def planned_events(key, sprint):
        """Column moves and the closure for the part of the schedule inside this sprint."""
        s = state[key]
        t = s["task"]
        start, end = s["schedule"]
        owner = s["owner"]
        stop = sprints[sprint + 1]["start"] if sprint + 1 in sprints else today_e
        done = workday(end)
        for col, frac in columns_in_progress:
            when = min(workday(int(start + frac * (end - start))), done - 600 + int(frac * 300))
            if sprints[sprint]["start"] < when < stop:
                b.event(t, when, owner, "core:columns", new=[{"columnPHID": sprints[sprint]["cols"][col]["phid"],
                                                              "boardPHID": sprints[sprint]["project"]["phid"]}])
        if sprints[sprint]["start"] < done < stop:
            b.event(t, done, qa, "core:columns", new=[{"columnPHID": sprints[sprint]["cols"]["Done"]["phid"],
                                                       "boardPHID": sprints[sprint]["project"]["phid"]}])
            b.event(t, done, owner if rng.random() < 0.6 else qa, "status", new="resolved")
            s["closed"] = True
            s["done"] = done

    last_monday = today - timedelta(days=today.weekday())
    for n in numbers:
        sp = sprints[n]
        future = n > current
        # the next sprints are filled at the leads' Monday planning before they start
        plan = epoch(last_monday, 15) + (n - current) * 3600 if future else sp["start"]
        mphid = sp["project"]["phid"]
        if plan > today_e:
            continue
        focus = [k for k, e in epics.items() if e["first"] <= n <= e["last"]]
        # carry-overs
        carried = []
        if n - 1 in sprints and not future:
            for key in sprints[n - 1]["tasks"]:
                s = state[key]
                if s["closed"] or s.get("is_epic"):
                    continue
                col = place(key, plan)
                ops = [{"operation": "add", "phid": mphid},
                       {"operation": "remove", "phid": sprints[n - 1]["project"]["phid"]}]
                b.event(s["task"], plan, pm, "projects", ops=ops)
                if col != "Ready for development":
                    b.event(s["task"], plan, pm, "core:columns", new=[{"columnPHID": sp["cols"][col]["phid"],
                                                                      "boardPHID": mphid}])
                if rng.random() < 0.5:
                    b.event(s["task"], plan, pm, "comment", text=f"Carried over to {sp['project']['name']}.")
                s["sprint"] = n
                sp["tasks"].append(key)
                carried.append(key)
        # epics in focus sit in "Goals and epics"
        for k in focus:
            e = epics[k]
            s = state[e["key"]]
            if e["kind"] == "column" or s["closed"] or future:
                continue
            previous = s["sprint"]
            ops = [{"operation": "add", "phid": mphid}, {"operation": "remove",
                                                         "phid": sprints[previous]["project"]["phid"]
                                                         if previous else board["phid"]}]
            b.event(s["task"], plan, pm, "projects", ops=ops)
            b.event(s["task"], plan, pm, "core:columns", new=[{"columnPHID": sp["cols"]["Goals and epics"]["phid"],
                                                              "boardPHID": mphid}])
            s["sprint"] = n
        for k, e in epics.items():  # epics out of focus go back to the board
            s = state[e["key"]]
            if s["sprint"] is not None and s["sprint"] != n and k not in focus and not s["closed"] and not future:
                prev = sprints[s["sprint"]]["project"]["phid"]
                b.event(s["task"], plan, pm, "projects", ops=[{"operation": "add", "phid": board["phid"]},
                                                              {"operation": "remove", "phid": prev}])
                s["sprint"] = None
                subs = [x for x in state.values() if x["epic"] == k]
                open_subs = [x for x in subs if not x["gone"] and x["estimated_at"]]
                if e["last"] < n and sum(x["closed"] for x in open_subs) >= 0.7 * max(1, len(open_subs)):
                    b.event(s["task"], plan + 3600, pm, "status", new="resolved")
                    s["closed"] = True
        # re-prioritise the focus epics' backlog
        for key, s in state.items():
            if s["epic"] in focus and not s["closed"] and s["sprint"] is None and s["priority"] in (25, 50, 10) \
                    and s["created"] < plan and rng.random() < 0.3 and not future:
                new = 80 if rng.random() < 0.6 else 50
                if new != s["priority"]:
                    s["priority"] = new
                    b.event(s["task"], plan - 3600 * 4, pm, "priority", new=new)
        # candidates, highest priority first, focus epics before maintenance
        budget = {e: capacity_days[e] for e in engineers}
        for key in carried:
            s = state[key]
            eng = next((u for u, v in ph.items() if v == s["owner"]), None)
            if eng in budget:
                budget[eng] -= max(0.0, (s["done"] - plan) / 86400 / 1.4)
        candidates = [k for k, s in state.items()
                      if not s["closed"] and not s["gone"] and not s["frozen"] and s["sprint"] is None
                      and not s.get("is_epic") and not s.get("following") and s["estimated_at"]
                      and s["estimated_at"] < plan and (s["epic"] in focus or k.startswith("maint:"))]
        candidates.sort(key=lambda k: (-(state[k]["epic"] in focus), -state[k]["priority"], state[k]["created"]))
        limit = 6 if n == current + 1 else (2 if future else 99)
        picked = 0
        for key in candidates:
            s = state[key]
            if picked >= limit:
                break
            if s["points"] == 13 and rng.random() < 0.6 and not future:
                # too big: split it into smaller subtasks, which wait for the next estimation
                split_counter += 1
                b.event(s["task"], plan - 3600 * 4, lead, "points", new=None)
                s["points"] = None
                s["estimated_at"] = None
                for j in range(rng.choice([2, 3])):
                    child_key = f"split:{split_counter}:{j}"
                    new_task(child_key, plan - 3600 * 4 + j, lead, f"{s['task']['title']} (part {j + 1})",
                             priority=s["priority"], epic=s["epic"], points=rng.choice([3, 5, 2]),
                             column=bcol["Estimated"])
                    b.edge(s["task"], state[child_key]["task"], plan - 3600 * 4 + j, lead)
                b.event(s["task"], plan - 3600 * 4, lead, "comment", text="Split into smaller tasks: larger than a "
                                                                          "week's work.")
                continue
            lead_name = epics[s["epic"]]["lead"] if s["epic"] else None
            owner_name = next((u for u, v in ph.items() if v == s["owner"]), None) if s["owner"] else None
            if owner_name not in budget:
                options = sorted(engineers, key=lambda e: (-(e == lead_name) * 2 - budget[e] / 4, e))
                owner_name = options[0]
            cost = (s["points"] or 2) * 0.85
            if not future and budget[owner_name] < cost * 0.5:
                continue
            budget[owner_name] -= cost
            picked += 1
            b.event(s["task"], plan, pm, "projects", ops=[{"operation": "add", "phid": mphid},
                                                          {"operation": "remove", "phid": board["phid"]}])
            if s["owner"] != ph[owner_name]:
                s["owner"] = ph[owner_name]
                b.event(s["task"], plan, pm, "owner", new=s["owner"])
            s["sprint"] = n
            sp["tasks"].append(key)
            if not future:
                schedule(key, plan + 3600 * 2, owner_name)
        # walk-on work: urgent bugs that arrive after the sprint started
        if not future:
            for j in range(rng.choice([1, 2, 2, 3])):
                when = workday(plan + int(rng.uniform(1, 9) * 86400))
                if when > today_e:
                    continue
                key = f"walkon:{n}:{j}"
                eng = rng.choice(engineers[:4])
                prio = rng.choice([100, 80, 80])
                points = rng.choice([1, 2, 3, None])
                author = rng.choice(outsiders + [qa, pm])
                new_task(key, when, author, rng.choice(BUGS), priority=prio, points=points,
                         projects=[mphid], owner=ph[eng])
                state[key]["sprint"] = n
                state[key]["estimated_at"] = when if points else None
                sp["tasks"].append(key)
                start = when + 1800  # interrupt work: done alongside the planned work
                end = start + int(max(0.3, (points or 1) * rng.uniform(0.4, 0.9)) * 1.4 * 86400)
                state[key]["schedule"] = (start, end)
                state[key]["done"] = end
        for key in sp["tasks"]:
            if state[key]["schedule"] is not None and not state[key]["closed"]:
                planned_events(key, n)

    meta = {"today": today.isoformat(), "today_epoch": b.today_epoch, "board_slug": "community-tech",
            "api_user_phid": ph[BOT[1]], "sprint_cadence_start": SPRINT_ONE.isoformat(),
            "sprint_length_days": SPRINT_DAYS, "seed": seed}
    return b.finish(meta)


def synthetic_dataset(n_tasks: int, seed: int = 0) -> dict:
    """A large board for the benchmark: same shapes, a short history per task, cheap to build."""
    b = Builder(date(2026, 11, 24), seed)
    rng = b.rng
    today = b.today_epoch
    people = _team(b, epoch(date(2019, 3, 4)))
    owners = [u["phid"] for u in people.values()]
    board = b.project("Community-Tech", "community-tech", epoch(date(2015, 9, 7)), pid=1274)
    cols = [b.column(board, name, seq, board["dateCreated"], default=(name == "New & TBD"))
            for seq, name in enumerate(BOARD_COLUMNS)]
    milestones = []
    for n in range(1, 21):
        start = today - (21 - n) * 14 * 86400
        m = b.project(f"CommTech-Sprint-{n}", None, start - 864000, parent=board, milestone=n, icon=ICON_MILESTONE,
                      custom={"sprint.start": start, "sprint.end": start + 13 * 86400})
        b.column(board, m["name"], len(BOARD_COLUMNS) + n, m["dateCreated"], proxy=m)
        mcols = [b.column(m, name, seq, m["dateCreated"], default=(seq == 0)) for seq, name in enumerate(SPRINT_COLUMNS)]
        milestones.append((m, mcols))
    span = 300 * 86400
    tasks = []
    for i in range(n_tasks):
        created = today - span + (span * i) // max(1, n_tasks)
        author = owners[i % len(owners)]
        key = f"t{i}"
        t = b.task(key, created, author, f"Synthetic task {i}", priority=PRIORITIES[i % 6]["value"],
                   projects=[board["phid"]], owner=owners[(i * 7) % len(owners)] if i % 3 else None,
                   points=FIBONACCI[i % 6][0] if i % 4 else None, column=cols[i % len(cols)])
        tasks.append(t)
        later = created + rng.randint(3600, 20 * 86400)
        if i % 2 == 0 and later < today:
            m, mcols = milestones[min(19, (later - (today - span)) * 20 // span)]
            b.event(t, later, author, "projects", ops=[{"operation": "add", "phid": m["phid"]},
                                                       {"operation": "remove", "phid": board["phid"]}])
            b.event(t, later + 60, author, "core:columns", new=[{"columnPHID": mcols[2]["phid"],
                                                                 "boardPHID": m["phid"]}])
            if i % 4 == 0 and later + 86400 < today:
                b.event(t, later + 86400, author, "status", new="resolved")
        if i % 10 == 5 and i > 10:
            b.edge(tasks[i - 5], t, created, author)
    meta = {"today": "2026-11-24", "today_epoch": today, "board_slug": "community-tech",
            "api_user_phid": people[BOT[1]]["phid"], "sprint_cadence_start": None, "sprint_length_days": 14,
            "seed": seed}
    return b.finish(meta, first_task_id=0, gaps=(1, 1))  # task ids 1..n


# --- files -------------------------------------------------------------------------------------

def save_dataset(ds: dict, folder) -> None:
    """One JSON file per part; lists hold one item per line so diffs stay readable."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        value = ds[name]
        with open(folder / f"{name}.json", "w", encoding="utf-8") as fh:
            if isinstance(value, list):
                fh.write("[\n" + ",\n".join(json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                                            for v in value) + "\n]\n")
            else:
                json.dump(value, fh, ensure_ascii=False, indent=1)
                fh.write("\n")


def load_dataset(folder) -> dict:
    folder = Path(folder)
    missing = [n for n in FILES if not (folder / f"{n}.json").exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: demo dataset incomplete, missing {', '.join(missing)}.json "
                                "(regenerate with `python -m lib.demo.dataset`)")
    return {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in FILES}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else DEMO_FOLDER
    ds = demo_dataset(DEMO_TODAY)
    save_dataset(ds, folder)
    n_x = sum(len(t["xactions"]) for t in ds["tasks"])
    print(f"wrote {folder}: {len(ds['tasks'])} tasks, {n_x} transactions, {len(ds['edges'])} edges, "
          f"{sum(1 for p in ds['projects'] if p['milestone'])} sprint milestones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
