"""The capacity domain functions on small hand-made histories; every expected number is worked out in
the comments next to it."""

from __future__ import annotations

from datetime import date, datetime

import math

import numpy as np
import pandas as pd
import pytest

from lib import capacity as cap

# Sprint 1: Mon 2 - Fri 13 March 2026 (10 working days); sprint 2: Mon 16 - Fri 27 March (10); sprint 3
# after it. "Now" is Friday 20 March, noon: sprint 1 is past, sprint 2 is running, sprint 3 is future.
AS_OF = datetime(2026, 3, 20, 12, 0)
S1, S2, S3 = "PHID-PROJ-s1", "PHID-PROJ-s2", "PHID-PROJ-s3"
PA, PB, PC = "PHID-USER-a", "PHID-USER-b", "PHID-USER-c"


def sprints_frame():
    return pd.DataFrame({
        "phid": [S1, S2, S3], "name": ["Sprint 1", "Sprint 2", "Sprint 3"], "milestone": [1, 2, 3],
        "start_date": pd.to_datetime(["2026-03-02", "2026-03-16", "2026-03-30"]),
        "end_date": pd.to_datetime(["2026-03-13", "2026-03-27", "2026-04-10"]),
    })


def snap(task, at, sprint, points, closed=False, owner=None):
    return {"task_phid": task, "observed_at": pd.Timestamp(at), "sprint_phid": sprint, "points": points,
            "is_closed": closed, "owner_phid": owner}


def task(phid, created, sprint=None, points=None, closed=False, closed_at=None, owner=None, epic=False, id_=None):
    return {"phid": phid, "id": id_ or int(phid.split("-")[-1]), "title": f"Task {phid}", "is_closed": closed,
            "points": points, "owner_phid": owner, "sprint_phid": sprint, "is_epic": epic,
            "date_created": pd.Timestamp(created), "date_closed": pd.Timestamp(closed_at) if closed_at else pd.NaT}


def sprint1_story():
    """The first sync ran on 25 Feb, before sprint 1, so nothing is back-dated.

    T1: backlog 3 pts, moved into sprint 1 on its planning day (2 Mar 10:00), closed 5 Mar; owner A.
    T2: in sprint 1 at 5 pts, re-estimated to 8 on 4 Mar, left open, carried to sprint 2 on 16 Mar; owner B.
    T3: created 6 Mar straight into sprint 1 at 2 pts (walk-on), closed 10 Mar; owner A.
    T4: in sprint 1 at 1 pt, taken out on 9 Mar; owner B.
    T5: in sprint 1, never estimated, open; no owner.
    """
    snaps = pd.DataFrame([
        snap("T-1", "2026-02-25 08:00", None, 3.0, owner=PA),
        snap("T-1", "2026-03-02 10:00", S1, 3.0, owner=PA),
        snap("T-1", "2026-03-05 09:00", S1, 3.0, closed=True, owner=PA),
        snap("T-2", "2026-02-25 08:00", S1, 5.0, owner=PB),
        snap("T-2", "2026-03-04 09:00", S1, 8.0, owner=PB),
        snap("T-2", "2026-03-16 09:00", S2, 8.0, owner=PB),
        snap("T-3", "2026-03-06 09:00", S1, 2.0, owner=PA),
        snap("T-3", "2026-03-10 09:00", S1, 2.0, closed=True, owner=PA),
        snap("T-4", "2026-02-25 08:00", S1, 1.0, owner=PB),
        snap("T-4", "2026-03-09 09:00", None, 1.0, owner=PB),
        snap("T-5", "2026-02-25 08:00", S1, None),
    ])
    tasks = pd.DataFrame([
        task("T-1", "2026-02-01", S1, 3.0, True, "2026-03-05 09:00", PA),
        task("T-2", "2026-02-01", S2, 8.0, owner=PB),
        task("T-3", "2026-03-06 08:00", S1, 2.0, True, "2026-03-10 09:00", PA),
        task("T-4", "2026-02-01", None, 1.0, owner=PB),
        task("T-5", "2026-02-01", S1, None),
    ])
    return snaps, tasks


@pytest.fixture
def story():
    snaps, tasks = sprint1_story()
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks)
    states = cap.sprint_task_states(history, windows)
    return {"windows": windows, "history": history, "states": states, "tasks": tasks}


def window(windows, sprint):
    return windows[windows["sprint_phid"] == sprint].iloc[0]


def test_working_days_counts_weekdays_inclusive():
    assert cap.working_days(date(2026, 3, 2), date(2026, 3, 13)) == 10  # two Mon-Fri weeks
    assert cap.working_days(date(2026, 3, 7), date(2026, 3, 8)) == 0    # a weekend
    assert cap.working_days(date(2026, 3, 13), date(2026, 3, 2)) == 0   # reversed
    assert cap.working_days(None, date(2026, 3, 2)) == 0


def test_a_sync_observed_at_the_as_of_instant_counts_in_the_running_sprint():
    """The screens' "now" is the last good sync; what that sync saw (observed at its start, or, for the
    demo, at the very instant) is part of the running sprint's figures."""
    w = cap.sprint_windows(sprints_frame(), AS_OF)
    history = pd.DataFrame([{"task_phid": "T-new", "observed_at": pd.Timestamp(AS_OF), "sprint_phid": S2,
                             "is_closed": False, "points": 3.0, "owner_phid": None}])
    states = cap.sprint_task_states(history, w)
    assert states.query("sprint == @S2")[["task_phid", "walk_on", "in_end"]].values.tolist() == [["T-new", True, True]]


def test_sprint_windows_mark_past_current_future_and_measure_instants():
    w = cap.sprint_windows(sprints_frame(), AS_OF)
    assert list(w["state"]) == ["past", "current", "future"]
    assert list(w["working_days"]) == [10, 10, 10]
    s1, s2 = window(w, S1), window(w, S2)
    assert s1["start_at"] == pd.Timestamp("2026-03-03")   # end of the planning day
    assert s1["end_at"] == pd.Timestamp("2026-03-14")     # end of the last day
    assert s2["end_at"] == pd.Timestamp(AS_OF) + cap.TICK  # still running: measured up to now, now included
    assert cap.current_sprint(w) == S2


def test_sprint_windows_skip_undated_sprints():
    sprints = sprints_frame()
    sprints.loc[0, "start_date"] = pd.NaT
    assert list(cap.sprint_windows(sprints, AS_OF)["sprint_phid"]) == [S2, S3]


