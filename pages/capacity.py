"""Capacity (placeholder: filled by its own issue)."""

import streamlit as st

from lib import ui

st.title("Capacity")
ui.data_age_banner()
st.info("This screen is being built.")
