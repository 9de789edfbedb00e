"""The wikitext table parser: every construct real pages use, on small inline tables worked out by hand."""

from __future__ import annotations

import mwparserfromhell as mwp
import pytest

from lib.sync.wikitables import (
    WikiPageError,
    find_table,
    list_items,
    match_columns,
    normalise_header,
    parse_tables,
    preclean,
    render,
    sections,
    strip_tables,
)


def only(wikitext: str):
    tables = parse_tables(wikitext)
    assert len(tables) == 1, [t.headers for t in tables]
    return tables[0]


# --- cells and rows --------------------------------------------------------------------------


def test_inline_header_and_data_cells():
    t = only("""{| class="wikitable"
! Task !! Owner !! Status
|-
| T1 || Alice || open
|-
| T2 || Bob || closed
|}""")
    assert t.headers == ["Task", "Owner", "Status"]
    assert t.rows == [{"Task": "T1", "Owner": "Alice", "Status": "open"},
                      {"Task": "T2", "Owner": "Bob", "Status": "closed"}]


def test_one_cell_per_line_with_headers_one_per_line():
    t = only("""{|
|-
! Task
! Owner
|-
| T1
| Alice
|}""")
    assert t.headers == ["Task", "Owner"]
    assert t.rows == [{"Task": "T1", "Owner": "Alice"}]


def test_header_row_written_before_the_first_row_marker():
    # mwparserfromhell puts these cells straight under the table, not in a row
    t = only("{|\n! A !! B\n|-\n| 1 || 2\n|}")
    assert t.headers == ["A", "B"]
    assert t.rows == [{"A": "1", "B": "2"}]


def test_caption_is_not_a_cell_and_loses_its_markup():
    t = only("{|\n|+ Columns on the ''main'' board\n! A\n|-\n| 1\n|}")
    assert t.caption == "Columns on the main board"
    assert t.rows == [{"A": "1"}]


def test_caption_attributes_are_dropped():
    t = only('{|\n|+ style="text-align:left" | Sprint board\n! A\n|-\n| 1\n|}')
    assert t.caption == "Sprint board"


def test_cell_attributes_are_not_text():
    t = only('{|\n! style="width:20%" | Name !! Role\n|-\n| style="color:red" | Ann || class="x" | PM\n|}')
    assert t.headers == ["Name", "Role"]
    assert t.rows == [{"Name": "Ann", "Role": "PM"}]
    assert t.cells[0][0].attrs["style"] == "color:red"


def test_rowspan_repeats_the_value_in_each_row_it_covers():
    t = only("""{|
! Name !! Role !! Team
|-
| Ann || rowspan="3" | Engineer || A
|-
| Bob || B
|-
| Cy || C
|-
| Di || QA || D
|}""")
    assert [(r["Name"], r["Role"], r["Team"]) for r in t.rows] == [
        ("Ann", "Engineer", "A"), ("Bob", "Engineer", "B"), ("Cy", "Engineer", "C"), ("Di", "QA", "D")]


def test_colspan_fills_every_column_and_records_count_it_once():
    t = only('{|\n! When !! What !! Deadline\n|-\n| Oct 2 || colspan="2" | Q2 starts\n|-\n| Oct 3 || x || Oct 5\n|}')
    assert t.rows[0] == {"When": "Oct 2", "What": "Q2 starts", "Deadline": "Q2 starts"}
    assert t.records()[0] == {"When": "Oct 2", "What": "Q2 starts", "Deadline": ""}
    assert t.records(prefer=["Deadline"])[0] == {"When": "Oct 2", "What": "", "Deadline": "Q2 starts"}
    assert t.rows[1] == {"When": "Oct 3", "What": "x", "Deadline": "Oct 5"}


def test_rowspan_and_colspan_together():
    t = only("""{|
! A !! B !! C
|-
| rowspan="2" colspan="2" | big || c1
|-
| c2
|}""")
    assert [list(r.values()) for r in t.rows] == [["big", "big", "c1"], ["big", "big", "c2"]]


def test_rowspan_covering_the_last_column_of_a_short_row():
    t = only("{|\n! A !! B\n|-\n| a1 || rowspan=2 | b\n|-\n| a2\n|}")
    assert t.rows == [{"A": "a1", "B": "b"}, {"A": "a2", "B": "b"}]


