"""Template calls that stand for table rows are found (and only they), and spliced back expanded."""

from __future__ import annotations

import pytest

from lib.sync.row_templates import expand_row_templates, row_template_spans
from lib.sync.wikitables import parse_tables

TABLE = """{{DISPLAYTITLE:Goals}}
{| class="wikitable"
! Goal !! Owner !! Stage
{{Goal row|Ship it|Ann|final}}
{{Goal row
 |title = Fix {{tl|it}}
 |owner = Bob}}
|-
| A cell<br/>
{{Done}}
|-
{{Goal row|After a separator}}
|}
{{Goal row|Outside any table}}
"""


def calls(text: str) -> list[str]:
    return [text[a:b] for a, b in row_template_spans(text)]


def test_calls_where_a_row_could_begin_are_found_in_page_order():
    assert calls(TABLE) == ["{{Goal row|Ship it|Ann|final}}", "{{Goal row\n |title = Fix {{tl|it}}\n |owner = Bob}}",
                            "{{Goal row|After a separator}}"]


@pytest.mark.parametrize("text", [
    "{|\n! A\n|-\n| cell\n{{Done}}\n|}",              # continues the cell above
    "{|\n! A\n{{Goal row|x}} and more text\n|}",       # not alone on its line
    "{{Goal row|x}}\n{|\n! A\n|}",                      # outside the table
    "{|\n! A\n{{Goal row|never closed\n|}",            # unbalanced braces: left to the table parser
    "{|\n! A\n{{{1}}}\n|}",                             # a template parameter, not a call
])
def test_other_template_lines_are_left_alone(text):
    assert calls(text) == []


def test_a_caption_or_a_nested_table_start_lets_a_row_begin():
    text = "{|\n|+ Goals\n{{Row|a}}\n|-\n|\n{| class=inner\n{{Row|b}}\n|}\n|}"
    assert calls(text) == ["{{Row|a}}", "{{Row|b}}"]


def test_comments_and_translate_tags_between_rows_do_not_hide_a_call():
    text = "{|\n! A\n|-\n<!--T:5-->\n<translate>\n{{Row|a}}\n</translate>\n|}"
    assert calls(text) == ["{{Row|a}}"]


def test_expansions_replace_the_calls_and_nothing_else():
    seen = []

    def expand(found):
        seen.append(found)
        return [f"|-\n| row {i} || x\n" for i, _ in enumerate(found)]

    out = expand_row_templates(TABLE, expand)
    assert len(seen) == 1 and len(seen[0]) == 3  # one batch for the page
    assert out == TABLE.replace(
        "{{Goal row|Ship it|Ann|final}}\n{{Goal row\n |title = Fix {{tl|it}}\n |owner = Bob}}",
        "|-\n| row 0 || x\n|-\n| row 1 || x").replace("{{Goal row|After a separator}}", "|-\n| row 2 || x")


def test_a_page_without_row_calls_is_not_sent_for_expansion():
    def refuse(_calls):
        raise AssertionError("no expansion needed")

    text = "{|\n! A !! B\n|-\n| {{Done}} || x\n|}"
    assert expand_row_templates(text, refuse) == text


def test_an_expansion_with_a_part_missing_is_an_error():
    with pytest.raises(ValueError):
        expand_row_templates(TABLE, lambda found: found[:-1])


@pytest.mark.parametrize("text, found", [
    # a comment or Translate tags around the call
    ("{|\n! Goal !! Owner\n<!-- TP1 --> {{Goal row|Ship|Ann}}\n|}", ["{{Goal row|Ship|Ann}}"]),
    ("{|\n! Goal !! Owner\n<translate>{{Goal row|Ship|Ann}}</translate>\n|}", ["{{Goal row|Ship|Ann}}"]),
    # after a hand-written row: a template named for rows is a row, any other continues the cell
    ("{|\n! Goal !! Owner\n|-\n| Manual || Cy\n{{Goal row|Ship|Ann}}\n|}", ["{{Goal row|Ship|Ann}}"]),
    ("{|\n! Goal !! Owner\n|-\n| Manual || Cy\n{{GoalRow|Ship|Ann}}\n|}", ["{{GoalRow|Ship|Ann}}"]),
    ("{|\n! A\n|-\n| x\n{{Arrow|y}}\n{{Throw}}\n|}", []),
])
def test_calls_around_comments_and_after_written_rows(text, found):
    assert calls(text) == found


def test_braces_in_a_comment_or_nowiki_do_not_end_a_call():
    text = ("{|\n! Goal !! Owner\n{{Goal row|Ship it <!-- was {{Old}} }} -->|Ann}}\n"
            "{{Goal row|Use <nowiki>}}</nowiki> literally|Bo}}\n{{Goal row|B|Cy}}\n|}")
    calls = [text[a:b] for a, b in row_template_spans(text)]
    assert calls == ["{{Goal row|Ship it <!-- was {{Old}} }} -->|Ann}}", "{{Goal row|Use <nowiki>}}</nowiki> literally|Bo}}",
                     "{{Goal row|B|Cy}}"]


def test_a_self_closing_nowiki_in_a_call_is_nothing_to_skip():
    text = "{|\n! Goal !! Owner\n{{Goal row|[[Wikidata]]<nowiki/>'s query service|Ann}}\n{{Goal row|B|Cy}}\n|}"
    assert [text[a:b] for a, b in row_template_spans(text)] == [
        "{{Goal row|[[Wikidata]]<nowiki/>'s query service|Ann}}", "{{Goal row|B|Cy}}"]


def test_a_table_opened_and_closed_by_templates_is_expanded_whole():
    text = ("== TP1 ==\n{{Goal table start}}\n{{Goal row|Ship it|Ann|final}}\n{{end}}\n"
            "{{Collapse top|Notes}}\n{{Goal row|Outside any table}}\n{{end}}\n")
    assert calls(text) == ["{{Goal table start}}", "{{Goal row|Ship it|Ann|final}}", "{{end}}"]
    expansions = {"{{Goal table start}}": "{|\n! Goal !! Owner !! Stage", "{{Goal row|Ship it|Ann|final}}": "|-\n| Ship it || Ann || final",
                  "{{end}}": "|}"}
    expanded = expand_row_templates(text, lambda cs: [expansions[c] for c in cs])
    assert [t.rows for t in parse_tables(expanded)] == [[{"Goal": "Ship it", "Owner": "Ann", "Stage": "final"}]]


def test_a_layout_closer_in_a_template_table_and_a_header_template_inside_a_table_change_no_depth():
    text = ("{{Goal table start}}\n{{Goal row|A}}\n{{collapse bottom}}\n{{Goal row|B}}\n{{end}}\n"
            "{|\n{{Goal table header}}\n{{Goal row|C}}\n|}\n{{Main row|outside}}\n")
    assert "{{Goal row|B}}" in calls(text) and "{{end}}" in calls(text)
    assert "{{Main row|outside}}" not in calls(text)
