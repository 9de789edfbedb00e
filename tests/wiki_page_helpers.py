"""What the wiki page tests share: the demo pages and their titles, and pages in other layouts that
tests of more than one file read."""

from __future__ import annotations

import json
from pathlib import Path

from lib.sync.wiki_pages import PAGE_PARSERS


DEMO = Path(__file__).resolve().parent.parent / "data" / "demo" / "wiki"
GOALS_TITLE = "Wikimedia Technology/Goals/2017-18 Q2"
PROCESS_TITLE = "Wikimedia Technology/Goals/2017-18 Q2/Process"


def demo(kind: str) -> dict[str, list[dict]]:
    meta = json.loads((DEMO / "pages.json").read_text(encoding="utf-8"))[kind]
    return PAGE_PARSERS[kind]((DEMO / f"{kind}.wiki").read_text(encoding="utf-8"), meta["title"])


TEAM_VARIANT = """
== Who we are ==
{| class="wikitable sortable"
|-
! Title !! Location !! Name
|-
| rowspan="2" | Engineer || Berlin || [[User:Ann|Ann A.]]
|-
| Remote || Bob B.
|-
| Product manager || NYC || Cy C.<br/>Di D.
|}
== Roles ==
{|
! Role !! Duties
|-
| PM ||
# Plans
# Decides
|}
== RACI ==
{| class="wikitable"
! Area !! Decision !! PM !! EM !! Eng
|-
| rowspan="2" | Planning || Set goals || A || C || I
|-
| Estimate work || I || D || R
|-
| Tech || Pick a library || || A || D
|}
== Boards ==
{|
! Column !! Description !! Moved by
|-
| Backlog || ideas || PM
|}
{|
! Column !! Description !! Moved by
|-
| Doing || in progress || anyone
|}
"""


PROGRAM_LIST = [{"code": "TP1", "name": "Availability, Performance & Maintenance"},
                {"code": "X-SDC", "name": "Structured Data on Commons"}]


# a consultation page needs its core team: the roles table the consultation tests end with
CORE_TEAM = "== Team ==\n{|\n! Role !! Name\n|-\n| Chair || Mo\n|}"


MINI_TEAM = ("== Team ==\n{|\n! Name !! Role\n|-\n| Ann Lee || PM\n|}\n"
             "== Roles ==\n{|\n! Role !! Responsibilities\n|-\n| PM || Roadmap\n|}\n"
             "== DACI ==\n{|\n! Decision !! PM !! EM !! Eng\n|-\n| Set goals || D || A || C\n|-\n| Hire || C || D || I\n|}\n"
             "== Board ==\n{|\n! Column !! Description\n|-\n| Inbox || New tasks\n|}\n")


LISTED_TEAM = """
== Team ==
* [[User:JWheeler (WMF)|Jack Wheeler]] – Lead Community Tech Manager / Product Manager
* Karolin Siebert: Engineering Manager
* Engineers: [[User:MusikAnimal|MusikAnimal]], Harumi Monroy and Sam Wilson
* Dom Walden (QA Engineer)
* Hana Ito (on leave) – Engineer
* ''vacant'' – Designer
* <s>Gus Gone – Engineer</s>
; Designers
: Joydeep Sengupta
; {{u|STei (WMF)|Sandister Tei}}
: Movement Communications Specialist
* See also [[Community Tech]] for the wider group
* Alumni:
** Pat Past – Engineer
=== Former members ===
* Old Guy – Engineer
== Responsibilities ==
=== Product Manager ===
* Sets priorities
* Owns the roadmap
** Publishes it each quarter
=== Engineering Manager ===
# Hires
== DACI ==
{|
! Decision !! PM !! EM
|-
| Set goals || D || A
|-
| Hire || C || D
|}
== Phabricator ==
* Phabricator is where the work is tracked.
=== Workboard columns ===
* '''Backlog''' – tasks not yet triaged. Moved by anyone.
* '''Doing''': in progress
* Sprint board:
** Ready – next up
** <s>Icebox – old</s>
"""


LISTED_TIMELINE = """== Timeline ==
* Aug 15 – Aug 28: Prepare the quarterly planning pages (Kevin) {{done}}
* Aug 29 – Sept 11: Program owners populate the wiki page, deadline Sept 11 ✓
* Sept 20–22: Meetings with CTO to approve goals
* <s>Sept 25: moved</s>
* See [[Annual plan]] for the programs
; Oct 2
: Goals are final
== Programs ==
* TP1 Availability, Performance & Maintenance (R, C, K)
"""


LISTED_CONSULTATION = """== Phase 1: Consultation ==
Objectives:
* Hear from volunteers
=== Steps ===
# Kickoff announcement – {{done}} (March 30, 2023)
# Public survey – in progress
# Report back
== 2. Design ==
* Draft the new process: not started
* Make it simpler
== Stakeholders ==
* Volunteer developers
== Core team ==
* Chair – Ann Lee
* Engineering: Bob Roe, Cy Cole
== Executive sponsor ==
* Tajh Taylor
"""


PROGRAMS_LINE = "== Programs ==\n* TP1 Availability (R, C, K)\n"


# --- what the other layouts give must fit the store's keys (a duplicate key fails every sync) ---------


_DACI_BLOCK = MINI_TEAM.split("== DACI ==")[1].split("== Board ==")[0]
OTHER_LAYOUTS = {
    "team, lists": ("team", LISTED_TEAM),
    "team, DACI by area and assignment": ("team", MINI_TEAM.replace(_DACI_BLOCK, (
        "\n{|\n! Area !! Decision !! Driver !! Approver !! Consulted !! Informed\n|-\n| Product || Set goals || PM || "
        "Director || EM || All\n|-\n| Product || Hire || EM || Director || PM || All\n|-\n| People || Hire || EM || "
        "Director || HR || All\n|}\n"))),
    "team, a DACI table per decision under one heading": ("team", MINI_TEAM.replace(_DACI_BLOCK, (
        "\n'''Roadmap'''\n{|\n! Driver\n| Ann\n|-\n! Approver\n| Dee\n|-\n! Consulted\n| Bob\n|}\n"
        "'''Hiring'''\n{|\n! Driver\n| Dee\n|-\n! Approver\n| Dee\n|-\n! Informed\n| Ann\n|}\n"
        "{|\n! Driver\n| Ann\n|-\n! Approver\n| Ann\n|-\n! Informed\n| Bob\n|}\n"))),
    "consultation, lists": ("consultation", LISTED_CONSULTATION + "== Executive sponsors ==\n* Ann Lee\n* Bob Roe\n"
                            "== Core team members ==\n* Chair – Cy Cole\n* Chair – Dee Dee\n"),
    "process, a listed timeline": ("process", LISTED_TIMELINE),
}