def test_sprint_health_counts_planned_completed_walk_ons_and_removed(story):
    health = cap.sprint_health(story["states"], story["windows"]).set_index("sprint_phid")
    s1 = health.loc[S1]
    # planned (in the sprint by the end of 2 Mar): T1, T2, T4, T5; of those only T1 closed in it
    assert (s1["planned_tasks"], s1["planned_done_tasks"]) == (4, 1)
    assert s1["planned_points"] == 3 + 5 + 1 + 0          # estimates at the start; T5 unestimated
    assert s1["planned_done_points"] == 3
    # T3 walked on (2 pts) and was closed; T4 (1 pt) was removed
    assert (s1["walk_on_tasks"], s1["walk_on_points"], s1["walk_on_done_tasks"]) == (1, 2, 1)
    assert (s1["removed_tasks"], s1["removed_points"]) == (1, 1)
    # done: T1 + T3 = 5 points; scope at the end: T1 3 + T2 8 + T3 2 + T5 0 = 13 points in 4 tasks
    assert (s1["done_tasks"], s1["done_points"]) == (2, 5)
    assert (s1["scope_tasks"], s1["scope_points"], s1["unestimated_tasks"]) == (4, 13, 1)
    assert s1["summary"] == "1 of 4 planned tasks completed, 1 walk-on"
    # sprint 2 so far: T2 was carried over on its planning day, so it is planned, not walk-on
    s2 = health.loc[S2]
    assert (s2["planned_tasks"], s2["walk_on_tasks"], s2["done_tasks"]) == (1, 0, 0)
    assert S3 not in health.index   # future sprints have no health yet


def test_walk_ons_list_the_tasks_that_joined_after_the_start(story):
    w = cap.walk_ons(story["states"], S1)
    assert list(w["task_phid"]) == ["T-3"]
    assert w.loc[0, "joined_at"] == pd.Timestamp("2026-03-06 09:00")
    assert w.loc[0, "points"] == 2 and bool(w.loc[0, "done"])


def test_first_sync_mid_sprint_backdates_to_creation_so_only_new_tasks_are_walk_ons():
    # the very first sync ran on Wed 4 March, in the middle of sprint 1
    snaps = pd.DataFrame([
        snap("T-10", "2026-03-04 12:00", S1, 3.0),   # created in February: planned
        snap("T-11", "2026-03-04 12:00", S1, 2.0),   # created 3 March, after the planning day: walk-on
        snap("T-12", "2026-03-04 12:00", S1, 1.0, closed=True),  # created in Feb, closed 3 Mar: planned, done
    ])
    tasks = pd.DataFrame([
        task("T-10", "2026-02-10", S1, 3.0),
        task("T-11", "2026-03-03 15:00", S1, 2.0),
        task("T-12", "2026-02-10", S1, 1.0, True, "2026-03-03 16:00"),
    ])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks)
    t12 = history[history["task_phid"] == "T-12"]
    assert list(t12["observed_at"]) == [pd.Timestamp("2026-02-10"), pd.Timestamp("2026-03-03 16:00")]
    assert list(t12["is_closed"]) == [False, True]
    states = cap.sprint_task_states(history, windows).set_index("task_phid")
    assert bool(states.loc["T-10", "planned"]) and bool(states.loc["T-12", "planned"])
    assert bool(states.loc["T-11", "walk_on"])
    health = cap.sprint_health(states.reset_index(), windows).set_index("sprint_phid").loc[S1]
    assert health["summary"] == "1 of 2 planned tasks completed, 1 walk-on"


def test_weekly_syncs_count_an_entry_that_may_have_been_at_planning_as_planned():
    # syncs every Monday 06:00: 23 Feb, 2 Mar (before sprint 1's planning), 9 Mar, 16 Mar
    snaps = pd.DataFrame([
        snap("W-1", "2026-02-23 06:00", None, 3.0),
        snap("W-1", "2026-03-09 06:00", S1, 3.0),          # moved in some time between 2 and 9 Mar
        snap("W-2", "2026-03-09 06:00", S1, 2.0),          # created Wed 4 Mar: joined after planning for sure
        snap("W-3", "2026-03-02 06:00", None, 1.0),        # (its first sighting makes 2 Mar a known sync)
        snap("W-3", "2026-03-16 06:00", S1, 1.0),          # last seen outside on 9 Mar (no change then)
    ])
    tasks = pd.DataFrame([task("W-1", "2026-02-01", S1, 3.0), task("W-2", "2026-03-04 10:00", S1, 2.0),
                          task("W-3", "2026-03-01", S1, 1.0)])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks)
    w2 = history[history["task_phid"] == "W-2"].iloc[0]
    assert w2["since"] == pd.Timestamp("2026-03-04 10:00")     # not before its creation
    settled = cap.settle_planned_entries(history, windows)
    w1 = settled[settled["task_phid"] == "W-1"]
    # the earliest W-1 can have joined is just after the 2 Mar sync, on the planning day
    assert w1["observed_at"].iloc[1] == pd.Timestamp("2026-03-02 06:00") + pd.Timedelta(microseconds=1)
    states = cap.sprint_task_states(settled, windows).set_index("task_phid")
    assert bool(states.loc["W-1", "planned"]) and not bool(states.loc["W-1", "walk_on"])
    assert bool(states.loc["W-2", "walk_on"])
    # W-3 was still outside at the 9 Mar sync (the sync before the one that saw it in): walk-on, and
    # it arrived after sprint 1 had ended (16 Mar), so it is not part of sprint 1 at all
    assert "W-3" not in states.index


def test_state_history_moves_a_close_back_to_the_tasks_close_date():
    snaps = pd.DataFrame([snap("T-1", "2026-03-01", S1, 3.0), snap("T-1", "2026-03-09", S1, 3.0, closed=True),
                          snap("T-9", "2026-02-01", None, 1.0)])
    tasks = pd.DataFrame([task("T-1", "2026-02-20", S1, 3.0, True, "2026-03-06 14:00")])
    h = cap.state_history(snaps, tasks)
    assert list(h.loc[h["task_phid"] == "T-1", "observed_at"]) == [pd.Timestamp("2026-03-01"),
                                                                   pd.Timestamp("2026-03-06 14:00")]


def test_state_history_falls_back_to_the_task_itself_without_snapshots():
    tasks = pd.DataFrame([task("T-1", "2026-03-03", S1, 3.0, True, "2026-03-05"), task("T-2", "2026-03-04", S1, 1.0)])
    h = cap.state_history(pd.DataFrame(columns=cap.STATE_COLUMNS), tasks)
    assert list(zip(h["task_phid"], h["observed_at"], h["is_closed"])) == [
        ("T-1", pd.Timestamp("2026-03-03"), False), ("T-1", pd.Timestamp("2026-03-05"), True),
        ("T-2", pd.Timestamp("2026-03-04"), False)]


def test_scope_changes_list_added_removed_and_reestimated_with_deltas(story):
    changes = cap.scope_changes(story["history"], window(story["windows"], S1))
    # T1 joined on the planning day, which is part of the plan, not a change
    assert list(zip(changes["task_phid"], changes["change"], changes["delta"])) == [
        ("T-2", "re-estimated", 3.0), ("T-3", "added", 2.0), ("T-4", "removed", -1.0)]
    assert changes["delta"].sum() == 13 - 9   # scope at the end minus the plan


def test_burnup_follows_scope_and_done_day_by_day(story):
    b = cap.burnup(story["history"], window(story["windows"], S1)).set_index("day")
    assert len(b) == 12                                   # 2..13 March, weekends included
    day = lambda d: b.loc[date(2026, 3, d)]
    assert tuple(day(2)) == (9, 0, 4, 0)      # plan: T1 3 + T2 5 + T4 1 + T5 0
    assert tuple(day(4)) == (12, 0, 4, 0)     # T2 re-estimated 5 -> 8
    assert tuple(day(5)) == (12, 3, 4, 1)     # T1 closed
    assert tuple(day(6)) == (14, 3, 5, 1)     # T3 walked on
    assert tuple(day(9)) == (13, 3, 4, 1)     # T4 removed
    assert tuple(day(13)) == (13, 5, 4, 2)    # T3 closed on the 10th
    long = cap.burnup_long(b.reset_index(), by="count")
    assert set(long["line"]) == {"scope", "done"} and len(long) == 24