def test_short_rows_are_padded_and_extra_cells_get_a_column_name():
    t = only("{|\n! A !! B\n|-\n| 1\n|-\n| 1 || 2 || 3\n|}")
    assert t.headers == ["A", "B", "column 3"]
    assert t.rows == [{"A": "1", "B": "", "column 3": ""}, {"A": "1", "B": "2", "column 3": "3"}]


def test_row_headers_inside_data_rows_are_values():
    t = only('{|\n! Role !! Duty\n|-\n! scope="row" | PM\n| plans\n|-\n! EM || hires\n|}')
    assert t.rows == [{"Role": "PM", "Duty": "plans"}, {"Role": "EM", "Duty": "hires"}]
    assert t.cells[0][0].header and not t.cells[0][1].header


def test_empty_rows_are_skipped():
    t = only("{|\n! A\n|-\n|\n|-\n| x\n|}")
    assert t.rows == [{"A": "x"}]


def test_duplicate_headers_are_told_apart():
    t = only("{|\n! Name !! Name\n|-\n| a || b\n|}")
    assert t.headers == ["Name", "Name (2)"]


def test_bold_first_row_written_with_pipes_is_the_header():
    t = only("{|\n| '''Goal''' || '''Owner'''\n|-\n| Ship it || Ann\n|}")
    assert t.headers == ["Goal", "Owner"]
    assert t.rows == [{"Goal": "Ship it", "Owner": "Ann"}]


def test_title_row_above_the_header_becomes_the_caption():
    t = only('{|\n! colspan="2" | Core team\n|-\n! Role !! Name\n|-\n| Chair || Mo\n|}')
    assert t.caption == "Core team"
    assert t.headers == ["Role", "Name"]
    assert t.rows == [{"Role": "Chair", "Name": "Mo"}]


def test_spanning_header_row_after_the_header_is_a_data_row():
    t = only('{|\n! !! PM !! EM\n|-\n! colspan="3" | Planning\n|-\n! Roadmap || Driver || Consulted\n|}')
    assert t.headers == ["column 1", "PM", "EM"]
    assert t.rows[0] == {"column 1": "Planning", "PM": "Planning", "EM": "Planning"}
    assert t.rows[1] == {"column 1": "Roadmap", "PM": "Driver", "EM": "Consulted"}


def test_two_header_rows_use_the_lower_one_and_fill_gaps_from_above():
    t = only('{|\n! rowspan="2" | Dates !! colspan="2" | Deliverables\n|-\n! Wiki !! Deck\n|-\n| Oct 2 || page || slides\n|}')
    assert t.headers == ["Dates", "Wiki", "Deck"]
    assert t.rows == [{"Dates": "Oct 2", "Wiki": "page", "Deck": "slides"}]


def test_html_table_syntax():
    t = only("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>[[X|2]]</td></tr></table>")
    assert t.headers == ["A", "B"]
    assert t.rows == [{"A": "1", "B": "2"}]


# --- cell text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("wikitext, text", [
    ("{{done}}", "done"),
    ("{{Done}}", "Done"),
    ("{{tick}}", "tick"),
    ("{{Y}}", "Y"),
    ("{{yes}}", "yes"),
    ("{{✓}}", "✓"),
    ("{{In progress}}", "In progress"),
    ("{{date|2023|3|30}}", "2023-03-30"),
    ("{{Start date|2017|10|2}}", "2017-10-02"),
    ("{{done|Fixed in Q1}}", "done Fixed in Q1"),
    ("{{nowrap|Oct 24 – Nov 1}}", "Oct 24 – Nov 1"),
    ("{{small|note}}", "note"),
    ("{{u|Alice}}", "Alice"),
    ("{{ping|Alice|Bob}}", "Alice; Bob"), ("{{flagicon|DE}} Ann Lee", "Ann Lee"), ("[[User:Mark Bergsma]]", "Mark Bergsma"),
    ("[[m:User:Halfak (WMF)]]", "Halfak (WMF)"), ("[[Help:Tables]]", "Help:Tables"),
    ("{{phab|T333235}}", "T333235"),
    ("a {{!}} b", "a | b"),
    ("text{{efn|a footnote}}", "text"),
    ("text{{citation needed|date=May 2020}}", "text"),
    ("{{#if:x|y|z}}kept", "ykept"),
    ("{{subst:done}}", "done"),
    ("{{Template:Done}}", "Done"),
    ("{{Templatestyles note}}", "Templatestyles note"),
    ("{{ll|Help:Contents}}", "Help:Contents"),
    # sortable tables: the shown text, never the sort key
    ("{{sortname|Jack|Wheeler}}", "Jack Wheeler"),
    ("{{sort|Wheeler|Jack Wheeler}}", "Jack Wheeler"),
    ("{{hs|002}}Item", "Item"),
    ("{{nts|42}}", "42"),
    ('<span style="display:none">2017-10-02</span>Oct 2', "Oct 2"),
    ('<span class="sortkey">x</span>Shown', "Shown"),
])
def test_templates_keep_readable_text(wikitext, text):
    assert render(wikitext) == text


