"""Program codes and people's names in a cell (lib/sync/wiki_pages/programs.py and people.py)."""

from __future__ import annotations

import pytest

from lib.sync.wiki_pages import program_code


@pytest.mark.parametrize("text, code", [
    ("TP1 Availability, Performance & Maintenance", "TP1"), ("TP12", "TP12"), ("PP1 Discoverability", "PP1"),
    ("X-SPDM Security, Privacy & Data Management", "X-SPDM"), ("X-CH: Community Health", "X-CH"),
    ("Program 1: Availability, performance, and maintenance", "TP1"), ("Structured data (X-SDC)", "X-SDC"),
    ("Q2 goals", None), ("Notes", None), ("", None),
])
def test_program_codes(text, code):
    assert program_code(text) == code


@pytest.mark.parametrize("cell, names", [
    ("Bob B., Eve E. and Fay F.", ["Bob B.", "Eve E.", "Fay F."]),
    ("Ann, Bob, Cy", ["Ann", "Bob", "Cy"]),
    ("Ann Lee (Berlin, remote)", ["Ann Lee (Berlin, remote)"]),
    ("Lee, Ann", ["Lee, Ann"]),
    ("Martin King, Jr.", ["Martin King, Jr."]),
    ("R, C, K", ["R", "C", "K"]),
    # a remark with pronouns in it is about the person, whatever else it says
    ("Ann Lee (Berlin, she/her), Bo Chen (he/him; remote)", ["Ann Lee", "Bo Chen"]),
    ("Ann Lee (she/her, Berlin) and Bo Chen", ["Ann Lee", "Bo Chen"]),
    # an employer, a contract or pronouns after a comma or a dash behind a name are no name
    ("Ann Lee, contractor", ["Ann Lee"]), ("Ann Lee, she/her", ["Ann Lee"]), ("Ann Lee, WMDE", ["Ann Lee"]),
    ("Ann Lee – volunteer", ["Ann Lee"]), ("Bo Chen, Ann Lee, WMF, part-time", ["Bo Chen", "Ann Lee"]),
    ("Ann Lee, WMDE and Bo Chen, staff", ["Ann Lee", "Bo Chen"]),
    # ... only behind a name: a group's remark stays ("Community, staff" is no "Community")
    ("Community, staff", ["Community, staff"]),
])
def test_name_cells_split_only_between_people(cell, names):
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == names


@pytest.mark.parametrize("cell", [
    "Ann Lee (talk · email)", "Ann Lee (talk · contribs · email)", "Ann Lee (talk | contribs | email)",
    "Ann Lee (talk • contribs)", "Ann Lee (talk / contribs / e-mail)", "Ann Lee (t · c)", "Ann Lee (t|c|e)",
    "Ann Lee (talk · contribs · deleted contribs · logs · block user · block log)",
])
def test_the_links_a_user_template_or_signature_adds_after_a_name_are_no_people(cell):
    # "Ann Lee ([[User talk:ALee|talk]] · [[Special:EmailUser/ALee|email]])" gave "Ann Lee (talk" and "email)"
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == ["Ann Lee"]


def test_user_links_rendered_from_wikitext_and_beside_other_names():
    from lib.sync.wikitables import render
    from lib.sync.wiki_pages.people import _names

    cell = ("Ann Lee ([[User talk:ALee (WMF)|talk]] · [[Special:EmailUser/ALee (WMF)|email]]) · "
            "Bob Roe ([[User talk:BRoe|talk]] | [[Special:Contributions/BRoe|contribs]])")
    assert _names(render(cell)) == ["Ann Lee", "Bob Roe"]


@pytest.mark.parametrize("cell, names", [
    # parentheses that only look like user links stay: a place, a DACI letter list, a team
    ("Ann Lee (Talkpages team)", ["Ann Lee (Talkpages team)"]),
    ("Ann Lee (C)", ["Ann Lee (C)"]),
    ("R, C, K", ["R", "C", "K"]),
    # "talk" alone after a dot: a leftover link, no person
    ("Ann Lee · talk", ["Ann Lee"]),
])
def test_words_near_user_links_that_are_kept(cell, names):
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == names


@pytest.mark.parametrize("cell, names", [
    # the part a person plays, after their name, is no part of it
    ("Mark Bergsma (lead), Jaime Crespo", ["Mark Bergsma", "Jaime Crespo"]),
    ("Mark Bergsma (co-lead)", ["Mark Bergsma"]), ("Kevin (lead)", ["Kevin"]), ("Ann Lee (PM)", ["Ann Lee"]),
    ("Ann Lee (Tech lead) and Bo Chen (backup)", ["Ann Lee", "Bo Chen"]), ("TechOps (lead)", ["TechOps"]),
    # a team named with the person answering for it: the person
    ("SRE team (Mark Bergsma)", ["Mark Bergsma"]),
    ("Search Platform (Erik Bernhardson, David Causse)", ["Erik Bernhardson", "David Causse"]),
])
def test_an_owner_comes_without_the_part_they_play_and_a_team_as_the_person_named_for_it(cell, names):
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == names