def test_burnup_of_a_running_sprint_stops_today(story):
    b = cap.burnup(story["history"], window(story["windows"], S2))
    assert list(b["day"]) == [date(2026, 3, d) for d in range(16, 21)]
    assert list(b["scope_points"]) == [8.0] * 5 and list(b["done_points"]) == [0.0] * 5


def test_velocity_per_past_sprint(story):
    health = cap.sprint_health(story["states"], story["windows"])
    v = cap.velocity(health)
    assert list(v["sprint_phid"]) == [S1]                 # only finished sprints
    assert (v.loc[0, "done_points"], v.loc[0, "done_tasks"], v.loc[0, "points_per_day"]) == (5, 2, 0.5)


def people_frame():
    return pd.DataFrame({"name": ["Ann", "Bob", "Cleo", "Dee"], "role": ["Engineer"] * 4,
                         "user_phid": [PA, PB, PC, None]})


def test_person_velocity_uses_own_closed_points_per_day_on_the_team(story):
    # Ann was off 2 of sprint 1's 10 days and half on this team: (10 - 2) x 0.5 = 4 days, 3 + 2 points
    availability = pd.DataFrame([{"sprint_phid": S1, "person": "Ann", "days_off": 2.0, "share": 0.5}])
    v = cap.person_velocity(story["states"], story["windows"], people_frame(), availability,
                            before=S2).set_index("person")
    assert v.loc["Ann", "points_per_day"] == 5 / 4 and v.loc["Ann", "sprints"] == 1
    assert v.loc["Bob", "points_per_day"] == 0 and v.loc["Bob", "sprints"] == 1  # owned work, closed none
    assert math.isnan(v.loc["Cleo", "points_per_day"]) and v.loc["Cleo", "sprints"] == 0
    # before sprint 1 there is no history at all
    v1 = cap.person_velocity(story["states"], story["windows"], people_frame(), availability, before=S1)
    assert v1["points_per_day"].isna().all()


def test_sprint_people_adds_owners_who_are_not_on_the_roster():
    tasks = pd.DataFrame({"owner_phid": [PA, "PHID-USER-x", None, "PHID-USER-x"]})
    p = cap.sprint_people(people_frame(), tasks, {"PHID-USER-x": "Xena Guest", PA: "Ann"})
    assert list(p["name"]) == ["Ann", "Bob", "Cleo", "Dee", "Xena Guest"]
    assert p.loc[4, "role"] == "not on the roster" and p.loc[4, "user_phid"] == "PHID-USER-x"


def test_capacity_against_commitment_flags_over_allocation_and_idle_people():
    velocities = pd.DataFrame({"person": ["Ann", "Bob", "Cleo", "Dee", "Fay"],
                               "points_per_day": [1.25, 0.5, np.nan, np.nan, 0.8]})
    availability = pd.DataFrame([
        {"person": "Ann", "days_off": 0.0, "share": 1.0, "buffer": 0.2},
        {"person": "Cleo", "days_off": 10.0, "share": 1.0, "buffer": 0.0},
    ])
    sprint_tasks = pd.DataFrame({
        "owner_phid": [PA, PA, PB, None], "points": [3.0, 2.0, 8.0, None], "is_closed": [False, True, False, False]})
    people = pd.concat([people_frame(), pd.DataFrame([{"name": "Eve", "role": "Engineer", "user_phid": "PHID-USER-e"},
                                                      {"name": "Fay", "role": "Engineer", "user_phid": "PHID-USER-f"}])])
    sprint_tasks = pd.concat([sprint_tasks, pd.DataFrame({"owner_phid": ["PHID-USER-e"], "points": [2.0],
                                                          "is_closed": [False]})])
    c = cap.capacity(people, availability, velocities, sprint_tasks, working=10).set_index("name")
    # Ann: 10 days x 1.0 x (1 - 0.2) = 8 days x 1.25 = 10 points; 3 open points committed (the closed 2 don't count)
    assert (c.loc["Ann", "available_points"], c.loc["Ann", "committed_points"], c.loc["Ann", "load_pct"]) == (10, 3, 30)
    assert c.loc["Ann", "flag"] == ""
    # Bob: nothing entered = full time: 10 days x 0.5 = 5 points, 8 committed
    assert c.loc["Bob", "available_points"] == 5 and "over-allocated" in c.loc["Bob", "flag"]
    # Eve is new and owns work: weighed at the team median (of 1.25, 0.5 and 0.8) = 0.8 x 10 days
    assert c.loc["Eve", "velocity_basis"] == "team median"
    assert c.loc["Eve", "available_points"] == pytest.approx(8.0)
    assert c.loc["Eve", "flag"] == ""
    # Fay delivers estimated work (a pace of her own) and has nothing this sprint: worth asking about
    assert c.loc["Fay", "flag"] == "nothing committed"
    # Dee has no history and no work (a manager, a designer): no points figure, and no flag every sprint
    assert c.loc["Dee", "velocity_basis"] == "no history" and math.isnan(c.loc["Dee", "available_points"])
    assert c.loc["Dee", "flag"] == ""
    # Cleo is off the whole sprint: no capacity, and none expected from her
    assert c.loc["Cleo", "available_days"] == 0 and c.loc["Cleo", "flag"] == ""
    # the unowned, unestimated task shows up as its own row
    assert c.loc["(nobody)", "committed_tasks"] == 1
    assert c.loc["(nobody)", "flag"] == "open tasks without an owner; 1 unestimated"


BOT, LEFT = "PHID-USER-bot", "PHID-USER-left"
ROLES = {PA: "verified,approved,activated", BOT: "bot,verified,approved,activated",
         LEFT: "disabled,verified,approved"}


