"""Shared widgets: remote text never becomes markdown; an edit's message outlives the rerun that follows it."""

from __future__ import annotations


def test_remote_text_is_escaped_before_it_reaches_markdown():
    from lib.ui import md

    hostile = "![pixel](https://evil.example/p.png) [click](https://evil.example) **bold** <b>x</b>"
    escaped = md(hostile)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped and "<b>" not in escaped
    assert escaped.replace("\\", "").replace("`", "") == hostile  # nothing lost, only escaped
    assert "`https://evil.example/p.png`" in escaped  # an address in a code span: shown, never a link


def test_an_address_in_a_message_reads_as_written():
    """Escaped, the dots of `http://127\\.0\\.0\\.1` showed their backslashes: the autolinker took them in."""
    from lib.ui import md

    message = "Wiki API: could not connect to http://127.0.0.1:46729/w/api.php. Check WIKI_API_URL (see README)."
    shown = md(message)
    assert "`http://127.0.0.1:46729/w/api.php`" in shown  # the sentence's full stop stays outside
    assert shown.startswith("Wiki API: could not connect to `") and shown.endswith("WIKI\\_API\\_URL \\(see README\\)\\.")
    assert md("a `tick https://x.example/a`b") == "a \\`tick `https://x.example/a`\\`b"


def _edit_app():
    """A page with one edit button that leaves a message and a table of details for after its rerun."""
    import pandas as pd
    import streamlit as st

    from lib import ui

    ui.show_flash()
    st.text_input("Note", key=ui.form_key("notes", "note"))
    st.text_input("Other", key=ui.form_key("other", "other"))
    if st.button("Save"):
        ui.after_edit("Saved **2** rows.", kind="warning", renew=("notes",),
                      tables={"skipped rows": pd.DataFrame({"row": [3]}), "empty details": pd.DataFrame()})


def test_an_edit_message_survives_the_rerun_once_with_its_tables():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_edit_app).run()
    at.text_input(key="note-0").input("typed").run()
    at.text_input(key="other-0").input("kept").run()
    at.button[0].click().run()
    assert [w.value for w in at.warning] == ["Saved **2** rows."]
    assert len(at.dataframe) == 1  # the empty table is left out
    assert [b.label for b in at.get("download_button")] == ["Download skipped rows as CSV"]
    assert at.text_input(key="note-1").value == ""  # the saved form's input starts empty for the next entry
    assert at.text_input(key="other-0").value == "kept"  # another form's is left alone
    at.run()
    assert not at.warning and not at.dataframe  # shown once


def _banner_app():
    from lib import ui

    ui.data_age_banner()


def _record_run(engine, kind: str, outcome: str, hours_ago: float, error: str | None = None) -> None:
    from datetime import timedelta

    from sqlalchemy import insert

    from lib.store import schema as s
    from lib.store.engine import utcnow

    at = utcnow() - timedelta(hours=hours_ago)
    with engine.begin() as conn:
        conn.execute(insert(s.sync_runs).values(kind=kind, started_at=at, finished_at=at, outcome=outcome,
                                                requests=0, error=error))


