"""The team page under Streamlit's AppTest, on a small store of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from lib.store import schema as s

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "team.py")


@pytest.fixture
def app(engine, store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    return AppTest.from_file(PAGE, default_timeout=30)


def seed(engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(s.team_members), [
            {"name": "Ann Lee", "role": "Product Manager", "position": 1},
            {"name": "<b>Bob</b> [x](http://evil)", "role": "Engineer", "position": 2}])
        conn.execute(insert(s.daci), [
            {"category": "Product", "decision": "Set goals", "role": "PM", "assignment": "Driver/Approver",
             "position": 1, "role_position": 2},
            {"category": "Product", "decision": "Set goals", "role": "EM", "assignment": "Consulted",
             "position": 1, "role_position": 1},
            {"category": "People", "decision": "Hire", "role": "EM", "assignment": "Driver", "position": 2,
             "role_position": 1},
            {"category": "People", "decision": "Hire", "role": "PM", "assignment": "Informed", "position": 2,
             "role_position": 2}])
        conn.execute(insert(s.role_responsibilities), [
            {"role": "Product Manager", "position": 1, "responsibility": "Owns the roadmap"},
            {"role": "Engineer", "position": 1, "responsibility": "Builds it"}])
        conn.execute(insert(s.column_guide), [
            {"board": "sprint", "column_name": "Doing", "what": "In progress", "who_moves": "Engineer",
             "position": 1},
            {"board": "workboard", "column_name": "Backlog", "what": "Not yet planned", "who_moves": "PM",
             "position": 1}])


def test_matrix_in_wiki_column_order_then_one_roles_list(app, engine):
    seed(engine)
    app.run()
    assert not app.exception
    matrix = app.dataframe[0].value
    assert list(matrix.columns) == ["category", "decision", "EM", "PM"]
    assert matrix.set_index("decision").loc["Set goals", "PM"] == "D/A"
    counts = next(df.value for df in app.dataframe if "people" in df.value.columns)
    assert dict(zip(counts["role"], counts["people"])) == {"EM": "", "PM": ""}  # roster says "Product Manager"
    gaps = [w.value for w in app.warning if w.value.startswith("No one on the roster holds")]
    assert len(gaps) == 2 and "**EM**, which drives 1 and approves 0" in gaps[0]
    app.selectbox(key="team-daci-role").select("EM").run()
    mine = app.dataframe[0].value
    assert mine[["assignment", "decision"]].values.tolist() == [["Driver", "Hire"], ["Consulted", "Set goals"]]
    assert any("No one on the roster" in c.value for c in app.caption)


def test_long_role_names_head_the_matrix_by_initials_with_a_key_above(app, engine):
    """At 1920 px ten role columns cannot show "Technical Program Manager": a column showed "Technical
    Progr". The heading is short, the key above the matrix says what it stands for, the CSV keeps names."""
    import json

    seed(engine)
    with engine.begin() as conn:
        conn.execute(insert(s.daci), [{"category": "People", "decision": "Hire", "role": "Technical Program Manager",
                                       "assignment": "Consulted", "position": 2, "role_position": 3}])
    app.run()
    assert not app.exception
    grid = app.dataframe[0]
    assert list(grid.value.columns) == ["category", "decision", "EM", "PM", "Technical Program Manager"]
    config = json.loads(grid.proto.columns)
    assert [config[r]["label"] for r in ("EM", "PM", "Technical Program Manager")] == ["EM", "PM", "TPM"]
    assert config["Technical Program Manager"]["help"] == "Technical Program Manager"
    assert any(c.value == "Roles: **TPM**: Technical Program Manager" for c in app.caption)
    counts = next(df for df in app.dataframe if "people" in df.value.columns)
    assert json.loads(counts.proto.columns)["people"]["width"] == "large"   # all holders of a role in view


def test_a_roles_list_names_who_holds_it(app, engine):
    seed(engine)
    with engine.begin() as conn:
        conn.execute(insert(s.daci), [{"category": "People", "decision": "Hire", "role": "Product Manager",
                                       "assignment": "Approver", "position": 2, "role_position": 3}])
    app.run()
    counts = next(df.value for df in app.dataframe if "people" in df.value.columns)
    assert dict(zip(counts["role"], counts["people"]))["Product Manager"] == "Ann Lee"
    app.selectbox(key="team-daci-role").select("Product Manager").run()
    assert any("Ann Lee" in c.value for c in app.caption)


def test_roster_responsibilities_and_both_boards_are_shown_as_text(app, engine):
    seed(engine)
    app.run()
    frames = [df.value for df in app.dataframe]
    roster = next(f for f in frames if "name" in f.columns)
    assert roster["name"].tolist() == ["Ann Lee", "<b>Bob</b> [x](http://evil)"]  # a cell, never markup
    duties = next(f for f in frames if list(f.columns) == ["responsibility"])
    assert duties["responsibility"].tolist() == ["Builds it"]  # first role, alphabetically: Engineer
    app.selectbox(key="team-duties-role").select("Product Manager").run()
    duties = next(df.value for df in app.dataframe if list(df.value.columns) == ["responsibility"])
    assert duties["responsibility"].tolist() == ["Owns the roadmap"]
    boards = [m.value for m in app.markdown if m.value.startswith("**")]
    assert boards == ["**Main workboard**", "**Sprint board**"]
    assert not any("evil" in m.value for m in app.markdown)


def test_an_empty_store_says_where_the_team_comes_from(app):
    app.run()
    assert not app.exception
    assert "team wiki page" in app.info[0].value


def test_the_meetings_table_and_the_leads_meetings_slot(app, engine):
    seed(engine)
    with engine.begin() as conn:
        conn.execute(insert(s.meeting_rituals), [
            {"position": 1, "ritual": "Leads planning", "cadence": "Weekly on Tuesdays 16:00 CET",
             "how": "Video call", "who": "Ann Lee", "what": "<script>x</script> priorities"}])
    app.run()
    assert not app.exception
    meetings = next(df.value for df in app.dataframe if "ritual" in df.value.columns)
    assert list(meetings.columns) == ["ritual", "when", "how", "who", "what"]
    assert meetings["what"].tolist() == ["<script>x</script> priorities"]  # kept as written, in a grid cell
    assert any("Tuesdays 16:00 Europe/Berlin." in c.value for c in app.caption)


def test_a_team_page_without_meetings_says_so(app, engine):
    seed(engine)
    app.run()
    assert any("no meetings table" in c.value for c in app.caption)