def test_an_account_that_is_not_a_person_keeps_its_work_in_view_but_has_no_capacity():
    """A CI bot that claims tasks, and Bob whose account was disabled (he left, the roster not yet
    updated): their open work is seen and flagged as needing a person; neither gets a capacity, a team
    median, or a part in the median the newcomer Eve is weighed at."""
    sprint_tasks = pd.DataFrame({"owner_phid": [PA, BOT, BOT, PB, "PHID-USER-e"], "points": [3.0, 5.0, None, 2.0, 2.0],
                                 "is_closed": [False] * 5})
    roster = people_frame().assign(user_phid=[PA, LEFT, PC, None])
    sprint_tasks.loc[3, "owner_phid"] = LEFT
    people = cap.sprint_people(roster, sprint_tasks, {BOT: "ci-bot", "PHID-USER-e": "Eve"}, ROLES)
    assert dict(zip(people["name"], people["account"])) == {
        "Ann": "", "Bob": "account disabled", "Cleo": "", "Dee": "", "ci-bot": "bot account", "Eve": ""}
    # the bot closes a lot (its own pace would be 4 points a day) and Bob had a pace of his own
    velocities = pd.DataFrame({"person": ["Ann", "Bob", "Cleo", "ci-bot"], "points_per_day": [1.0, 2.0, 0.6, 4.0]})
    c = cap.capacity(people, pd.DataFrame(columns=["person", "days_off", "share", "buffer"]), velocities,
                     sprint_tasks, working=10).set_index("name")
    for name in ("ci-bot", "Bob"):
        assert math.isnan(c.loc[name, "available_points"]) and math.isnan(c.loc[name, "points_per_day"])
        assert c.loc[name, "velocity_basis"] == ""
    assert c.loc["ci-bot", "committed_tasks"] == 2 and c.loc["ci-bot", "committed_points"] == 5
    assert c.loc["ci-bot", "flag"] == "bot account: its open work needs a person; 1 unestimated"
    assert c.loc["Bob", "flag"] == "account disabled: its open work needs a person"
    # Eve is weighed at the median of Ann's and Cleo's paces (1.0, 0.6) = 0.8; with the bot's and Bob's
    # (0.6, 1.0, 2.0, 4.0) it would be 1.5
    assert c.loc["Eve", "velocity_basis"] == "team median"
    assert c.loc["Eve", "available_points"] == pytest.approx(8.0)
    assert c.loc["Ann", "flag"] == "" and c.loc["Ann", "account"] == ""


def test_epic_remaining_sums_open_subtasks_at_any_depth():
    tasks = pd.DataFrame([
        task("E-1", "2026-01-01", epic=True),
        task("T-2", "2026-01-01", points=3.0),
        task("T-3", "2026-01-01", points=5.0, closed=True, closed_at="2026-02-01"),
        task("E-4", "2026-01-01", epic=True),                  # a sub-epic
        task("T-5", "2026-01-01", points=None),               # unestimated, under the sub-epic
        task("T-6", "2026-01-01", points=2.0),
        task("E-7", "2026-01-01", points=8.0, epic=True),      # an epic with no subtasks
    ])
    edges = pd.DataFrame({"parent_phid": ["E-1", "E-1", "E-1", "E-4", "E-4"],
                          "child_phid": ["T-2", "T-3", "E-4", "T-5", "T-6"]})
    r = cap.epic_remaining(tasks, edges, default_points=1.0).set_index("epic_phid")
    # E-1: open T-2 3 + T-6 2 + unestimated T-5 at 1 point = 6; the closed T-3 does not count
    assert (r.loc["E-1", "open_tasks"], r.loc["E-1", "unestimated_tasks"], r.loc["E-1", "remaining_points"]) == (3, 1, 6)
    assert r.loc["E-4", "remaining_points"] == 3
    assert r.loc["E-7", "remaining_points"] == 8
    # without a default, unestimated work counts the median closed estimate (only T-3: 5 points)
    assert cap.epic_remaining(tasks, edges).set_index("epic_phid").loc["E-1", "remaining_points"] == 10


def test_forecast_with_constant_throughput_is_exact():
    remaining = pd.DataFrame({"epic_phid": ["E-1", "E-2", "E-3"], "remaining_points": [25.0, 10.0, 0.0]})
    ends = [date(2026, 3, 27) + pd.Timedelta(days=14 * i) for i in range(10)]
    ends = [pd.Timestamp(d).date() for d in ends]
    f = cap.forecast_epics(remaining, [30, 30, 30], ends, parallel=3, trials=200, seed=1).set_index("epic_phid")
    # 30 points a sprint over 3 priorities = 10 per sprint for each epic: 25 needs 3 sprints, 10 needs 1
    assert f.loc["E-1", "p50_sprints"] == f.loc["E-1", "p85_sprints"] == 3
    assert f.loc["E-1", "p50_date"] == ends[2]
    assert f.loc["E-2", "p85_date"] == ends[0]
    assert f.loc["E-3", "p50_date"] == ends[0]


def test_forecast_is_deterministic_with_a_seed_and_within_sane_bounds():
    remaining = pd.DataFrame({"epic_phid": ["E-1", "E-2"], "remaining_points": [40.0, 100.0]})
    ends = [pd.Timestamp(date(2026, 3, 27)).date() + pd.Timedelta(days=14 * i) for i in range(52)]
    throughput = [6, 9, 12, 15, 21]
    a = cap.forecast_epics(remaining, throughput, ends, parallel=1, seed=7)
    b = cap.forecast_epics(remaining, throughput, ends, parallel=1, seed=7)
    pd.testing.assert_frame_equal(a, b)
    for need, row in zip([40.0, 100.0], a.itertuples()):
        fastest, slowest = math.ceil(need / max(throughput)), math.ceil(need / min(throughput))
        assert fastest <= row.p50_sprints <= row.p85_sprints <= slowest
        # the average throughput is 12.6 points: the median lands near need / 12.6 sprints
        assert abs(row.p50_sprints - need / np.mean(throughput)) <= 1.5
    # a partly run current sprint can only make things later
    late = cap.forecast_epics(remaining, throughput, ends, parallel=1, seed=7, first_fraction=0.2)
    assert (late["p50_sprints"] >= a["p50_sprints"]).all()


def test_forecast_without_throughput_or_beyond_the_horizon_says_so():
    remaining = pd.DataFrame({"epic_phid": ["E-1"], "remaining_points": [1000.0]})
    ends = [date(2026, 3, 27), date(2026, 4, 10)]
    for history in ([], [0, 0]):
        none = cap.forecast_epics(remaining, history, ends)
        assert none["p50_date"].isna().all() and none.loc[0, "note"] == "no past throughput to draw from"
    far = cap.forecast_epics(remaining, [10], ends, parallel=1)
    assert far.loc[0, "p50_date"] is None and far.loc[0, "p85_sprints"] is None
    assert far.loc[0, "note"] == "85% not within 2 sprints"
    near = cap.forecast_epics(remaining.assign(remaining_points=5.0), [10], ends, parallel=1)
    assert near.loc[0, "note"] == "" and near.loc[0, "p85_sprints"] == 1


def test_an_epic_whose_own_pace_ends_idle_says_so_beside_its_far_forecast():
    """Little left, but nothing done on it for three sprints: its own pace puts it far off, and the note
    says why; an epic worked on last sprint, or on the team's share, gets no such note."""
    remaining = pd.DataFrame({"epic_phid": ["E-idle", "E-busy", "E-new"], "remaining_points": [10.0, 10.0, 10.0]})
    ends = [date(2026, 3, 27) + pd.Timedelta(days=14 * k) for k in range(30)]
    own = {"E-idle": [8.0, 5.0, 0.0, 0.0, 0.0], "E-busy": [4.0, 0.0, 5.0, 4.0, 3.0]}
    out = cap.forecast_epics(remaining, [10.0], ends, own=own, parallel=1).set_index("epic_phid")
    assert out.loc["E-idle", "note"].startswith("no points done on it in the last 3 sprints")
    assert out.loc["E-idle", "p50_sprints"] > out.loc["E-busy", "p50_sprints"]
    assert out.loc["E-busy", "note"] == "" and out.loc["E-new", "note"] == ""


