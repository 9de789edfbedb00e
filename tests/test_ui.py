"""Shared widgets: remote text never becomes markdown; an edit's message outlives the rerun that follows it."""

from __future__ import annotations


def test_remote_text_is_escaped_before_it_reaches_markdown():
    from lib.ui import md

    hostile = "![pixel](https://evil.example/p.png) [click](https://evil.example) **bold** <b>x</b>"
    escaped = md(hostile)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped and "<b>" not in escaped
    assert escaped.replace("\\", "") == hostile  # nothing lost, only escaped


def _edit_app():
    """A page with one edit button that leaves a message and a table of details for after its rerun."""
    import pandas as pd
    import streamlit as st

    from lib import ui

    ui.show_flash()
    st.text_input("Note", key="note")
    if st.button("Save"):
        ui.after_edit("Saved **2** rows.", kind="warning", clear=("note",),
                      tables={"skipped rows": pd.DataFrame({"row": [3]}), "empty details": pd.DataFrame()})


def test_an_edit_message_survives_the_rerun_once_with_its_tables():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_edit_app).run()
    at.text_input(key="note").input("typed").run()
    at.button[0].click().run()
    assert [w.value for w in at.warning] == ["Saved **2** rows."]
    assert len(at.dataframe) == 1  # the empty table is left out
    assert [b.label for b in at.get("download_button")] == ["Download skipped rows as CSV"]
    assert at.text_input(key="note").value == ""  # the input was emptied for the next entry
    at.run()
    assert not at.warning and not at.dataframe  # shown once
