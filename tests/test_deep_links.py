"""A deep link opened first after a server start still goes through app.py's router.

Streamlit runs pages/*.py directly (its old multipage mode) while no run of this process has called
st.navigation; lib.ui switches the process over and reruns.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

from lib import ui


def test_old_pages_directory_mode_is_left_for_the_router(monkeypatch):
    reruns = []
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    monkeypatch.setattr("streamlit.runtime.scriptrunner.get_script_run_ctx", lambda: object())
    monkeypatch.setattr(ui.st, "rerun", lambda: reruns.append(True))
    ui._leave_pages_directory_mode()
    assert PagesManager.uses_pages_directory is False
    assert reruns == [True]


def test_nothing_happens_once_the_router_is_in_charge(monkeypatch):
    reruns = []
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setattr(ui.st, "rerun", lambda: reruns.append(True))
    ui._leave_pages_directory_mode()
    assert reruns == []
