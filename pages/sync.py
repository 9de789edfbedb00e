"""Sync & status: how old the data is, every sync run, and a button to sync now."""

import pandas as pd
import streamlit as st

from lib import ui
from lib.config import ConfigError, shown_url
from lib.store import reads
from lib.store.engine import utcnow
from lib.sync.pipeline import STALE_RUNNING, SyncBusy, choose_kind, previous_state, run_sync

st.title("Sync & status")
ui.data_age_banner()
ui.show_flash()

settings = ui.settings()
engine = ui.engine()
viewer = ui.current_viewer()


def _configured() -> str | None:
    try:
        settings.require_phabricator()
    except ConfigError as exc:
        return str(exc)
    return None


malformed = ui.config_problems()  # read as their defaults for the screens: a sync must not run on them
problem = malformed[0] if malformed else _configured()
left, right = st.columns([2, 1])
with right:
    st.subheader("Sources")
    st.markdown(
        f"- Phabricator: `{shown_url(settings.phabricator_url) or 'not set'}`, board "
        f"`{settings.phabricator_project or 'not set'}`, token {'set' if settings.phabricator_token else 'not set'}\n"
        f"- Wiki API: `{shown_url(settings.wiki_api_url)}`"
        + (f", read as `{settings.wiki_username}` (bot password set)" if settings.wiki_login else "")
    )
    ui.show_table(pd.DataFrame({"page": list(settings.wiki_pages), "title": list(settings.wiki_pages.values())}),
                  "configured wiki pages")
with left:
    st.subheader("Sync now")
    set_up = bool(malformed) or all((settings.phabricator_url, settings.phabricator_token, settings.phabricator_project))
    if problem and set_up:  # set, but not as a sync can use it: the command line and a schedule fail alike
        st.error(f"Sync cannot run: {ui.sentence(ui.md(problem))} The command line and a schedule read the same "
                 "settings and stop the same way; see README, Configuration.")
    elif problem:
        last = reads.last_run(engine)
        holds = ("The store holds no data yet (`make run` builds the demo data)" if last is None else
                 "The store holds the embedded demo data" if reads.holds_demo(engine) else
                 "The store's data comes from syncs run elsewhere (the command line, a schedule); the runs are "
                 "listed below")
        st.info(f"Live sync is not configured in this app ({problem}). {holds}; see README, Configuration, to "
                "sync from here.")
    elif (running := reads.running_sync(engine, utcnow() - STALE_RUNNING)) is not None:
        st.info(f"A sync is running: run {running['id']}, started {running['started_at']:%H:%M} UTC by "
                f"{ui.md(running['started_by'] or 'someone')}. Its data shows on every screen when it ends; "
                "reload this page then.")
    elif not viewer.can_edit:
        st.caption("Only editors can start a sync.")
    else:
        previous = previous_state(engine)
        due_full = choose_kind(settings, previous, utcnow(), None) == "full"
        if previous.holds_demo:
            st.info("The store holds the embedded demo data: the first sync from your servers replaces it whole "
                    "(edits made here are kept).")
        full = st.toggle("Full run (reconcile tasks that left the board)", value=False, disabled=due_full,
                         help=(f"The next run is a full one anyway: there is one every {settings.full_sync_every_hours} "
                               "hours (FULL_SYNC_EVERY_HOURS), no good run yet, or the demo data to replace."
                               if due_full else
                               "A full run reads every task and notes those that left the board; otherwise only what "
                               "changed since the last good run is read."))
        if st.button("Sync now", type="primary"):
            result = None
            with st.status("Syncing…", expanded=True) as status:
                bar = st.progress(0.0)
                steps = {"n": 0}

                def progress(message: str) -> None:
                    steps["n"] += 1
                    bar.progress(min(steps["n"] / 12, 1.0))
                    status.write(message)

                try:
                    result = run_sync(engine, settings, full=True if full else None, progress=progress,
                                      started_by=viewer.name)
                except SyncBusy as exc:
                    status.update(label=ui.md(exc), state="error")
            if result is not None:  # the page again, its banner and runs with this run in them
                # a failed run is said once, by the banner ("The last sync failed: … Showing the last good data.")
                said = result.summary(problems=False)
                said = ui.sentence(ui.md(said[:1].upper() + said[1:])) + (
                    " What it could not read of the wiki is said above." if result.error else "")
                ui.after_edit(said if result.outcome == "success" else None,
                              kind="warning" if result.error else "success")  # the wiki not all read

st.subheader("Runs")
runs = reads.sync_runs(engine)
if runs.empty:
    st.info("No sync has run yet.")
else:
    runs["counts"] = runs["counts"].map(reads.counts_text)
    runs["duration_s"] = (runs["finished_at"] - runs["started_at"]).dt.total_seconds()
    # the error first after the outcome: on a big screen the last column is the one cut off
    ui.show_table(runs[["id", "kind", "outcome", "error", "started_by", "started_at", "finished_at", "duration_s",
                        "requests", "counts"]], "sync runs",
                  column_config={"error": st.column_config.TextColumn("error", width="large")})

st.subheader("Wiki pages")
pages = reads.wiki_pages(engine)
if pages.empty:
    st.info("No wiki page has been read yet.")
else:
    st.caption("Every run asks for the pages' revision ids; a page's text is read again only when its revision "
               "changed (or the page parsers did), so its read time can be older than the last run.")
    pages = pages.assign(revision_timestamp=pd.to_datetime(pages["revision_timestamp"], utc=True, errors="coerce")
                         .dt.tz_localize(None),
                         fetched_at=pd.to_datetime(pages["fetched_at"]).dt.floor("s"))
    ui.show_table(pages.rename(columns={"revision_timestamp": "revision written (UTC)",
                                        "fetched_at": "text read at (UTC)"}), "wiki pages")