@pytest.mark.parametrize("cell", [
    "Growth team (Berlin)", "Engineering (lead)", "Product (lead)", "TP15 Wikibase (Wikimedia Deutschland)",
    "Kevin (Ann Lee)", "Ann Lee (TBC)", "Ann Lee (Growth team)", "SRE team (Mark Bergsma and the on-call)",
    # a job title in full is kept as written, and after a team's name an abbreviation is a part of the team
    "Ann Lee (Software Engineer)", "TechOps (DBA)",
])
def test_remarks_that_are_no_role_and_teams_without_a_person_named_stay(cell):
    # a place, a partner, a tentative owner or a team beside a person: what it says is kept
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == [cell]


def test_goal_owners_written_with_remarks():
    from lib.sync.wiki_pages import parse_goals_page
    from tests.wiki_page_helpers import GOALS_TITLE, PROGRAM_LIST

    text = ("=== TP1 Availability ===\n{| class=\"wikitable\"\n! Goal !! Owner !! Stage\n|-\n"
            "| Provide dedicated DB || Mark Bergsma (lead), Jaime Crespo || final draft\n|-\n"
            "| Replace cache hosts || SRE team (Mark Bergsma) || final draft\n|}\n")
    goals = parse_goals_page(text, GOALS_TITLE, programs=PROGRAM_LIST)["goals"]
    assert [g["owner"] for g in goals] == ["Mark Bergsma, Jaime Crespo", "Mark Bergsma"]


@pytest.mark.parametrize("cell, names", [
    # a lone closing parenthesis numbers an item and opens no remark: the names are split as before
    ("a) Ann Lee; b) Bob Roe", ["a) Ann Lee", "b) Bob Roe"]),
    ("1) Ann Lee & 2) Bob Roe", ["1) Ann Lee", "2) Bob Roe"]),
    # a remark in the plural, for the names before it
    ("Ann Lee & Bob Roe (co-leads)", ["Ann Lee", "Bob Roe"]),
    ("Ann Lee and Bob Roe (owners)", ["Ann Lee", "Bob Roe"]),
])
def test_owner_names_split_outside_a_remark_only(cell, names):
    from lib.sync.wiki_pages.people import _names

    assert _names(cell) == names


def test_names_inside_a_remark_stay_in_it_beside_a_numbered_item():
    from lib.sync.wiki_pages.people import _names

    assert _names("a) SRE team (Mark Bergsma and the on-call); b) Bob Roe") == [
        "a) SRE team (Mark Bergsma and the on-call)", "b) Bob Roe"]


# --- one list of user links for every page (people._USER_LINK) ------------------------------------------

USER_LINKS = ["[[User:Ann|Ann]]", "[[user talk:Ann]]", "[[User_talk:Ann|Ann]]", "[[Special:Contributions/Ann]]",
              "{{u|Ann}}", "{{user|Ann}}", "{{ping|Ann}}", "{{noping|Ann}}", "{{user0|Ann}}", "{{userlinks|Ann}}",
              "{{UserLinks|Ann}}", "{{Ut|Ann}}", "{{reply to|Ann}}", "[[m:User:Ann|Ann]]", "[[:mw:User:Ann]]",
              "[[meta:User:Ann]]", "[[Benutzer:Ann|Ann]]", "[[Benutzer Diskussion:Ann|Ann]]"]
NOT_USER_LINKS = ["[[User groups]]", "[[Wikipedia:User scripts|User scripts]]", "[[Special:Log/Ann|Ann]]",
                  "{{re|Ann}}", "{{Userbox|Ann}}", "{{Tracked|T123}}", "[[Users' guide]]"]


@pytest.mark.parametrize("link", USER_LINKS)
def test_a_user_link_is_recognised_however_the_wiki_writes_it(link):
    """One list for every page: a user page or talk page (a localised namespace, another wiki's), the
    user's contributions, or a user or ping template."""
    from lib.sync.wiki_pages.people import _USER_LINK

    assert _USER_LINK.search(f"Looks good ({link})")


@pytest.mark.parametrize("text", NOT_USER_LINKS)
def test_a_page_or_template_that_only_looks_like_a_user_link_is_none(text):
    """Only what is surely a user: a page named "User …", another special page, a template that is a
    user link on some wikis only ({{re|…}}) are not (the process timeline would read them as saying
    nothing of a step)."""
    from lib.sync.wiki_pages.people import _USER_LINK

    assert not _USER_LINK.search(text)


@pytest.mark.parametrize("link, user, shown", [
    ("[[User talk:Ann_Lee#Workshop|postponed]]", "Ann_Lee", "postponed"), ("[[m:User:Ann/Plan]]", "Ann", None),
    ("[[Special:Contributions/Ann|contribs]]", "Ann", "contribs"),
])
def test_a_user_wiki_link_says_whom_it_links_and_what_it_shows(link, user, shown):
    from lib.sync.wiki_pages.people import _USER_LINK

    m = _USER_LINK.fullmatch(link)
    assert (m["user"], m["shown"]) == (user, shown)
