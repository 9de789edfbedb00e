"""Counts as people write them (lib.words)."""

from lib.words import count, plural


def test_one_is_singular_and_everything_else_plural():
    assert [count(n, "task") for n in (0, 1, 2)] == ["0 tasks", "1 task", "2 tasks"]
    assert count(1, "is", "are") == "1 is" and plural(3, "is", "are") == "are"


def test_a_count_from_a_float_column_reads_as_a_whole_number():
    assert count(3.0, "open task") == "3 open tasks" and count(1.0, "task") == "1 task"
    assert count(2.5, "point") == "2.5 points" and count(1_500_000, "row") == "1500000 rows"