def test_the_demo_stays_labelled_as_the_demo_after_a_failed_first_sync_of_a_real_board(engine, store_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", store_url)
    app = AppTest.from_function(_banner_app)
    _record_run(engine, "demo", "success", hours_ago=1)
    _record_run(engine, "full", "failed", hours_ago=0, error="Conduit project.search: could not connect")
    app.run()
    assert "Demo data" in app.info[0].value
    (said,) = [e.value for e in app.error]
    assert "sync of your own board failed" in said and "could not connect" in said and "demo stays" in said
    assert not any("Showing the last good data" in e.value for e in app.error)
    _record_run(engine, "demo", "failed", hours_ago=0, error="the demo's own pages did not read")
    app.run()  # a failed rebuild of the demo is no sync of one's own board
    assert "Demo data" in app.info[0].value and not any("your own board" in e.value for e in app.error)


def test_the_banner_says_how_old_the_data_is_and_what_it_is(engine, store_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", store_url)
    app = AppTest.from_function(_banner_app)
    _record_run(engine, "demo", "success", hours_ago=120)
    app.run()
    assert "Demo data" in app.info[0].value and not app.warning  # an old demo is no stale sync
    _record_run(engine, "full", "success", hours_ago=30)
    app.run()
    assert "older than 26 h" in app.warning[0].value and not app.info
    _record_run(engine, "incremental", "failed", hours_ago=1, error="Conduit maniphest.search: HTTP 503")
    app.run()
    assert "The last sync failed" in app.error[0].value and "HTTP 503" in app.error[0].value
    _record_run(engine, "incremental", "success", hours_ago=0.5,
                error="Not read, so kept as the last good run left them: the wiki: Wiki API: could not connect")
    app.run()  # the board read, the wiki not: data as of that run, and what it kept from before
    (said,) = [w.value for w in app.warning]
    assert said.startswith("Data as of") and "the wiki: Wiki API: could not connect." in said
    assert "The board is current; the wiki's data on screen is from the sync of" in said  # no counts: all of it
    assert not app.error
    _record_run(engine, "incremental", "success", hours_ago=0)
    app.run()
    assert not app.warning and not app.error and "just now" in app.caption[0].value


def test_columns_are_headed_in_words_with_their_unit():
    from lib.ui import column_label

    assert column_label("started_by") == "started by"
    assert column_label("duration_s") == "duration (s)"
    assert column_label("peak_rss_mb") == "peak rss (MB)"
    assert column_label("days_vs_p50") == "days vs p50"
    assert column_label("points") == "points"
    assert column_label("_") == "_"


def _table_app():
    import pandas as pd

    from lib import ui

    ui.show_table(pd.DataFrame({"wiki_stage": ["final"], "duration_s": [3], "owner": ["Ann"]}), "goals",
                  column_config={"owner": "Goal owner"})


def test_the_screen_shows_words_and_the_csv_keeps_the_column_names(click_download):
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_table_app).run()
    labels = {name: cfg.get("label") for name, cfg in json.loads(at.dataframe[0].proto.columns).items()}
    assert labels["wiki_stage"] == "wiki stage" and labels["duration_s"] == "duration (s)"
    assert labels["owner"] == "Goal owner"  # a page's own heading wins
    csv = click_download(at.get("download_button")[0]).decode()
    assert csv.splitlines()[0] == "wiki_stage,duration_s,owner"


def test_missing_text_shows_as_an_empty_cell_while_numbers_and_dates_keep_theirs():
    import datetime as dt

    import pandas as pd

    from lib import ui

    df = pd.DataFrame({"owner": ["Ann", None], "points": [3.0, None], "due": [dt.date(2026, 1, 1), None],
                       "mixed": ["x", 1], "none": [None, None]}).astype({"none": object})
    shown = ui.screen_text(df)
    assert list(shown["owner"]) == ["Ann", ""] and list(shown["none"]) == ["", ""]
    assert pd.isna(shown["points"][1]) and pd.isna(shown["due"][1]) and list(shown["mixed"]) == ["x", 1]
    assert pd.isna(df["owner"][1])   # the caller's frame (and so its CSV) is untouched
    odd = pd.DataFrame([["a", None, 1]], columns=["x", "x", 0]).astype({0: float})
    assert ui.screen_text(odd).iloc[0].tolist() == ["a", "", 1.0]   # repeated and non-text names


def _missing_numbers_app():
    import datetime as dt

    import pandas as pd
    import streamlit as st

    from lib import ui

    ui.show_table(pd.DataFrame({"name": ["Ann", "Bob"], "points": [3.0, None], "load_pct": [0.62, None],
                                "due": [dt.date(2026, 1, 1), None]}), "capacity",
                  column_config={"load_pct": st.column_config.NumberColumn("load", format="percent")})


def test_a_missing_number_or_date_is_an_empty_cell_and_numbers_stay_numbers(click_download):
    """Streamlit draws a missing cell as a grey "None" unless told what to draw (a pandas Styler's
    na_rep does not reach number cells); the numbers must stay numbers and the CSV as it was."""
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_missing_numbers_app).run()
    grid = at.dataframe[0]
    assert grid.proto.HasField("placeholder") and grid.proto.placeholder == ""
    shown = grid.value
    assert shown["points"].dtype.kind == "f" and shown["load_pct"].dtype.kind == "f"   # right-aligned, sortable
    assert shown["points"].isna().tolist() == [False, True]
    config = json.loads(grid.proto.columns)
    assert config["load_pct"]["type_config"]["format"] == "percent"   # the page's format still applies
    csv = click_download(at.get("download_button")[0]).decode()
    assert csv.splitlines() == ["name,points,load_pct,due", "Ann,3.0,0.62,2026-01-01", "Bob,,,"]