@pytest.mark.parametrize("wikitext, text", [
    ("[[Target page|Shown label]]", "Shown label"),
    ("[[Target page]]", "Target page"),
    ("[[:Category:Goals]]", "Category:Goals"),
    ("[http://example.org the label]", "the label"),
    ("see http://example.org", "see http://example.org"),
    ("[[File:Logo.svg|20px]] Team", "Team"),
    ("[[Category:Goals]]Team", "Team"),
    ("[[User:Ann (WMF)|''Ann'']]", "Ann"),
])
def test_links_show_their_label(wikitext, text):
    assert render(wikitext) == text


@pytest.mark.parametrize("wikitext, text", [
    ("one<br/>two", "one\ntwo"),
    ("one<br>two", "one\ntwo"),
    ("one<br />two", "one\ntwo"),
    ("'''bold''' and ''italic''", "bold and italic"),
    ("shown<!-- hidden comment -->", "shown"),
    ("goal<ref>a source</ref>", "goal"),
    ('goal<ref name="a" />', "goal"),
    ("goal<sup>[1]</sup>", "goal"),
    ('goal<sup class="reference">a</sup>', "goal"),
    ("20<sup>th</sup> century", "20th century"),
    ("a&nbsp;b &amp; c", "a b & c"),
    ("<translate><!--T:3--> translated</translate>", "translated"),
    ("<span style='color:red'>red</span>", "red"),
    ("<code>$wgFoo</code>", "$wgFoo"),
])
def test_markup_is_reduced_to_text(wikitext, text):
    assert render(wikitext) == text


def test_lists_inside_a_cell_become_lines():
    t = only("{|\n! Role !! Duties\n|-\n| PM ||\n* plan\n** sub-plan\n* ship\n|}")
    assert t.rows[0]["Duties"] == "plan\nsub-plan\nship"


def test_footnotes_and_comments_are_removed_from_cells():
    t = only("{|\n! Goal\n|-\n| Ship<ref>because</ref> it<!-- todo -->{{efn|x}}<sup>[2]</sup>\n|}\n<references/>")
    assert t.rows == [{"Goal": "Ship it"}]


def test_raw_cell_text_is_kept_for_callers_that_need_markup():
    t = only("{|\n! Status\n|-\n| [[Results page|Results]]\n|}")
    assert t.cells[0][0].raw == "[[Results page|Results]]"
    assert t.rows[0]["Status"] == "Results"


# --- tables on a page ---------------------------------------------------------------------------


def test_nested_tables_are_separate_and_left_out_of_the_parent_cell():
    tables = parse_tables("""{|
! Outer
|-
| before
{|
! Inner
|-
| deep
|}
|}""")
    assert len(tables) == 2
    outer, inner = tables
    assert outer.rows == [{"Outer": "before"}]
    assert inner.rows == [{"Inner": "deep"}] and inner.nested and not outer.nested
    assert inner.parent == outer.index and outer.parent is None


def test_a_table_in_a_cell_of_a_table_of_its_kind_is_part_of_that_cell_not_more_rows():
    from lib.sync.wikitables import find_tables

    tables = parse_tables("{|\n! Step !! Status\n|-\n| Survey ||\n{|\n! Step !! Status\n|-\n| Sub step || done\n|}\n"
                          "|-\n| Report || done\n|}\n")
    found = find_tables(tables, {"step": ["Step"], "status": ["Status"]})
    assert [t.index for t, _ in found] == [0]
    assert [r["Step"] for r in found[0][0].rows] == ["Survey", "Report"]