def test_future_sprint_ends_extend_the_known_sprints_and_measure_the_running_one():
    w = cap.sprint_windows(sprints_frame(), AS_OF)
    ends, fraction = cap.future_sprint_ends(w, AS_OF, horizon=4)
    assert ends == [date(2026, 3, 27), date(2026, 4, 10), date(2026, 4, 24), date(2026, 5, 8)]
    assert fraction == 6 / 10   # Fri 20 - Fri 27 March: 6 of sprint 2's 10 working days left


def test_forecast_vs_actual_compares_each_stored_forecast_with_the_close():
    forecasts = pd.DataFrame({
        "made_at": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-05", "2026-01-05"]),
        "epic_phid": ["E-1", "E-2", "E-3", "E-4"], "remaining_points": [10.0, 20.0, 30.0, 5.0],
        "p50_date": [date(2026, 2, 1)] * 4, "p85_date": [date(2026, 2, 15)] * 4,
    })
    tasks = pd.DataFrame([
        task("E-1", "2026-01-01", closed=True, closed_at="2026-01-30", epic=True, id_=1),
        task("E-2", "2026-01-01", closed=True, closed_at="2026-02-10", epic=True, id_=2),
        task("E-3", "2026-01-01", closed=True, closed_at="2026-03-01", epic=True, id_=3),
        task("E-4", "2026-01-01", epic=True, id_=4),
    ])
    r = cap.forecast_vs_actual(forecasts, tasks, AS_OF).set_index("epic_phid")
    assert r.loc["E-1", "outcome"] == "closed by the 50% date" and r.loc["E-1", "days_vs_p50"] == -2
    assert r.loc["E-2", "outcome"] == "closed by the 85% date" and r.loc["E-2", "days_vs_p50"] == 9
    assert r.loc["E-3", "outcome"] == "closed after the 85% date" and r.loc["E-3", "days_vs_p50"] == 28
    assert r.loc["E-4", "outcome"] == "open, 85% date passed" and math.isnan(r.loc["E-4", "days_vs_p50"])
    # E-2 was declined, not finished: it did not land by any date
    tasks.loc[tasks["phid"] == "E-2", "status"] = "declined"
    r = cap.forecast_vs_actual(forecasts, tasks, AS_OF, dropped=DROPPED).set_index("epic_phid")
    assert r.loc["E-2", "outcome"] == "dropped (closed without being done)" and math.isnan(r.loc["E-2", "days_vs_p50"])
    assert r.loc["E-1", "outcome"] == "closed by the 50% date"


def test_everything_copes_with_an_empty_board():
    empty_tasks = pd.DataFrame(columns=["phid", "id", "title", "is_closed", "points", "owner_phid", "sprint_phid",
                                        "is_epic", "date_created", "date_closed"])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.settle_planned_entries(cap.state_history(pd.DataFrame(columns=cap.STATE_COLUMNS), empty_tasks),
                                         windows)
    assert history.empty
    states = cap.sprint_task_states(history, windows)
    health = cap.sprint_health(states, windows)
    assert list(health["planned_tasks"]) == [0, 0]      # two started sprints, nothing in them
    assert cap.velocity(health)["done_points"].tolist() == [0.0]
    b = cap.burnup(history, window(windows, S1))
    assert b["scope_points"].sum() == 0 and len(b) == 12
    assert cap.scope_changes(history, window(windows, S1)).empty
    assert cap.epic_remaining(empty_tasks, pd.DataFrame(columns=["parent_phid", "child_phid"])).empty


def test_a_task_joining_at_the_stroke_of_midnight_after_planning_day_is_walk_on_everywhere():
    snaps = pd.DataFrame([snap("T-1", "2026-02-25", S1, 3.0), snap("T-2", "2026-02-25", None, 2.0),
                          snap("T-2", "2026-03-03 00:00", S1, 2.0)])
    tasks = pd.DataFrame([task("T-1", "2026-02-20", S1, 3.0), task("T-2", "2026-02-20", S1, 2.0)])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks)
    states = cap.sprint_task_states(history, windows).set_index("task_phid")
    assert bool(states.loc["T-2", "walk_on"]) and not bool(states.loc["T-2", "planned"])
    changes = cap.scope_changes(history, window(windows, S1))
    assert list(changes["change"]) == ["added"]
    b = cap.burnup(history, window(windows, S1)).set_index("day")
    assert b.loc[date(2026, 3, 2), "scope_tasks"] == 1 and b.loc[date(2026, 3, 3), "scope_tasks"] == 2


def test_epic_throughput_is_the_epics_own_closed_points_per_finished_sprint():
    as_of = datetime(2026, 4, 20)     # sprints 1, 2 and 3 have all finished
    windows = cap.sprint_windows(sprints_frame(), as_of)
    tasks = pd.DataFrame([
        task("E-1", "2026-01-01", epic=True),
        task("T-2", "2026-01-01", points=3.0, closed=True, closed_at="2026-03-05"),   # in sprint 1
        task("T-3", "2026-01-01", points=8.0, closed=True, closed_at="2026-02-01"),   # before any sprint
        task("T-4", "2026-01-01", points=5.0),                                        # open
        task("T-5", "2026-01-01", points=5.0, closed=True, closed_at="2026-04-01"),   # in sprint 3
        task("E-2", "2026-03-20", epic=True),                                         # created during sprint 2
        task("T-6", "2026-03-20", points=2.0, closed=True, closed_at="2026-04-02"),   # in sprint 3
        task("E-3", "2026-01-01", epic=True),
        task("T-7", "2026-01-01", points=1.0),                                        # nothing closed yet
    ])
    edges = pd.DataFrame({"parent_phid": ["E-1"] * 4 + ["E-2", "E-3"],
                          "child_phid": ["T-2", "T-3", "T-4", "T-5", "T-6", "T-7"]})
    pace = cap.epic_throughput(tasks, edges, windows)
    # E-1: 3 in sprint 1, nothing in sprint 2, 5 in sprint 3; E-2, begun in sprint 3, has one sprint of
    # its own: too little to draw from (the team's share stands in)
    assert pace == {"E-1": [3.0, 0.0, 5.0]}


def test_an_epics_pace_counts_from_the_sprint_work_on_it_began_not_from_its_creation():
    windows = cap.sprint_windows(sprints_frame(), datetime(2026, 4, 20))
    tasks = pd.DataFrame([
        task("E-1", "2025-06-01", epic=True),                                          # made long ago
        task("T-2", "2026-01-01", points=3.0, closed=True, closed_at="2026-03-20"),   # begun in sprint 2
        task("T-3", "2026-01-01", points=2.0, closed=True, closed_at="2026-04-01"),   # and sprint 3
        task("T-4", "2026-01-01", points=3.0),
        task("E-2", "2025-06-01", epic=True),                                          # begun before the window
        task("T-5", "2025-06-01", points=8.0, closed=True, closed_at="2025-12-01"),
        task("T-6", "2025-06-01", points=1.0, closed=True, closed_at="2026-04-01"),
        task("T-7", "2025-06-01", points=20.0),
    ])
    edges = pd.DataFrame({"parent_phid": ["E-1"] * 3 + ["E-2"] * 3, "child_phid": ["T-2", "T-3", "T-4", "T-5", "T-6", "T-7"]})
    assert cap.epic_throughput(tasks, edges, windows) == {"E-1": [3.0, 2.0], "E-2": [0.0, 0.0, 1.0]}