def test_a_cell_of_several_lines_shows_them_apart():
    import pandas as pd

    from lib import ui

    df = pd.DataFrame({"task": ["Design the questions\nAnalyse the answers", "One line", None],
                       "n": [1, 2, 3]})
    shown = ui.screen_text(df)
    assert shown["task"].tolist() == ["Design the questions · Analyse the answers", "One line", ""]
    assert "\n" in df["task"][0]   # the CSV keeps the wiki's lines


def test_a_csv_file_is_named_after_its_table_and_the_day_it_was_taken():
    import datetime as dt

    from lib.ui import csv_file_name

    assert csv_file_name("goals 2017-18 Q2", dt.date(2026, 11, 30)) == "goals-2017-18-q2-2026-11-30.csv"
    assert csv_file_name("Tasks per workboard column", dt.date(2026, 1, 5)) == "tasks-per-workboard-column-2026-01-05.csv"
    assert csv_file_name("!!!", dt.date(2026, 1, 5)) == "table-2026-01-05.csv"
    assert csv_file_name("Rückmeldungen für Q2", dt.date(2026, 1, 5)) == "rückmeldungen-für-q2-2026-01-05.csv"


def test_long_names_head_narrow_columns_by_their_initials_with_a_key():
    from lib import ui

    assert ui.initials("Technical Program Manager") == "TPM"
    assert ui.initials("Director of Product Management") == "DPM"
    assert ui.initials("UX Designer") == "UXD" and ui.initials("Lead Engineer/Tech Lead") == "LETL"
    short = ui.short_headings(["Product Manager", "Engineers", "PM", "Project Manager", "Technical Lead"], fits=10)
    assert short == {"Product Manager": "PM 2", "Engineers": "Engineers", "PM": "PM", "Project Manager": "PM 3",
                     "Technical Lead": "TL"}   # every heading its own; a short name is kept as it is
    key = ui.headings_key({"Product Manager": "PM", "Other": "Other", "<b>QA</b> [x](y)": "QAXY"})
    assert key == "**PM**: Product Manager · **QAXY**: \\<b\\>QA\\</b\\> \\[x\\]\\(y\\)"   # wiki text escaped


def test_a_column_is_as_wide_as_its_longest_text_within_bounds():
    import pandas as pd

    from lib import ui

    flags = pd.Series(["nothing committed", None, "over-allocated; 1 unestimated"])
    assert ui.text_width(flags) == len("over-allocated; 1 unestimated") * ui.PX_PER_CHAR + ui.CELL_PADDING_PX
    assert ui.text_width(pd.Series(["x" * 200]), most=340) == 340
    assert ui.text_width(pd.Series([None, 3.0]), least=150) == 150


def test_a_mostly_empty_text_column_is_shown_whole_under_its_usual_label():
    """The forecast's note is empty for most epics: sized by the grid to its header it read "no points do…"."""
    import pandas as pd

    from lib import ui

    notes = pd.DataFrame({"note": ["", "", "no points done on it in the last 8 sprints", ""], "on_wiki": ["yes"] * 4})
    config = ui.whole_text(notes, "note", "on_wiki")
    assert config["note"]["width"] == ui.text_width(notes["note"]) >= ui.PX_PER_CHAR * len(notes["note"][2])
    assert config["note"]["label"] == ui.column_label("note") and config["on_wiki"]["label"] == "on wiki"


def _two_sizes_app():
    import pandas as pd

    from lib import ui

    ui.show_table(pd.DataFrame({"a": range(3)}), "small")
    ui.show_table(pd.DataFrame({"a": range(ui.EAGER_CSV_ROWS + 1)}), "big")


