"""The team page's rules: the DACI matrix as the wiki lays it out, and one role's list."""

from __future__ import annotations

import pandas as pd

from lib import team


def daci_rows(*rows, role_positions=None) -> pd.DataFrame:
    """(category, decision, role, assignment, position) rows; role_positions maps role -> column."""
    df = pd.DataFrame(rows, columns=["category", "decision", "role", "assignment", "position"])
    return df.assign(role_position=df["role"].map(role_positions or {}).astype("Int64"))


SAMPLE = daci_rows(
    ("Product", "Set goals", "PM", "Driver/Approver", 1),
    ("Product", "Set goals", "EM", "Consulted", 1),
    ("Product", "Fix bugs", "QA", "Driver", 2),
    ("Product", "Fix bugs", "PM", "Approver", 2),
    ("People", "Hire", "EM", "Driver", 3),
    ("People", "Hire", "PM", "Informed", 3),
    role_positions={"EM": 1, "PM": 2, "QA": 3},
)


def test_letters_write_each_assignment_as_the_wiki_does():
    assert team.letters("Driver") == "D"
    assert team.letters("Consulted/Informed") == "C/I"


def test_roles_follow_the_wiki_columns_not_the_order_rows_were_stored():
    assert team.role_order(SAMPLE) == ["EM", "PM", "QA"]


def test_roles_without_a_stored_column_follow_in_order_of_first_appearance():
    legacy = SAMPLE.assign(role_position=pd.array([None] * len(SAMPLE), dtype="Int64"))
    assert team.role_order(legacy) == ["EM", "PM", "QA"]  # by the first decision each is in, ties by name
    mixed = SAMPLE.assign(role_position=SAMPLE["role"].map({"QA": 1}).astype("Int64"))
    assert team.role_order(mixed)[0] == "QA"


def test_matrix_has_one_row_per_decision_in_page_order_and_blank_cells():
    matrix = team.daci_matrix(SAMPLE)
    assert list(matrix.columns) == ["category", "decision", "EM", "PM", "QA"]
    assert matrix["decision"].tolist() == ["Set goals", "Fix bugs", "Hire"]
    assert matrix.set_index("decision").loc["Set goals"].tolist() == ["Product", "C", "D/A", ""]
    assert matrix.set_index("decision").loc["Hire", "QA"] == ""


def test_one_roles_list_puts_what_it_drives_first_then_page_order():
    pm = team.role_decisions(SAMPLE, "PM")
    assert pm[["assignment", "decision"]].values.tolist() == [
        ["Driver/Approver", "Set goals"], ["Approver", "Fix bugs"], ["Informed", "Hire"]]


def test_counts_per_role_count_a_double_cell_for_both():
    counts = team.assignment_counts(SAMPLE).set_index("role")
    assert counts.loc["PM"].tolist() == [1, 2, 0, 1]
    assert counts.loc["EM"].tolist() == [1, 0, 1, 0]
    assert counts.index.tolist() == ["EM", "PM", "QA"]


def test_an_empty_matrix_is_an_empty_table():
    assert team.daci_matrix(SAMPLE.iloc[0:0]).empty


def test_role_holders_match_roster_roles_part_by_part_with_short_forms():
    people = pd.DataFrame({"name": ["Jack", "Dayllan", "Dom", "Sam", "Ann", "Joy"],
                           "role": ["Lead Community Tech Manager/ Product Manager", "Lead Engineer/Tech Lead",
                                    "QA Engineer", "Engineer", "Engineer", "Principal UX Designer"]})
    holders = team.role_holders(["Product Manager", "Technical Lead", "Quality Assurance Engineer", "Engineers",
                                 "UX Designer", "Director of Product Management"], people)
    assert holders == {"Product Manager": ["Jack"], "Technical Lead": ["Dayllan"],
                       "Quality Assurance Engineer": ["Dom"], "Engineers": ["Sam", "Ann"],  # not "Lead Engineer"
                       "UX Designer": ["Joy"], "Director of Product Management": []}


def test_role_summary_counts_each_role_and_names_its_holders():
    people = pd.DataFrame({"name": ["Ann", "Bo"], "role": ["Engineering Manager", "QA"]})
    summary = team.role_summary(SAMPLE, people).set_index("role")
    assert summary.loc["EM"].tolist() == [1, 0, 1, 0, ""]  # "EM" is not written as the roster writes it
    people = pd.DataFrame({"name": ["Ann", "Bo"], "role": ["EM", "PM"]})
    assert team.role_summary(SAMPLE, people)["people"].tolist() == ["Ann", "Bo", ""]


def test_roles_that_decide_but_that_nobody_holds_are_pointed_out():
    people = pd.DataFrame({"name": ["Ann"], "role": ["EM"]})
    gaps = team.unheld_deciding_roles(team.role_summary(SAMPLE, people))
    assert gaps.values.tolist() == [["PM", 1, 2], ["QA", 1, 0]]   # EM is held; PM and QA are not
    everyone = pd.DataFrame({"name": ["Ann", "Bo", "Cy"], "role": ["EM", "PM", "QA"]})
    assert team.unheld_deciding_roles(team.role_summary(SAMPLE, everyone)).empty