def test_a_one_row_table_of_its_kind_with_a_table_in_a_cell_and_one_column_filled_is_no_layout_table():
    from lib.sync.wikitables import find_tables

    inner = "\n{|\n! Step !! Status\n|-\n| Sub step || done\n|}\n"
    for text in ("{|\n! Step !! Status\n|-\n| Survey" + inner + "|\n|}\n", "{|\n! Step !! Status\n|-\n| Survey\n|" + inner + "|}\n"):
        found = find_tables(parse_tables(text), {"step": ["Step"], "status": ["Status"]})
        assert [t.index for t, _ in found] == [0]


def test_tables_side_by_side_in_a_layout_table_are_each_found():
    from lib.sync.wikitables import find_tables

    tables = parse_tables("{|\n|\n{|\n! Step !! Status\n|-\n| Survey || done\n|}\n|\n{|\n! Step !! Status\n|-\n"
                          "| Report || done\n|}\n|}\n")
    assert [t.index for t, _ in find_tables(tables, {"step": ["Step"], "status": ["Status"]})] == [1, 2]


def test_tables_know_the_headings_they_sit_under():
    tables = parse_tables("""intro
{|
! A
|-
| 0
|}
== Q2 goals ==
=== TP1 Availability ===
{|
! A
|-
| 1
|}
== Q1 results ==
<div>
{|
! A
|-
| 2
|}
</div>""")
    assert [(t.heading, t.headings) for t in tables] == [
        ("", []), ("TP1 Availability", ["Q2 goals", "TP1 Availability"]), ("Q1 results", ["Q1 results"])]


def test_tables_inside_template_arguments_are_found():
    tables = parse_tables("{{Collapse|content=\n{|\n! A\n|-\n| 1\n|}\n}}")
    assert tables[0].rows == [{"A": "1"}]


def test_translate_markup_around_headings_and_cells():
    tables = parse_tables("<translate>\n== Phase 1 == <!--T:5-->\n</translate>\n{|\n!<translate><!--T:6--> Activity</translate>\n|-\n|<translate><!--T:7--> Kickoff</translate>\n|}")
    assert tables[0].heading == "Phase 1"
    assert tables[0].rows == [{"Activity": "Kickoff"}]


# --- finding a table by its headers -----------------------------------------------------------


PEOPLE = {"name": ["People", "Name", "Member"], "role": ["Roles", "Role", "Title"]}


def test_header_normalisation_tolerates_case_punctuation_and_plurals():
    assert normalise_header("Who moves tasks into this column?") == normalise_header("who move task into this column")
    assert normalise_header("Owner(s)") == normalise_header("owner")
    assert normalise_header("Role/Skill") == "role skill"
    assert normalise_header("Dependencies") == normalise_header("dependency")


def test_headers_without_a_word_match_nothing_and_headers_in_any_script_match():
    """A numbered column ("#"), a tick column ("✓"): seen on real pages, they used to crash the match."""
    assert match_columns(["#", "✓", "Dates", "Activity"], {"dates": ["Date"], "activity": ["Activity"],
                                                          "done": ["Done"]}) == {"dates": "Dates", "activity": "Activity"}
    assert normalise_header("État") == "état" and normalise_header("Дата") == "дата"
    assert match_columns(["Nom", "État du projet"], {"state": ["État"]}) == {"state": "État du projet"}


def test_find_table_by_synonyms_in_any_order_with_extra_columns():
    tables = parse_tables("""{|
! Location !! Job title !! Team member
|-
| Berlin || Engineer || Ann
|}""")
    table, cols = find_table(tables, {"name": ["People", "Name", "Team member"], "role": ["Roles", "Job title"]},
                             "P", "team")
    assert cols == {"name": "Team member", "role": "Job title"}
    assert table.rows[0][cols["name"]] == "Ann"