def test_a_download_click_reruns_nothing_and_a_small_tables_csv_comes_with_the_page(click_download):
    """A click that reruns the page can lose its file in Streamlit 1.67 (the button spins for ever):
    no button reruns; a small table's CSV is stored with the page, a big one's made on click."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_two_sizes_app).run()
    small, big = at.get("download_button")
    assert small.proto.ignore_rerun and big.proto.ignore_rerun
    assert small.proto.url and not small.proto.deferred_file_id
    assert big.proto.deferred_file_id and not big.proto.url
    assert click_download(small).decode().splitlines() == ["a", "0", "1", "2"]
    assert len(click_download(big).decode().splitlines()) == 5_002


def test_nothing_a_renderer_links_by_itself_leaves_md_outside_a_code_span():
    """Found linked in Chromium before: an upper-case scheme, a bare www. address, an e-mail."""
    import re

    from lib.ui import md

    for text, shown in [("see HTTPS://evil%2Eexample/b now", "`HTTPS://evil%2Eexample/b`"),
                        ("go to www.evil.example/d.", "`www.evil.example/d`"),
                        ("mail ann@evil.example, please", "`ann@evil.example`"),
                        ("ftp://files.example/x", "`ftp://files.example/x`")]:
        out = md(text)
        assert shown in out, out
        outside = re.sub(r"`[^`]*`", "", out)  # what is left for the renderer to read
        assert not re.search(r"(?i)https?:|ftp:|www\\\\?\.|@", outside), outside


def test_the_banner_says_since_when_the_wiki_data_is_and_still_says_when_it_is_all_old(engine, store_url, monkeypatch):
    from sqlalchemy import update

    from lib.store import schema as s
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", store_url)
    app = AppTest.from_function(_banner_app)
    _record_run(engine, "full", "success", hours_ago=60)  # the last run that read everything
    _record_run(engine, "incremental", "success", hours_ago=30,
                error="Not read, so kept as the last good run left them: the wiki: Wiki API: could not connect")
    with engine.begin() as conn:
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.error.is_not(None))
                     .values(counts='{"tasks": 3, "wiki_not_read": ["wiki"]}'))
    app.run()
    said = [w.value for w in app.warning]
    assert len(said) == 2, said  # the wiki not read, and all of it older than a day
    assert "The board is current; the wiki's data on screen is from the sync of" in said[0]
    assert "older than 26 h" in said[1]


def test_the_banner_names_the_page_not_read_not_the_whole_wiki(engine, store_url, monkeypatch):
    from sqlalchemy import update

    from lib.store import schema as s
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", store_url)
    _record_run(engine, "full", "success", hours_ago=3)
    _record_run(engine, "incremental", "success", hours_ago=1,
                error='Not read, so kept as the last good run left them: the goals page: Wiki page "Q3" does not exist')
    with engine.begin() as conn:
        conn.execute(update(s.sync_runs).where(s.sync_runs.c.error.is_not(None))
                     .values(counts='{"tasks": 3, "wiki_not_read": ["goals"]}'))
    app = AppTest.from_function(_banner_app).run()
    (said,) = [w.value for w in app.warning]
    assert "The board and the other pages are current; the goals page's data on screen is from the sync of" in said


def test_what_is_current_when_part_of_the_wiki_was_not_read_is_said_page_by_page():
    from datetime import datetime

    from lib.store.reads import wiki_freshness

    at = datetime(2026, 11, 30, 9, 0)
    assert wiki_freshness(["wiki"], at) == \
        "The board is current; the wiki's data on screen is from the sync of 2026-11-30 09:00 UTC."
    assert wiki_freshness(["goals"], at) == ("The board and the other pages are current; the goals page's data on "
                                             "screen is from the sync of 2026-11-30 09:00 UTC.")
    assert wiki_freshness(["goals", "process", "team"], None) == \
        "The board and the other pages are current; no sync has read all of the wiki yet."
    assert "the goals, process and team pages' data" in wiki_freshness(["goals", "process", "team"], at)
