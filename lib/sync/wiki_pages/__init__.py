"""The four wiki pages as store rows: one parser per page kind.

Each parser takes the page's wikitext and title and returns {store table name: rows}, the rows' keys
being exactly that table's columns (lib/store/schema.py). Tables are found by what their headers
say (with synonyms), never by position, so an edited page with reordered or renamed columns still
syncs; when something needed is not there, WikiPageError names the page and what is missing.

One module a page (team, goals, process, consultation; the team page's DACI matrix in daci); what
several pages read alike is in dates, marks, cells, people, programs and lists.
"""

from __future__ import annotations

from lib.sync.wiki_pages import dates
from lib.sync.wiki_pages.consultation import consultation_status, parse_consultation_page
from lib.sync.wiki_pages.dates import date_range, parse_dates, parse_quarter
from lib.sync.wiki_pages.goals import STAGES, deployment_dates, normalise_stage, parse_goals_page
from lib.sync.wiki_pages.process import parse_process_page
from lib.sync.wiki_pages.programs import program_code, program_of
from lib.sync.wiki_pages.team import parse_team_page
from lib.sync.wikitables import WikiPageError

__all__ = [
    "PAGE_PARSERS",
    "WikiPageError",
    "parse_team_page",
    "parse_goals_page",
    "parse_process_page",
    "parse_consultation_page",
    "normalise_stage",
    "parse_quarter",
    "parse_dates",
    "date_range",
    "program_code",
    "program_of",
    "deployment_dates",
    "consultation_status",
    "STAGES",
]


# Bump when a change reads pages differently: a stored page parsed by another version is read
# again at the next run, though its revision is unchanged.
PARSER_VERSION = "2026-11-30.71"



def parser_stamp() -> str:
    """What a stored page's rows are read with: PARSER_VERSION and the day. Some rules judge a page's
    dates against today (a member whose last day has passed, a step done on a day that has come), so
    the first run of each day reads the pages again, their revisions unchanged: one request more a day."""
    return f"{PARSER_VERSION}@{dates._today():%Y-%m-%d}"


PAGE_PARSERS = {
    "team": parse_team_page,
    "goals": parse_goals_page,
    "process": parse_process_page,
    "consultation": parse_consultation_page,
}