def test_find_table_skips_tables_without_the_columns():
    tables = parse_tables("{|\n! Ritual !! When\n|-\n| Retro || Friday\n|}\n{|\n! PEOPLE !! roles:\n|-\n| Ann || PM\n|}")
    table, cols = find_table(tables, PEOPLE, "P", "team")
    assert table.index == 1 and cols == {"name": "PEOPLE", "role": "roles:"}


def test_find_table_uses_the_first_line_of_a_multi_line_header():
    tables = parse_tables("{|\n! Role<br/><small>what we expect</small> !! Responsibility<br/>tasks\n|-\n| PM || plan\n|}")
    _, cols = find_table(tables, {"role": ["Role"], "resp": ["Responsibility"]}, "P", "roles")
    assert cols == {"role": "Role what we expect", "resp": "Responsibility tasks"}


def test_exact_header_match_wins_over_a_header_that_merely_contains_the_word():
    cols = match_columns(["Who moves tasks into this column", "Column", "What"],
                         {"column": ["Column header", "Column"], "who": ["Who moves", "Who"]})
    assert cols == {"column": "Column", "who": "Who moves tasks into this column"}


def test_earlier_synonyms_win_when_two_headers_match():
    cols = match_columns(["Status", "Results"], {"results": ["Results", "Status"]})
    assert cols == {"results": "Results"}


def test_find_table_error_names_page_table_and_missing_columns():
    tables = parse_tables("{|\n! People !! Location\n|-\n| Ann || Berlin\n|}\n{|\n! Ritual !! When\n|-\n| Retro || Fri\n|}")
    with pytest.raises(WikiPageError) as err:
        find_table(tables, PEOPLE, "Community Tech/Team Processes", "team members")
    message = str(err.value)
    assert message.startswith('Page "Community Tech/Team Processes": no team members table with columns People, Roles')
    assert "found tables with headers: [People, Location]; [Ritual, When]" in message
    assert "missing Roles" in message


def test_find_table_error_on_a_page_without_tables():
    with pytest.raises(WikiPageError, match=r'Page "X": .*the page has no tables'):
        find_table(parse_tables("just text"), PEOPLE, "X", "team members")


def test_wiki_page_error_is_a_value_error():
    assert issubclass(WikiPageError, ValueError)


# --- sections and lists -------------------------------------------------------------------------


def test_sections_know_their_path_and_body():
    secs = sections("lead\n== A ==\na text\n=== A1 ===\na1 text\n== B ==\nb text")
    assert [(s.level, s.title, s.path) for s in secs] == [
        (0, "", []), (2, "A", ["A"]), (3, "A1", ["A", "A1"]), (2, "B", ["B"])]
    assert secs[2].body.strip() == "a1 text"


def test_list_items_have_depth_and_skip_lists_inside_tables():
    items = list_items("* one\n** one-a\n{|\n|\n* in a table\n|}\n# two [[X|link]]<ref>r</ref>\n; term")
    assert [(i.level, i.text, i.marker) for i in items] == [
        (1, "one", "*"), (2, "one-a", "*"), (1, "two link", "#"), (1, "term", ";")]


@pytest.mark.parametrize("fragment", [
    "* one\n{|\n| a\n|}\n* two", "* one\n<TABLE><tr><td>a</td></tr></table>\n* two",
    "* one {{tl|x}} [[a|b]] <!-- {| -->\n* two", "no table at all\n: indented", ""])
def test_strip_tables_gives_what_the_parser_gives_without_the_tables(fragment):
    code = mwp.parse(fragment)
    for table in code.filter_tags(matches=lambda n: str(n.tag).lower() == "table", recursive=True):
        code.remove(table)
    assert strip_tables(fragment) == str(code)


def test_header_split_over_two_header_rows_matches_on_either_line():
    tables = parse_tables("{|\n! Role !! Responsibility\n|-\n! what we expect !! tasks for the role\n|-\n| PM || plan\n|}")
    table, cols = find_table(tables, {"role": ["Role"], "resp": ["Responsibility"]}, "P", "roles")
    assert table.rows == [{"what we expect": "PM", "tasks for the role": "plan"}]
    assert cols == {"role": "what we expect", "resp": "tasks for the role"}