def test_forecast_uses_an_epics_own_pace_when_it_has_one():
    remaining = pd.DataFrame({"epic_phid": ["E-1", "E-2"], "remaining_points": [8.0, 8.0]})
    ends = [pd.Timestamp(date(2026, 3, 27)).date() + pd.Timedelta(days=14 * i) for i in range(10)]
    f = cap.forecast_epics(remaining, [30, 30], ends, own={"E-1": [4.0, 4.0]}, parallel=3, trials=300, seed=3)
    f = f.set_index("epic_phid")
    # E-1 closes 4 points a sprint of its own: 8 points take 2 sprints; E-2 gets 30 / 3 = 10: one sprint
    assert (f.loc["E-1", "pace"], f.loc["E-1", "p50_sprints"], f.loc["E-1", "p85_sprints"]) == ("own", 2, 2)
    assert (f.loc["E-2", "pace"], f.loc["E-2", "p85_sprints"]) == ("team share", 1)


# --- writes: availability and forecasts (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) --------

from sqlalchemy import func, select  # noqa: E402

from lib.auth import EDITOR, VIEWER, Viewer  # noqa: E402
from lib.store.writes import EditRefused  # noqa: E402

from lib import capacity_edits  # noqa: E402
from lib.store import capacity_reads  # noqa: E402
from lib.store import schema  # noqa: E402


def _audit(engine):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.audit_log).order_by(schema.audit_log.c.id)).mappings()]


def test_validate_availability_names_each_problem():
    assert capacity_edits.validate_availability(0, 1, 0, 10) == []
    assert capacity_edits.validate_availability(10, 0, 1, 10) == []          # the edges are allowed
    problems = capacity_edits.validate_availability(-1, 1.5, -0.1, 10, person="Ann")
    assert problems == ["Ann: Days off cannot be negative (got -1).",
                        "Ann: Share of time must be between 0% and 100% (got 150%).",
                        "Ann: Buffer must be between 0% and 100% (got -10%)."]
    assert "exceed the sprint's 10 working days" in capacity_edits.validate_availability(11, 1, 0, 10)[0]
    assert capacity_edits.validate_availability("x", None, float("nan"), 10) == [
        "Days off must be a number.", "Share of time must be a number.", "Buffer must be a number."]


def editor(name: str) -> Viewer:
    return Viewer(name, EDITOR, False, open_mode=False)


def test_a_viewer_cannot_save_availability_and_nothing_is_written(any_engine):
    rows = [{"person": "Sam Wilson", "days_off": 1, "share": 1.0, "buffer": 0.1}]
    with pytest.raises(EditRefused, match="editor role"):
        capacity_edits.save_availability(any_engine, S1, rows, viewer=Viewer("exec", VIEWER, False, open_mode=False),
                                         working_days=10)
    with any_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.availability)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(schema.audit_log)).scalar() == 0


def test_save_availability_upserts_audits_changes_and_skips_no_ops(any_engine):
    rows = [{"person": "Ann", "days_off": 2, "share": 0.5, "buffer": 0.1},
            {"person": "Bob", "days_off": 0, "share": 1, "buffer": 0}]
    assert capacity_edits.save_availability(any_engine, S1, rows, viewer=editor("lead"), working_days=10) == 2
    assert len(_audit(any_engine)) == 6                                      # 3 fields x 2 people, all new
    # same values again: nothing changes, nothing is audited
    assert capacity_edits.save_availability(any_engine, S1, rows, viewer=editor("lead"), working_days=10) == 0
    assert len(_audit(any_engine)) == 6
    # one field changed: one audit row with the old and the new value and the reason
    capacity_edits.save_availability(any_engine, S1, [{**rows[0], "days_off": 3}], viewer=editor("lead2"), working_days=10,
                                     reason="holiday")
    last = _audit(any_engine)[-1]
    assert (last["entity_key"], last["field"], last["old_value"], last["new_value"], last["reason"], last["actor"]) == (
        f"{S1}|Ann", "days_off", "2.0", "3.0", "holiday", "lead2")
    stored = capacity_reads.availability(any_engine, S1).set_index("person")
    assert stored.loc["Ann", "days_off"] == 3 and stored.loc["Ann", "actor"] == "lead2"
    assert stored.loc["Bob", "share"] == 1


def test_save_availability_is_all_or_nothing(any_engine):
    rows = [{"person": "Ann", "days_off": 2, "share": 0.5, "buffer": 0.1},
            {"person": "Bob", "days_off": -1, "share": 1, "buffer": 0}]
    with pytest.raises(capacity_edits.AvailabilityError, match="Bob: Days off cannot be negative"):
        capacity_edits.save_availability(any_engine, S1, rows, viewer=editor("lead"), working_days=10)
    assert capacity_reads.availability(any_engine).empty and _audit(any_engine) == []


def test_record_forecasts_stores_once_a_day_unless_the_numbers_change(any_engine):
    fc = pd.DataFrame({"epic_phid": ["E-1", "E-2", "E-3"], "remaining_points": [8.0, 13.0, 99.0],
                       "p50_date": [date(2026, 4, 10), date(2026, 5, 8), None],
                       "p85_date": [date(2026, 4, 24), None, None]})     # E-3 got no forecast at all
    day1 = datetime(2026, 3, 20, 9, 0)
    assert capacity_edits.record_forecasts(any_engine, fc, "method", now=day1) == 2
    assert capacity_edits.record_forecasts(any_engine, fc, "method", now=day1.replace(hour=15)) == 0
    changed = fc.assign(remaining_points=[5.0, 13.0, 99.0])
    assert capacity_edits.record_forecasts(any_engine, changed, "method", now=day1.replace(hour=16)) == 1
    assert capacity_edits.record_forecasts(any_engine, changed, "method", now=datetime(2026, 3, 21, 9)) == 2
    stored = capacity_reads.forecasts(any_engine)
    assert len(stored) == 5 and "E-3" not in set(stored["epic_phid"])
    assert stored.loc[stored["epic_phid"] == "E-2", "p85_date"].isna().all()   # beyond the horizon, kept


def test_a_task_that_leaves_the_board_mid_sprint_is_removed_from_it_not_a_walk_on():
    """The first sync saw T-20 planned in sprint 1; a full run on 9 March found it gone from the board
    (moved to another project, hidden from the token). It was planned, then removed; never a walk-on,
    never left in the scope."""
    snaps = pd.DataFrame([
        {**snap("T-20", "2026-03-04 12:00", S1, 3.0), "on_board": True},
        {**snap("T-20", "2026-03-09 09:00", S1, 3.0), "on_board": False},
        {**snap("T-21", "2026-03-04 12:00", S1, 2.0), "on_board": True},
    ])
    on_board = pd.DataFrame([task("T-21", "2026-02-10", S1, 2.0)])
    dates = pd.DataFrame([{"phid": "T-20", "date_created": pd.Timestamp("2026-02-10"), "date_closed": pd.NaT},
                          {"phid": "T-21", "date_created": pd.Timestamp("2026-02-10"), "date_closed": pd.NaT}])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, on_board, dates)
    states = cap.sprint_task_states(history, windows).set_index("task_phid")
    assert bool(states.loc["T-20", "planned"]) and not bool(states.loc["T-20", "walk_on"])
    health = cap.sprint_health(states.reset_index(), windows).set_index("sprint_phid").loc[S1]
    assert (health["planned_tasks"], health["walk_on_tasks"]) == (2, 0)
    assert (health["removed_tasks"], health["removed_points"]) == (1, 3)
    assert (health["scope_tasks"], health["scope_points"]) == (1, 2)


