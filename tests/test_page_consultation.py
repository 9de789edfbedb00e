"""The consultation page under Streamlit's AppTest, on a small store of its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from lib import consultation_edits as edits
from lib.auth import EDITOR, VIEWER, Viewer
from lib.store import consultation_reads as creads
from lib.store import schema as s
from lib.ui import VIEWER_OVERRIDE_KEY
from tests.test_consultation import HEADER, csv_of, seed_store

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "consultation.py")
EDITOR_ME = Viewer("page-editor", EDITOR, False, open_mode=False)
READER = Viewer("page-reader", VIEWER, False, open_mode=False)
EDIT_KEYS = ("fb_save", "fb_import", "ln_add", "ln_remove")


@pytest.fixture
def app(engine, store_url, monkeypatch):
    """An AppTest of the page on the temp store, acting as an editor unless a test says otherwise."""
    monkeypatch.setenv("DATABASE_URL", store_url)
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[VIEWER_OVERRIDE_KEY] = EDITOR_ME
    return at


def _feedback_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(s.feedback)).scalar()


def _texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("error", "warning", "success", "info") for e in getattr(at, kind))


def _table_frames(at):
    return [df.value for df in at.dataframe]


def test_page_renders_the_plan_and_the_feedback(app, engine):
    seed_store(engine)
    app.run()
    assert not app.exception
    shown = "\n".join(m.value.replace("\\", "") for m in app.markdown)
    assert "**Summarization of consultation**  \nin progress as of 2023-09-19" in shown
    assert "**Public report back on what was found**  \ndate: not on the wiki yet" in shown
    assert app.metric[0].value == "2"
    frames = _table_frames(app)
    steps = next(f for f in frames if "state" in f.columns)
    assert steps.loc[steps["current"], "activity"].tolist() == ["Summarization of consultation"]
    silent = next(f for f in frames if list(f.columns) == ["group"] and len(f) == 2)
    assert set(silent["group"]) == {"WMDE and other affiliate staff", "Volunteer developer community"}
    # every table has its CSV download beside it
    assert len(app.get("download_button")) >= len(frames)


def test_page_explains_an_empty_store_without_a_traceback(app):
    app.run()
    assert not app.exception
    assert "No consultation page synced yet" in _texts(app)


def test_feedback_entered_with_the_form_is_stored_and_audited(app, engine):
    seed_store(engine, with_feedback=False)
    app.run()
    app.selectbox(key="fb_group").select("Volunteer developer community")
    app.selectbox(key="fb_channel").select("On-wiki comments")
    app.date_input(key="fb_date").set_value(date(2023, 7, 25))
    app.text_input(key="fb_theme").input("Documentation")
    next(t for t in app.text_area if t.label == "What they said").input("Please write decisions *down*.")
    app.button(key="fb_save").click().run()
    assert not app.exception
    assert "Feedback saved" in _texts(app)
    assert next(t for t in app.text_area if t.label == "What they said").value == ""  # ready for the next item
    fb = creads.feedback(engine)
    assert fb[["stakeholder_group", "channel", "step", "theme", "text", "actor"]].values.tolist() == [[
        "Volunteer developer community", "On-wiki comments", "Summarization of consultation", "Documentation",
        "Please write decisions *down*.", "page-editor"]]
    with engine.connect() as conn:
        audit = conn.execute(select(s.audit_log)).mappings().all()
    assert [(a["entity"], a["entity_key"], a["actor"]) for a in audit] == [
        (edits.ENTITY_FEEDBACK, str(fb.loc[0, "id"]), "page-editor")]


def test_a_future_date_is_refused_with_a_message_not_replaced_by_today(app, engine):
    from datetime import timedelta

    from lib.store.engine import utcnow

    seed_store(engine, with_feedback=False)
    app.run()
    app.date_input(key="fb_date").set_value(utcnow().date() + timedelta(days=400))
    app.text_input(key="fb_theme").input("Documentation")
    next(t for t in app.text_area if t.label == "What they said").input("From next year.")
    app.button(key="fb_save").click().run()
    assert not app.exception
    assert any("is in the future" in e.value for e in app.error)
    assert creads.feedback(engine).empty


def test_a_form_entry_with_an_empty_text_is_refused_on_screen(app, engine):
    seed_store(engine, with_feedback=False)
    app.run()
    app.text_input(key="fb_theme").input("Documentation")
    app.button(key="fb_save").click().run()
    assert not app.exception
    assert "text is empty" in _texts(app).replace("\\", "")
    assert _feedback_count(engine) == 0


def test_a_bad_csv_reports_each_bad_row_and_imports_nothing(app, engine):
    seed_store(engine)
    app.run()
    data = csv_of(HEADER,
                  "WMF staff,Survey,,Docs,Good row,2023-08-01",
                  "Martians,Survey,,Docs,Unknown group,2023-08-01",
                  "WMF staff,Survey,,Docs,,2023-08-01",
                  "WMF staff,Survey,,Docs,Bad date,31.08.2023")
    app.file_uploader(key="fb_csv").set_value(("survey.csv", data, "text/csv"))
    app.run()
    app.button(key="fb_import").click().run()
    assert not app.exception
    assert "Nothing imported: 3 of 4 rows have problems" in _texts(app)
    problems = next(f for f in _table_frames(app) if list(f.columns) == ["row", "problem"])
    assert problems["row"].tolist() == [3, 4, 5]
    assert "Martians" in problems.loc[0, "problem"] and "text is empty" in problems.loc[1, "problem"]
    assert _feedback_count(engine) == 2


def test_a_reimport_reports_duplicates(app, engine):
    seed_store(engine)
    app.run()
    data = csv_of(HEADER, "WMF staff,Survey,,Docs,First,2023-08-01", "WMF staff,Survey,,Docs,Second,2023-08-02")
    app.file_uploader(key="fb_csv").set_value(("survey.csv", data, "text/csv"))
    app.run()
    app.button(key="fb_import").click().run()
    assert "Imported 2 of 2 rows." in _texts(app)
    app.button(key="fb_import").click().run()
    assert not app.exception
    assert "Imported 0 of 2 rows. 2 duplicate rows skipped." in _texts(app)
    dups = next(f for f in _table_frames(app) if list(f.columns) == ["row", "duplicate of"])
    assert dups["row"].tolist() == [2, 3]
    assert _feedback_count(engine) == 4


def test_an_editor_links_a_theme_to_an_epic(app, engine):
    seed_store(engine)
    app.run()
    app.selectbox(key="ln_theme").select("Documentation")
    app.radio(key="ln_kind").set_value("epic").run()
    app.selectbox(key="ln_target").select("T100 Decision records")
    app.button(key="ln_add").click().run()
    assert not app.exception
    links = creads.theme_links(engine)
    assert links[["theme", "target_kind", "target_key"]].values.tolist() == [
        ["Documentation", "epic", "PHID-TASK-epic"]]
    assert "Theme Documentation linked to epic T100 Decision records." in _texts(app)


def test_the_link_form_preselects_nothing_and_a_click_without_a_choice_links_nothing(app, engine):
    seed_store(engine)
    app.run()
    assert app.selectbox(key="ln_target").value is None
    app.button(key="ln_add").click().run()
    assert not app.exception
    assert any("Not linked: choose the goal first" in e.value for e in app.error)
    assert creads.theme_links(engine).empty


def test_a_viewer_sees_no_edit_widget(app, engine):
    seed_store(engine)
    app.session_state[VIEWER_OVERRIDE_KEY] = READER
    app.run()
    assert not app.exception
    keys = {b.key for b in app.button}
    assert not keys & set(EDIT_KEYS)
    assert len(app.file_uploader) == 0 and len(app.text_area) == 0 and len(app.text_input) == 0
    assert "read-only" in " ".join(str(x.value) for x in app.caption)


def test_wiki_text_is_shown_as_written_not_as_markup(app, engine):
    seed_store(engine)
    with engine.begin() as conn:
        conn.execute(s.consultation_steps.update().where(s.consultation_steps.c.position == 4)
                     .values(activity="<img src=x onerror=alert(1)> **loud** [link](javascript:alert(1))"))
    app.run()
    assert not app.exception
    current = next(m.value for m in app.markdown if "onerror" in m.value)
    assert current.startswith("**\\<img src=x onerror=alert\\(1\\)\\> \\*\\*loud\\*\\* \\[link\\]")


def test_the_plans_date_axis_names_each_month_once(app, engine):
    """"%b %Y" at weekly ticks read "Apr 2023 Apr 2023 Apr 2023" under the steps (the seeded plan runs
    from March to September 2023)."""
    import json

    seed_store(engine)
    app.run()
    layers = [layer for c in app.get("vega_lite_chart") for layer in json.loads(c.proto.spec).get("layer", [])]
    (bars,) = [layer for layer in layers if layer.get("mark", {}).get("type") == "bar"]
    axis = bars["encoding"]["x"]["axis"]
    assert axis["format"] == "%b %Y" and axis["tickCount"] == {"interval": "month", "step": 1}


def test_the_feedback_themes_are_told_apart_by_hue(app, engine):
    """Streamlit's palette gives neighbouring categories two shades of one hue (red and pink, blue and
    light blue): on the shared screen the themes take a palette of ten distinct hues."""
    import json

    seed_store(engine)
    app.run()
    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    themes = [s["encoding"]["color"] for s in specs if s.get("encoding", {}).get("color", {}).get("field") == "theme"]
    assert themes and all(c["scale"]["scheme"] == "tableau10" for c in themes)