def test_first_row_starting_with_bold_text_is_the_header():
    t = only("{|\n| '''Role'''<br/>what we expect || '''Responsibility'''\n|-\n| '''PM''' || plan\n|}")
    assert t.headers == ["Role what we expect", "Responsibility"]
    assert t.rows == [{"Role what we expect": "PM", "Responsibility": "plan"}]


@pytest.mark.parametrize("goal_cell", [
    "'''''Goal'''''", "<center>'''Goal'''</center>", "<span style=\"font-size:110%\">'''Goal'''</span>",
    "{{anchor|tp4}}'''Goal'''",
])
def test_a_bold_first_row_is_the_header_also_centred_styled_italic_or_anchored(goal_cell):
    t = only("{|\n| " + goal_cell + " || '''Owner'''\n|-\n| Ship it || Ann\n|}")
    assert t.headers == ["Goal", "Owner"] and t.rows == [{"Goal": "Ship it", "Owner": "Ann"}]


def test_a_single_bold_cell_in_the_first_row_is_data_not_a_header():
    t = only("{|\n! A !! B\n|-\n| '''x''' ||\n|}")
    assert t.rows == [{"A": "x", "B": ""}]
    t = only("{|\n| '''Planning''' || ||\n|-\n| Set goals || D || I\n|}")
    assert t.headers == ["column 1", "column 2", "column 3"] and len(t.rows) == 2


def test_a_table_left_open_at_the_end_of_the_page_is_read_as_mediawiki_closes_it():
    text = ("== TP1 ==\n{| class=wikitable\n! Goal !! Owner\n|-\n| a || Ann\n|}\n"
            "== TP2 ==\n{| class=wikitable\n! Goal !! Owner\n|-\n| b || Bob\n|-\n| c || Cy\n")
    tables = parse_tables(text)
    assert [(t.heading, [r["Goal"] for r in t.rows]) for t in tables] == [("TP1", ["a"]), ("TP2", ["b", "c"])]


def test_an_indented_table_is_a_table():
    (table,) = parse_tables("Goals:\n:{| class=wikitable\n! Goal !! Owner\n|-\n| a || Ann\n|}\n")
    assert table.rows == [{"Goal": "a", "Owner": "Ann"}]


def test_only_real_table_markup_is_closed_at_the_end_of_the_page():
    assert len(parse_tables("<pre>\n{|\n</pre>\n{| class=w\n! A\n|-\n| x\n|}\ntext")) == 1
    # a table closed by a template is not taken to run to the end of the page
    assert [t.rows for t in parse_tables("{|\n! A\n|-\n| x\n{{end}}\n{|\n! B\n|-\n| y\n|}\n")] == [[{"B": "y"}]]


def test_a_layout_table_across_sections_keeps_its_list_items():
    text = "== Phase 1 ==\n{| style=\"width:100%\"\n|\n* first\n* second\n== Phase 2 ==\n* third\n|}\n"
    (phase1, *_rest) = [s for s in sections(text) if s.title == "Phase 1"]
    assert [i.text for i in list_items(phase1.body)] == ["first", "second"]


def test_a_header_row_repeated_in_the_middle_is_no_data_row():
    [table] = parse_tables("{|\n! Goal !! Owner\n|-\n| A || Ann\n|-\n! Goal !! Owner\n|-\n| B || Bob\n|}")
    assert [r["Goal"] for r in table.rows] == ["A", "B"]


def test_tables_in_transclusion_markup_are_the_pages_tables():
    text = ("<noinclude>Intro</noinclude>\n<onlyinclude>{|\n! Goal !! Owner\n|-\n| A || Ann\n|}</onlyinclude>\n"
            "<includeonly>{|\n! Goal !! Owner\n|-\n| Hidden || Nobody\n|}</includeonly>")
    assert [[r["Goal"] for r in t.rows] for t in parse_tables(text)] == [["A"]]


def test_self_closing_and_commented_transclusion_tags_hide_nothing():
    text = ("<!-- wrap in <includeonly> to hide -->\n<includeonly/>\n{|\n! Goal !! Owner\n|-\n| A || Ann\n|}")
    assert [[r["Goal"] for r in t.rows] for t in parse_tables(text)] == [["A"]]
    assert render("[[Goals#TP1]] and [[Wikidata#Query service]] rollout") == "Goals#TP1 and Wikidata#Query service rollout"


