"""Template calls that stand for table rows, e.g. one `{{Goal row|Ship it|Ann|final}}` per goal.

MediaWiki expands templates before it reads a table, so such a table only has its rows once the
calls are expanded; read as written, it would have none and its goals would silently vanish. The
wiki is asked to expand just these calls (`action=expandtemplates`, one request per page that has
any), and their wikitext is put back in their place; every other template stays as written, for
the table parser to read.

A call stands for rows when it is alone on its line(s) inside a table (comments and <translate>
tags around it aside), where a row could begin: after the table's opening line, its caption, a row
separator `|-`, a header line, or another such call. After a data cell, MediaWiki decides by what
the call expands to; there a call is taken for rows only when its template is named for them
(`{{Goal row}}`, `{{TableRow}}`), and any other (`{{Done}}`) continues the cell, as written. A
table may itself be opened and closed by templates (`{{Goal table start}}` … `{{end}}`): those calls
are expanded too, as the table's own markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OPEN = re.compile(r"[ \t]*:*[ \t]*\{\|")
_CLOSE = re.compile(r"[ \t]*\|\}")
_ROW_START = re.compile(r"[ \t]*(?:\{\||\|-|\|\+|!)")
_QUIET = re.compile(r"<!--.*?-->|</?translate>", re.S)  # lines of only these change nothing
_CALL = re.compile(r"(?:[ \t]*(?:<!--.*?-->|</?translate>))*[ \t]*(?=\{\{(?!\{))")
_NO_MARKUP = re.compile(r"<!--.*?(?:-->|$)|<nowiki\s*/>|<nowiki\b[^>/]*>.*?</nowiki\s*>", re.I | re.S)
_ROW_NAME = re.compile(r"\{\{\s*(?:[^|}]*[\s_-])?[Rr]ow\s*(?:\||}})|\{\{[^|}]*[a-z]Row\s*(?:\||}})")
# A table opened and closed by templates: {{Goal table start}} (or "… top", "… begin", "… header")
# … {{end}} (or "{{… table end}}", "{{… bottom}}").
_TABLE_OPENER = re.compile(r"\{\{\s*[^|}]*\btable[\s_-]*(?:start|top|begin|head(?:er)?)\s*(?:\||}})", re.I)
_TABLE_CLOSER = re.compile(r"\{\{\s*(?:[^|}]*\btable[\s_-]*)?(?:end|bottom)\s*(?:\||}})", re.I)  # not {{collapse bottom}}


def row_template_spans(wikitext: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the calls that stand for table rows, in page order."""
    spans: list[tuple[int, int]] = []
    depth, row_may_begin, pos = 0, False, 0
    by_template: list[int] = []  # depths of the tables a template opened, to be closed by one
    while pos < len(wikitext):
        line_end = wikitext.find("\n", pos)
        line_end = len(wikitext) if line_end < 0 else line_end
        line = wikitext[pos:line_end]
        call = _CALL.match(line)
        opens = bool(call and not depth and _TABLE_OPENER.match(line, call.end()))
        closes = bool(call and by_template and by_template[-1] == depth and _TABLE_CLOSER.match(line, call.end()))
        if call and (opens or closes or (depth and (row_may_begin or _ROW_NAME.match(line, call.end())))):
            start = pos + call.end()
            end = _call_end(wikitext, start)
            rest_end = wikitext.find("\n", end) if end is not None else -1
            rest_end = len(wikitext) if rest_end < 0 else rest_end
            if end is not None and not _QUIET.sub("", wikitext[end:rest_end]).strip():
                spans.append((start, end))
                if opens:
                    depth += 1
                    by_template.append(depth)
                elif closes:
                    by_template.pop()
                    depth -= 1
                row_may_begin = not closes
                pos = rest_end + 1
                continue
        if _OPEN.match(line):
            depth += 1
        elif depth and _CLOSE.match(line):
            depth -= 1
        if _QUIET.sub("", line).strip():
            row_may_begin = bool(_ROW_START.match(line))
        pos = line_end + 1
    return spans


def _call_end(text: str, start: int) -> int | None:
    """The offset just past the `}}` that closes the call opening at `start` (nested calls and
    `{{{parameters}}}` counted), or None when it is never closed."""
    depth, i = 0, start
    while i < len(text):
        skip = _NO_MARKUP.match(text, i)  # braces in a comment or <nowiki> close nothing
        if skip:
            i = skip.end()
        elif text.startswith("{{{", i):
            depth, i = depth + 1, i + 3
            close = text.find("}}}", i)
            if close < 0:
                return None
            depth, i = depth - 1, close + 3
        elif text.startswith("{{", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("}}", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return None


def expand_row_templates(wikitext: str, expand: Callable[[list[str]], list[str]]) -> str:
    """`wikitext` with its row-standing calls replaced by `expand(calls)`, their expansions in the
    same order; unchanged (and `expand` not called) when it has none."""
    spans = row_template_spans(wikitext)
    if not spans:
        return wikitext
    expanded = expand([wikitext[a:b] for a, b in spans])
    out, last = [], 0
    for (a, b), text in zip(spans, expanded, strict=True):
        out += [wikitext[last:a], text.strip("\n")]
        last = b
    return "".join(out) + wikitext[last:]
