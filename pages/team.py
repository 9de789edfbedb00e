"""Team: who is on the team, what each role does, who decides what (DACI), what each board
column means, and the team's meetings. All of it comes from the team wiki page; this screen only reads.

Wiki text is untrusted: it goes into tables and escaped markdown, never raw HTML."""

from __future__ import annotations

import streamlit as st

from lib import loaders, meetings, team, ui
from lib.store import team_reads
from lib.ui import md
from lib.words import count

EVERY_ROLE = "Every role"
ROLE_HEADING_FITS = 10   # characters of a role heading an 80 px column shows whole


@st.cache_data(ttl=600, show_spinner=False)
def load(database_url: str, run_key: tuple) -> dict:
    return team_reads.team_frames(ui.engine())


st.title("Team and decisions")
ui.data_age_banner()
url = ui.settings().database_url
frames = load(url, loaders.run_key(ui.engine()))
people, daci, duties, columns = frames["people"], frames["daci"], frames["responsibilities"], frames["columns"]
rituals = frames["rituals"]
if people.empty and daci.empty and duties.empty and columns.empty and rituals.empty:
    st.info("Nothing from the team wiki page in the store yet: the roster, roles, DACI matrix and board "
            "columns arrive with the next sync (see **Sync & status**).")
    st.stop()

st.subheader("Who decides (DACI)")
if daci.empty:
    st.caption("The team page's DACI matrix has no assignments.")
else:
    st.caption(team.LEGEND)
    roles = team.role_order(daci)
    role = st.selectbox("Role", [EVERY_ROLE, *roles], key="team-daci-role",
                        help="Pick a role to list what it drives, approves, is consulted on and is told of.")
    if role == EVERY_ROLE:
        matrix = team.daci_matrix(daci)
        # Narrow letter columns under short role headings, and every decision at once: the whole matrix
        # fits the shared screen (1920 px), its key says what each short heading stands for.
        short = ui.short_headings(matrix.columns[2:], fits=ROLE_HEADING_FITS)
        if key := ui.headings_key(short):
            st.caption(f"Roles: {key}")
        widths = {"category": st.column_config.TextColumn(width=200),
                  "decision": st.column_config.TextColumn(width=340),
                  **{name: st.column_config.TextColumn(s, width=80, help=name) for name, s in short.items()}}
        ui.show_table(matrix, "DACI matrix", key="csv-team-daci", column_config=widths,
                      height=ui.table_height(len(matrix)))
        st.caption("Decisions per role (a cell giving two assignments counts for both), and who on the roster "
                   "holds each role:")
        summary = team.role_summary(daci, people)
        ui.show_table(summary, "DACI counts per role", key="csv-team-daci-counts",
                      column_config={"people": st.column_config.TextColumn(width="large")})
        for r in team.unheld_deciding_roles(summary).itertuples():
            st.warning(f"No one on the roster holds **{md(r.role)}**, which drives {r.Driver} and approves "
                       f"{count(r.Approver, 'decision')}: who makes them?")
    else:
        names = team.role_holders([role], people)[role]
        st.caption(f"On the roster in this role: {md(', '.join(names))}." if names
                   else "No one on the roster is listed in this role.")
        ui.show_table(team.role_decisions(daci, role), f"DACI {role}", key="csv-team-daci-role")

st.subheader("Team")
ui.show_table(people[["name", "role", "username"]].rename(columns={"username": "Phabricator"}), "team",
              key="csv-team-people", empty="The team page's roster has no members.")
unmatched = int(people["username"].isna().sum())
if unmatched:
    st.caption(f"{count(unmatched, 'member')} matched no Phabricator account by name. The sync knows the accounts that own "
               "or wrote tasks on the board: someone with no task there has none here yet, and capacity counts no "
               "points for them.")

st.subheader("Roles and responsibilities")
if duties.empty:
    st.caption("The team page lists no roles and responsibilities.")
else:
    picked = st.selectbox("Role", list(dict.fromkeys(duties["role"])), key="team-duties-role")
    ui.show_table(duties.loc[duties["role"] == picked, ["responsibility"]], f"responsibilities {picked}",
                  key="csv-team-duties")

st.subheader("How we use the boards")
if columns.empty:
    st.caption("The team page describes no board columns.")
for board, guide in columns.groupby("board", sort=False):
    st.markdown(f"**{md('Sprint board' if board == 'sprint' else 'Main workboard')}**")
    ui.show_table(guide[["column_name", "what", "who_moves"]].rename(
        columns={"column_name": "column", "who_moves": "who moves tasks here"}), f"{board} columns",
        key=f"csv-team-columns-{board}")

st.subheader("Meetings")
if rituals.empty:
    st.caption("The team page has no meetings table (Ritual | How | Who | What | When).")
else:
    slot, from_wiki = meetings.leads_slot(rituals)
    st.caption(f"\"Since the last meeting\" on the Roadmap and Meeting screens counts from the team-leads "
               f"meeting: {slot.describe()}" + ("." if from_wiki else
                                                 " (the table gives no weekly day and time for it)."))
    ui.show_table(rituals.rename(columns={"cadence": "when"})[["ritual", "when", "how", "who", "what"]],
                  "meetings", key="csv-team-meetings")