def test_an_unclosed_includeonly_hides_the_rest_of_the_page_as_mediawiki_does():
    text = "{|\n! Goal\n|-\n| A\n|}\n<includeonly>\n{|\n! Goal\n|-\n| Hidden\n|}"
    assert [[r["Goal"] for r in t.rows] for t in parse_tables(text)] == [["A"]]


@pytest.mark.parametrize("table", [
    "{|\n! Goal !! Owner\n|-<!-- removed:\n| Old goal || Nobody\n|- -->\n| A || Ann\n|}",         # from a |- line
    '{| class="wikitable" <!-- the old row, kept for reference:\n| Old goal || Nobody\n-->\n! Goal !! Owner\n'
    "|-\n| A || Ann\n|}",                                                                          # from the {| line
    "{|\n! Goal !! Owner\n<!-- one -->  <!-- two -->\n|-\n| A || Ann <!-- lead\n|}",              # unclosed: to the end
])
def test_a_comment_hides_what_it_holds_wherever_it_starts_as_mediawiki_does(table):
    assert [[(r["Goal"], r["Owner"]) for r in t.rows] for t in parse_tables(table)] == [[("A", "Ann")]]


def test_comments_in_nowiki_are_text_and_old_translate_variables_keep_their_words():
    assert preclean("a <nowiki><!-- shown --></nowiki> b<!-- hidden -->") == "a <nowiki><!-- shown --></nowiki> b"
    assert preclean("line 1\n<!-- alone on its line -->\nline 2") == "line 1\nline 2"
    assert preclean("Make <tvar|s>session</> storage <tvar name=n>multi-DC</tvar> aware") == \
        "Make session storage multi-DC aware"


def test_an_html_heading_is_a_heading_for_the_tables_and_sections_below_it():
    text = "== Goals ==\n<h3>TP8 Multi-datacenter</h3>\n{|\n! Goal\n|-\n| A\n|}\n"
    assert [t.headings for t in parse_tables(text)] == [["Goals", "TP8 Multi-datacenter"]]
    assert [(s.level, s.title, s.path) for s in sections(text)][-1] == (3, "TP8 Multi-datacenter", ["Goals", "TP8 Multi-datacenter"])


@pytest.mark.parametrize("raw, withdrawn, shown", [
    ("<s>Migrate search</s> – deferred", True, "Migrate search – deferred"),
    ("<s>Migrate search</s> ''Dropped''", True, "Migrate search Dropped"),
    ("<s>Migrate search</s> → Q3", True, "Migrate search → Q3"),
    ("<s>approved</s> (reopened)", True, "approved (reopened)"),
    ("<s>Ship the API</s> ✅", False, "Ship the API ✅"),       # struck and ticked: done, not withdrawn
    ("<s>Ann Lee</s> → Bob Roe", False, "Bob Roe"),            # replaced
    ("<s>Oct 2</s> → Oct 9", False, "Oct 9"),                  # moved
])
def test_a_remark_beside_struck_text_keeps_it_withdrawn_and_a_replacement_replaces_it(raw, withdrawn, shown):
    from lib.sync.wikitables import shown_unstruck, wholly_struck

    assert wholly_struck(raw) is withdrawn
    assert shown_unstruck(raw, render(raw)) == shown


@pytest.mark.parametrize("tag", ["syntaxhighlight lang=html", "source", "math"])
def test_a_comment_opener_inside_a_code_tag_hides_nothing(tag):
    name = tag.split()[0]
    text = f"<{tag}>\n<!-- opener\n</{name}>\n{{|\n! Goal\n|-\n| A\n|}}"
    assert [t.rows for t in parse_tables(text)] == [[{"Goal": "A"}]]


def test_table_markup_written_through_templates_and_odd_line_breaks_read_as_mediawiki_shows_them():
    text = "{{(!}} class=wikitable\n! Goal {{!!}} Owner\n{{!-}}\n{{!}} A {{!!}} Ann<br/ >Bob<BR clear=all>Cy\n{{!)}}"
    assert [t.rows for t in parse_tables(text)] == [[{"Goal": "A", "Owner": "Ann\nBob\nCy"}]]


