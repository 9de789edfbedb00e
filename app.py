"""Leads Planning Dashboard: the router. One page per screen; the data lives in the SQL store."""

import streamlit as st

from lib import ui

st.set_page_config(page_title="Leads Planning Dashboard", page_icon=":material/dashboard:", layout="wide")

ROADMAP = st.Page("pages/roadmap.py", title="Roadmap", icon=":material/map:", url_path="roadmap")


def home() -> None:
    """The root URL opens the roadmap at its own address, so `/roadmap` (links, bookmarks) is a page too:
    Streamlit serves its default page at `/` only."""
    st.switch_page(ROADMAP)


PAGES = {
    "Planning": [
        st.Page(home, title="Roadmap", url_path="home", default=True, visibility="hidden"),
        ROADMAP,
        st.Page("pages/meeting.py", title="Leads meeting", icon=":material/groups:", url_path="meeting"),
        st.Page("pages/capacity.py", title="Capacity", icon=":material/speed:", url_path="capacity"),
        st.Page("pages/team.py", title="Team", icon=":material/diversity_3:", url_path="team"),
    ],
    "Goals": [
        st.Page("pages/goals.py", title="Quarterly goals", icon=":material/flag:", url_path="goals"),
        st.Page("pages/executive.py", title="Executive view", icon=":material/visibility:", url_path="executive"),
    ],
    "Consultation": [
        st.Page("pages/consultation.py", title="Consultation", icon=":material/forum:", url_path="consultation"),
    ],
    "Data": [
        st.Page("pages/sync.py", title="Sync & status", icon=":material/sync:", url_path="sync"),
    ],
}

page = st.navigation(PAGES)
ui.keep_filters()
ui.login_controls(ui.current_viewer())
page.run()