def test_work_done_in_a_sprint_stays_done_when_the_task_later_leaves_the_board():
    snaps = pd.DataFrame([
        {**snap("T-20", "2026-02-25 08:00", S1, 3.0), "on_board": True},
        {**snap("T-20", "2026-03-06 09:00", S1, 3.0, closed=True), "on_board": True},
        {**snap("T-20", "2026-03-09 09:00", S1, 3.0, closed=True), "on_board": False},
    ])
    dates = pd.DataFrame([{"phid": "T-20", "date_created": pd.Timestamp("2026-02-10"),
                           "date_closed": pd.Timestamp("2026-03-06 09:00")}])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, pd.DataFrame([task("T-0", "2026-01-01")]).iloc[0:0], dates)
    health = cap.sprint_health(cap.sprint_task_states(history, windows), windows).set_index("sprint_phid").loc[S1]
    assert (health["done_tasks"], health["done_points"], health["removed_tasks"]) == (1, 3, 0)


DROPPED = frozenset({"declined", "invalid"})


def test_a_task_declined_in_a_sprint_is_removed_from_its_scope_not_done():
    """T-30 and T-31 were planned in sprint 1 at 3 and 5 points. T-30 was resolved on 5 March; T-31 was
    declined on 6 March. Declined work was not done: it leaves the scope (removed), adds no velocity,
    and the burnup's done line never counts it."""
    snaps = pd.DataFrame([
        {**snap("T-30", "2026-02-25 08:00", S1, 3.0, owner=PA), "status": "open"},
        {**snap("T-30", "2026-03-05 09:00", S1, 3.0, closed=True, owner=PA), "status": "resolved"},
        {**snap("T-31", "2026-02-25 08:00", S1, 5.0, owner=PA), "status": "open"},
        {**snap("T-31", "2026-03-06 09:00", S1, 5.0, closed=True, owner=PA), "status": "declined"},
    ])
    tasks = pd.DataFrame([{**task("T-30", "2026-02-01", S1, 3.0, True, "2026-03-05 09:00", PA), "status": "resolved"},
                          {**task("T-31", "2026-02-01", S1, 5.0, True, "2026-03-06 09:00", PA), "status": "declined"}])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks, dropped=DROPPED)
    states = cap.sprint_task_states(history, windows)
    s1 = cap.sprint_health(states, windows).set_index("sprint_phid").loc[S1]
    assert (s1["planned_tasks"], s1["planned_done_tasks"], s1["planned_done_points"]) == (2, 1, 3)
    assert (s1["removed_tasks"], s1["removed_points"]) == (1, 5)
    assert (s1["done_points"], s1["scope_tasks"], s1["scope_points"]) == (3, 1, 3)
    b = cap.burnup(history, window(windows, S1)).set_index("day")
    assert tuple(b.loc[date(2026, 3, 5)]) == (8, 3, 2, 1)   # both in scope, T-30 done
    assert tuple(b.loc[date(2026, 3, 13)]) == (3, 3, 1, 1)  # T-31 declined on the 6th: out of scope
    v = cap.person_velocity(states, windows, people_frame(), pd.DataFrame(columns=["sprint_phid", "person",
                            "days_off", "share"]), before=S2).set_index("person")
    assert v.loc["Ann", "points"] == 3
    # without the rule the declined task would count as done: the same history says 8 points
    plain = cap.sprint_health(cap.sprint_task_states(cap.state_history(snaps, tasks), windows), windows)
    assert plain.set_index("sprint_phid").loc[S1, "done_points"] == 8


def test_a_declined_task_the_history_never_saw_drops_out_at_its_close_and_a_reopened_one_comes_back():
    tasks = pd.DataFrame([{**task("T-32", "2026-02-20", S1, 2.0, True, "2026-03-04 09:00"), "status": "invalid"}])
    reopened = pd.DataFrame([
        {**snap("T-33", "2026-02-25 08:00", S1, 1.0), "status": "open"},
        {**snap("T-33", "2026-03-04 09:00", S1, 1.0, closed=True), "status": "declined"},
        {**snap("T-33", "2026-03-09 09:00", S1, 1.0), "status": "open"},
        {**snap("T-33", "2026-03-11 09:00", S1, 1.0, closed=True), "status": "resolved"},
    ])
    dates = pd.DataFrame([{"phid": "T-33", "date_created": pd.Timestamp("2026-02-20"),
                           "date_closed": pd.Timestamp("2026-03-11 09:00")}])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(reopened, tasks, pd.concat([dates, tasks[["phid", "date_created", "date_closed"]]]),
                                dropped=DROPPED)
    states = cap.sprint_task_states(history, windows).set_index("task_phid")
    assert bool(states.loc["T-32", "removed"]) and not bool(states.loc["T-32", "done"])
    assert bool(states.loc["T-33", "done"]) and not bool(states.loc["T-33", "removed"])


def test_epic_pace_and_the_default_estimate_leave_out_dropped_subtasks():
    windows = cap.sprint_windows(sprints_frame(), datetime(2026, 4, 20))
    tasks = pd.DataFrame([
        {**task("E-1", "2026-01-01", epic=True), "status": "open"},
        {**task("T-2", "2026-01-01", points=3.0, closed=True, closed_at="2026-03-05"), "status": "resolved"},
        {**task("T-3", "2026-01-01", points=13.0, closed=True, closed_at="2026-03-06"), "status": "declined"},
        {**task("T-4", "2026-01-01"), "status": "open"},
    ])
    edges = pd.DataFrame({"parent_phid": ["E-1"] * 3, "child_phid": ["T-2", "T-3", "T-4"]})
    assert cap.epic_throughput(tasks, edges, windows, dropped=DROPPED) == {"E-1": [3.0, 0.0, 0.0]}
    assert cap.epic_throughput(tasks, edges, windows) == {"E-1": [16.0, 0.0, 0.0]}
    remaining = cap.epic_remaining(tasks, edges, dropped=DROPPED).set_index("epic_phid")
    assert remaining.loc["E-1", "remaining_points"] == 3.0   # T-4 unestimated: the median done estimate


def test_an_epic_whose_subtasks_were_all_dropped_is_its_own_remaining_work_not_finished():
    tasks = pd.DataFrame([
        {**task("E-1", "2026-01-01", epic=True, points=5.0), "status": "open"},
        {**task("T-2", "2026-01-01", points=3.0, closed=True, closed_at="2026-03-05"), "status": "declined"},
    ])
    edges = pd.DataFrame({"parent_phid": ["E-1"], "child_phid": ["T-2"]})
    r = cap.epic_remaining(tasks, edges, dropped=DROPPED).set_index("epic_phid").loc["E-1"]
    assert (r["open_tasks"], r["remaining_points"]) == (1, 5.0)   # as an epic with no subtask at all


