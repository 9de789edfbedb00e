"""Shared widgets: remote text never becomes markdown."""

from __future__ import annotations


def test_remote_text_is_escaped_before_it_reaches_markdown():
    from lib.ui import md

    hostile = "![pixel](https://evil.example/p.png) [click](https://evil.example) **bold** <b>x</b>"
    escaped = md(hostile)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped and "<b>" not in escaped
    assert escaped.replace("\\", "") == hostile  # nothing lost, only escaped