def test_a_header_turned_on_its_side_is_its_text():
    assert render("{{vertical header|Product Manager}}") == "Product Manager"
    assert render("{{rotate|270|Product Manager}}") == "Product Manager"


def test_a_one_line_definition_is_a_term_and_its_definition_but_a_time_is_no_cut():
    items = list_items("; Set the roadmap : Driver: Product Manager\n; Weekly sync 14:00 UTC\n* [[Foo : bar]] item")
    assert [(i.marker, i.level, i.text) for i in items] == [
        (";", 1, "Set the roadmap"), (":", 1, "Driver: Product Manager"), (";", 1, "Weekly sync 14:00 UTC"),
        ("*", 1, "Foo : bar item")]


@pytest.mark.parametrize("line, term", [
    ("; Set the roadmap<ref>Source : the 2023 plan</ref>", "Set the roadmap"),
    ('; <span style="color : #333">Set the roadmap</span>', "Set the roadmap"),
    ("; Set the roadmap [https://example.org notes : 2023]", "Set the roadmap notes : 2023"),
])
def test_a_colon_inside_markup_is_no_cut_of_a_definition(line, term):
    assert [(i.marker, i.text) for i in list_items(line)] == [(";", term)]


@pytest.mark.parametrize("text, shown", [
    ("{{#switch:final draft|final draft=Final draft|#default=Rough draft}}", "Final draft"),
    ("{{#switch:other|final draft=Final draft|#default=Rough draft}}", "Rough draft"),
    ("{{#if:{{{x|}}}|final|rough draft}}", "rough draft"), ("{{#if:yes|final|rough draft}}", "final"),
    ("{{#ifeq:a|a|same|different}}", "same"), ("{{#time:Y}}", ""),
    ("{{#switch:draft|rough|draft=Rough draft|final=Final}}", "Rough draft"),  # "draft" falls through
    ("{{#switch:rough|rough|draft=Rough draft|final=Final}}", "Rough draft"),
    ("{{#switch:z|a=1|b=2|3}}", "3"), ("{{#switch:other|final|approved=Final draft}}", ""),
    ("{{#if:x|a=b|c}}", "a=b"),  # in a branch "a=b" is text
])
def test_simple_parser_functions_show_what_mediawiki_shows(text, shown):
    assert render(text) == shown


@pytest.mark.parametrize("text, shown", [
    # a date, a number or a tag's content formatted: the argument, which the pages read as written
    ("{{#time:j F Y|2023-10-02}}", "2023-10-02"), ("{{#time: F j, Y | October 2, 2023 }}", "October 2, 2023"),
    ("{{#timel:Y-m-d|2 October 2023}}", "2 October 2023"), ("{{#time:F j|20-06-2023}}", "20-06-2023"),
    ("{{#formatdate:2023-10-02|dmy}}", "2023-10-02"), ("{{#dateformat:October 2, 2023}}", "October 2, 2023"),
    ("{{#formatnum:1234}}", "1234"), ("{{#tag:span|Done|class=x}}", "Done"), ("{{#tag:ref|A note}}kept", "kept"),
    ("{{#tag:gallery|File:A.png}}", ""),
    # what depends on the day the page is shown, on a module or on another page: nothing, as before
    ("{{#time:Y}}", ""), ("{{#time:Y|now}}", ""), ("{{#time:Y-m-d|+1 week}}", ""),
    ("{{#invoke:Progress|bar|3}}", ""), ("{{#property:P31}}", ""), ("{{#lst:Other page|status}}", ""),
])
def test_parser_functions_that_show_one_of_their_arguments(text, shown):
    assert render(text) == shown


def test_an_html_table_without_its_optional_end_tags_is_read_as_a_browser_reads_it():
    text = "<table><tr><th>Goal<th>Owner<tr><td>Keep uptime<td>Ann<tr><td>Pay debt<td>Bob</table>"
    assert [t.rows for t in parse_tables(text)] == [[{"Goal": "Keep uptime", "Owner": "Ann"},
                                                     {"Goal": "Pay debt", "Owner": "Bob"}]]
    closed = "<table>\n<tr><th>Goal</th></tr>\n<tr><td>A</td></tr>\n</table>"
    assert preclean(closed) == closed  # a well-formed table is left as it is