def test_epics_in_a_sprint_are_containers_not_planned_work():
    """E-40, an epic, was put in sprint 1 with its subtask T-41 (3 points, closed on the 5th): the sprint
    planned one task, not two, and every count agrees with the roadmap's sprint summary."""
    snaps = pd.DataFrame([snap("E-40", "2026-02-25 08:00", S1, None, owner=PA),
                          snap("T-41", "2026-02-25 08:00", S1, 3.0, owner=PA),
                          snap("T-41", "2026-03-05 09:00", S1, 3.0, closed=True, owner=PA)])
    tasks = pd.DataFrame([task("E-40", "2026-02-01", S1, owner=PA, epic=True),
                          task("T-41", "2026-02-01", S1, 3.0, True, "2026-03-05 09:00", PA)])
    windows = cap.sprint_windows(sprints_frame(), AS_OF)
    history = cap.state_history(snaps, tasks)
    assert set(history["task_phid"]) == {"T-41"}
    s1 = cap.sprint_health(cap.sprint_task_states(history, windows), windows).set_index("sprint_phid").loc[S1]
    assert s1["summary"] == "1 of 1 planned tasks completed, 0 walk-on"
    assert s1["unestimated_tasks"] == 0
    assert list(cap.sprint_work(tasks, S1)["phid"]) == ["T-41"]

    # the same epic after it left the board: known from `dates` (every task, those that left included)
    on_board = tasks[tasks["phid"] == "T-41"]
    dates = tasks[["phid", "is_epic", "date_created", "date_closed"]]
    left = cap.state_history(snaps, on_board, dates)
    assert set(left["task_phid"]) == {"T-41"}


def test_availability_changes_read_in_percent_as_the_form_takes_them():
    audit = pd.DataFrame({"at": [datetime(2026, 3, 2)] * 3, "actor": ["lead"] * 3, "person": ["Ann"] * 3,
                          "field": ["days_off", "share", "buffer"], "old_value": ["1.0", None, "0.1"],
                          "new_value": ["2.0", "0.5", "0.0"], "reason": ["conference"] * 3})
    out = capacity_edits.readable_changes(audit)
    assert out[["field", "to"]].values.tolist() == [["days_off", "2.0"], ["share", "50%"], ["buffer", "0%"]]
    assert out["from"][0] == "1.0" and pd.isna(out["from"][1]) and out["from"][2] == "10%"   # none before: none
    assert set(out["reason"]) == {"conference"}


def test_a_running_sprints_open_work_is_weighed_against_the_days_it_has_left():
    people = pd.DataFrame({"name": ["Ann"], "role": ["Eng"], "user_phid": ["PHID-USER-ann"]})
    availability = pd.DataFrame({"person": ["Ann"], "days_off": [2.0], "share": [1.0], "buffer": [0.0]})
    velocities = pd.DataFrame({"person": ["Ann"], "points_per_day": [1.0]})
    tasks = pd.DataFrame({"owner_phid": ["PHID-USER-ann"], "points": [5.0], "is_closed": [False]})
    whole = cap.capacity(people, availability, velocities, tasks, working=10)
    half = cap.capacity(people, availability, velocities, tasks, working=10, days_left=5)
    assert whole.loc[0, "available_points"] == 8.0 and half.loc[0, "available_points"] == 4.0
    assert half.loc[0, "flag"] != "" and whole.loc[0, "flag"] == ""   # 5 open points: over the 4 left, not the 8
    w = {"state": "current", "start_date": date(2026, 11, 16), "end_date": date(2026, 11, 27)}
    assert cap.working_days_left(w, datetime(2026, 11, 24, 12)) == 4  # Tue to Fri
    assert cap.working_days_left({**w, "state": "past"}, datetime(2026, 11, 24)) is None


def _work(points: list, in_sprint: bool = True) -> pd.DataFrame:
    return pd.DataFrame({"points": pd.Series(points, dtype=float), "is_epic": False, "is_closed": False,
                         "sprint_phid": S1 if in_sprint else None})


def test_a_board_is_estimated_in_points_when_half_its_sprint_work_has_points():
    assert cap.estimated_in_points(_work([3, 5, None, None]))
    assert not cap.estimated_in_points(_work([3, None, None, None]))   # estimated now and then: count tasks
    assert not cap.estimated_in_points(_work([None, None]))
    epics = _work([8, 8, 8]).assign(is_epic=True)                     # an epic's points are no work's
    assert not cap.estimated_in_points(pd.concat([epics, _work([None])]))
    closed_backlog = _work([None] * 8, in_sprint=False).assign(is_closed=True)   # declined, invalid: never estimated
    assert cap.estimated_in_points(pd.concat([_work([3, 5]), closed_backlog]))
    no_sprints = _work([None] * 39 + [2.0], in_sprint=False).assign(is_closed=True)   # no sprints: the work done
    assert not cap.estimated_in_points(no_sprints)
    assert cap.estimated_in_points(_work([3.0, 2.0, None], in_sprint=False))
    assert not cap.estimated_in_points(_work([], in_sprint=False))


def test_without_points_each_task_but_an_epic_counts_as_one_now_and_in_its_history():
    tasks = pd.DataFrame({"phid": ["T1", "T2", "E1"], "points": [None, None, None], "is_epic": [False, False, True]})
    history = pd.DataFrame({"task_phid": ["T1", "T1"], "points": [None, None]})
    counted, counted_history = cap.one_point_per_task(tasks, history)
    assert counted["points"].tolist()[:2] == [1.0, 1.0] and math.isnan(counted["points"].iloc[2])
    assert counted_history["points"].tolist() == [1.0, 1.0]


def test_a_table_in_tasks_leaves_out_its_points_and_unestimated_columns():
    table = pd.DataFrame({"epic": ["E"], "subtasks": [3], "points": [5.0], "points_done": [2.0], "pct_points": [40.0],
                          "unestimated": [1], "unestimated_tasks": [1], "pct_count": [33.0]})
    assert cap.in_measure(table, in_points=True) is table
    assert cap.in_measure(table, in_points=False).columns.tolist() == ["epic", "subtasks", "pct_count"]


def test_someone_who_finished_their_sprint_work_is_free_for_more_not_idle():
    velocities = pd.DataFrame({"person": ["Ann", "Bob"], "points_per_day": [1.0, 1.0]})
    sprint_tasks = pd.DataFrame({"owner_phid": [PA], "points": [3.0], "is_closed": [True]})   # Ann closed hers
    people = people_frame()[lambda f: f["user_phid"].isin([PA, PB])]
    c = cap.capacity(people, pd.DataFrame(columns=["person", "days_off", "share", "buffer"]), velocities,
                     sprint_tasks, working=10).set_index("name")
    assert c.loc["Ann", "flag"] == "sprint work done" and c.loc["Bob", "flag"] == "nothing committed"
