"""Wikitext tables (and the bits of page structure around them) as plain rows.

The wiki pages the sync reads are edited by hand, in many styles: `||` inline cells or one cell per
line, `!` headers, rowspan/colspan, templates, links, footnotes, Translate markup. This module turns
every `{| ... |}` table into a grid with one text value per column, so the page parsers can look up
columns by what their headers say, never by position.

Built on mwparserfromhell, whose quirks it hides (see apis.md B.7): cells written before the first
`|-` are direct children of the table, the `|+` caption is parsed as a `td`, and `filter_tags`
flattens nested tables (here each nested table is its own Table, and left out of its parent's cell).
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field

import mwparserfromhell as mwp
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

__all__ = [
    "WikiPageError",
    "Cell",
    "Table",
    "Section",
    "ListItem",
    "parse_tables",
    "find_table",
    "find_tables",
    "match_columns",
    "normalise_header",
    "render",
    "preclean",
    "sections",
    "list_items",
    "strip_tables",
    "describe_tables",
]


class WikiPageError(ValueError):
    """A wiki page does not hold what the sync needs; the message names the page and what is missing."""


# --- text rendering --------------------------------------------------------------------------------

# Struck-through text: <s>, <del>, <strike> or the templates that draw the same line.
STRUCK = re.compile(r"<(s|del|strike)\b[^>]*>.*?</\1\s*>|\{\{\s*(?:strike|strikethrough|s|del)\s*\|[^{}]*\}\}",
                    re.I | re.S)

# Beside struck text, what does not bring it back: task ids, punctuation and space (not a check mark,
# which says done) ...
_NOTHING_BUT_REFERENCES = re.compile(r"(?:\bT\d+\b|[^\w✓✔☑✅])*")
# ... or a remark on its withdrawal: "– deferred", "(reopened)", "→ Q3", "see talk page", ''Dropped''.
_WITHDRAWAL_REMARK = re.compile(
    r"[^\w(]*(?:\(.*\)|(?:dropped|deferred|cancell?ed|removed|withdrawn|postponed|reopened|moved|merged|"
    r"obsolete|superseded|replaced|descoped|no longer|not needed|see|note|notes)\b.*|(?:\d{4}(?:-\d\d)?\s*)?q[1-4]\b.*|"
    r"(?:next|later|another) (?:quarter|year)\b.*)", re.I | re.S)
_LEADING_MARKS = " \t–—-→⇒>:,;"


def _unstruck_rest(raw: str) -> str:
    return render(STRUCK.sub("", raw)).strip()


def _withdrawn_beside(rest: str) -> bool:
    return bool(_NOTHING_BUT_REFERENCES.fullmatch(rest) or _WITHDRAWAL_REMARK.fullmatch(rest))


def wholly_struck(raw: str) -> bool:
    """What a reader sees in this wikitext is struck through, withdrawn: a footnote, bold around it,
    a task link or a remark on its withdrawal beside it ("<s>goal</s><ref>Dropped</ref>", "<s>goal</s>
    {{phab|T1}}", "<s>goal</s> – deferred") does not bring it back; a check mark does ("<s>goal</s> ✅":
    done)."""
    return bool(STRUCK.search(raw)) and _withdrawn_beside(_unstruck_rest(raw))


def shown_unstruck(raw: str, text: str) -> str:
    """The text of a cell or item without what is struck through, when something else is left: what
    still holds ("<s>Ian Marlier</s> Mark Bergsma": Mark Bergsma; "<s>Oct 2</s> → Oct 9": Oct 9). A
    wholly struck one keeps its text, so that it can be seen (and skipped) as withdrawn, and its
    stage or date read as before."""
    if not STRUCK.search(raw):
        return text
    rest = _unstruck_rest(raw)
    if _withdrawn_beside(rest):
        return text
    rest = rest.lstrip(_LEADING_MARKS)
    return rest if re.search(r"\w", rest) else text  # "<s>Ship the API</s> ✅": the goal, done


# Footnotes, references and layout helpers: they carry nothing a row needs.
_DROP_TEMPLATES = {
    "efn", "efn-ua", "efn-lr", "efn-la", "efn-lg", "efn-ur", "refn", "sfn", "sfnp", "sfnm", "r", "rp",
    "ref", "note", "notetag", "ref label", "citation needed", "cn", "fact", "clarify", "verify source",
    "cite web", "cite news", "cite book", "cite journal", "citation", "reflist", "notelist", "references",
    "anchor", "clear", "clr", "-", "toc", "tocright", "toc limit", "translatable", "languages",
    "displaytitle", "defaultsort", "shortcut", "flagicon", "flag icon", "flagdeco", "flagicon image",
    # a side box pointing to the Phabricator task ({{Tracked|T176000}}): not part of the text beside it
    "tracked", "pronouns", "pronoun",
    # layout: collapsible boxes and columns around content, which stays
    "collapse top", "collapse bottom", "cot", "cob", "hidden begin", "hidden end", "hat", "hab", "archive top",
    "archive bottom", "div col", "div col end", "col-begin", "col-end", "col-break", "refbegin", "refend",
}
_LITERAL_TEMPLATES = {
    "!": "|", "=": "=", "nbsp": " ", "ndash": "–", "mdash": "—", "snd": " – ", "spaced ndash": " – ",
    "br": "\n", "break": "\n", "middot": " · ", "·": " · ", "dot": " · ", "pipe": "|", "tl": None,
}
# Wrappers that show one of their arguments: (index of the argument shown, 1-based; 0 = last).
_WRAPPER_TEMPLATES = {
    "nowrap": 0, "nobr": 0, "small": 0, "smaller": 0, "big": 0, "larger": 0, "resize": 0, "large": 0,
    "strong": 0, "em": 0, "center": 0, "centre": 0, "nobold": 0, "noitalic": 0, "mono": 0, "code": 0,
    "color": 0, "colour": 0, "font color": 0, "fgcolor": 0, "highlight": 0, "bg": 0, "background color": 0,
    "lang": 0, "transl": 0, "ill": 1, "interlanguage link": 1, "tooltip": 1, "abbr": 1, "hover title": 2,
    "user": 1, "u": 1, "user link": 1, "ul": 1, "noping": 1, "ut": 1, "u2": 1, "user0": 1, "userlinks": 1,
    "ll": 1, "phab": 1, "phabricator": 1, "task": 1, "gerrit": 1, "bug": 1, "wikipedia": 0,
    # status boxes that show their argument ({{Status|done}}: "done", not "Status done")
    "status": 1, "state": 1, "progress bar": 1,
    "w": 0, "mw": 0, "m": 0, "meta": 0, "wikitech": 0, "sic": 0, "var": 0, "strikethrough": 0, "s": 0,
    "del": 0, "ins": 0, "underline": 0, "u-": 0, "quote": 1, "q": 1, "blockquote": 1,
    # headers turned on their side ({{vertical header|Product Manager}}, {{rotate|270|…}}): their text
    "vertical header": 1, "vert header": 1, "verth": 0, "rotate": 0, "vertical text": 1, "vtext": 1,
}
_USER_TEMPLATES = {"u", "user", "user link", "ul", "noping", "u2", "user0", "userlinks", "ut"}
# Templates whose every argument is a list item or a name.
_LIST_TEMPLATES = {"plainlist": "\n", "flatlist": "\n", "unbulleted list": "\n", "ubl": "\n", "hlist": "\n",
                   "bulleted list": "\n", "ordered list": "\n", "ping": "; ", "reply to": "; ", "re": "; ",
                   "replyto": "; ", "pingall": "; "}  # people: ";" always separates names
_HIDDEN_SORT_KEYS = {"hs", "hidden sort key", "sortkey", "ntsh", "sort key hidden", "hsort"}
_DATE_TEMPLATES = {"date", "start date", "end date", "dts", "birth date", "death date", "start date and age",
                   "date table sorting", "dtsort", "iso date", "format date", "start-date", "end-date"}

_FOOTNOTE_MARK = re.compile(r"^\s*\[?\s*(?:\d{1,3}|[a-z]|[ivx]{1,4}|[*†‡§¶#]+|note\s*\w+|nb\s*\d+|citation needed|"
                            r"clarification needed|\?)\s*\]?\s*$", re.I)
_SKIP_TAGS = {"ref", "references", "gallery", "imagemap", "timeline", "graph", "templatestyles", "indicator",
              "categorytree", "languages", "section", "mapframe", "maplink", "score", "inputbox", "table",
              "caption", "style", "script"}
_VERBATIM_TAGS = {"nowiki", "pre", "code", "syntaxhighlight", "source", "math", "tt", "kbd", "samp"}
_LINE_TAGS = {"br", "hr", "li", "dt", "dd", "p", "ul", "ol", "dl", "div", "blockquote", "center", "poem"}


def _template_name(t: Template) -> str:
    name = str(t.name).strip()
    name = re.sub(r"^(?:safe)?subst:", "", name, flags=re.I)
    name = re.sub(r"^(?:template|vorlage|modèle)\s*:", "", name, flags=re.I).lstrip(":").replace("_", " ")
    return re.sub(r"\s+", " ", name)


def _parser_function(t: Template) -> str:
    """{{#if:}}, {{#ifeq:}} and {{#switch:}} as MediaWiki evaluates them, on what the page holds (a
    template parameter is its default): "{{#switch:final draft|final draft=Final draft|#default=…}}"."""
    fn, _, subject = str(t.name).partition(":")
    fn, subject = fn.strip().lower(), render(subject).strip()
    params = list(t.params)

    def value(p, whole: bool = False) -> str:
        """A parameter's text; `whole`: a branch of #if/#ifeq, where "a=b" is text, not a name."""
        if p is None:
            return ""
        shown = _render_nodes(p.value.nodes).strip()
        return f"{_render_nodes(p.name.nodes).strip()}={shown}" if whole and p.showkey else shown

    if fn == "#if":
        return value(params[0] if subject and params else (params[1] if len(params) > 1 else None), whole=True)
    if fn == "#ifeq":
        other = value(params[0]) if params else ""
        return value(params[1] if subject == other and len(params) > 1 else (params[2] if len(params) > 2 else None),
                     whole=True)
    # #switch: the case named like the subject (a bare case falls through to the next value: "|a|b=x"),
    # else #default, else a last bare value
    default, falling = None, False
    for i, p in enumerate(params):
        if not p.showkey:
            if i == len(params) - 1:
                default = p
            falling = falling or value(p) == subject
            continue
        name = _render_nodes(p.name.nodes).strip()
        if falling or name == subject:
            return value(p)
        if name == "#default":
            default = p
    return value(default)


_A_DAY = re.compile(r"(?![+-]).*\d{4}.*", re.S)  # a date of its own (a year in it), not "now" or "+1 week"


def _argument_shown(t: Template) -> str:
    """The argument a parser function shows, near enough for reading it: a date or a number formatted
    ("{{#time:F j, Y|2023-10-02}}", "{{#formatdate:2023-10-02}}", "{{#formatnum:1234}}": the date or
    number as written), a tag's content ("{{#tag:span|Done}}"). Nothing for the others: what depends
    on the day the page is shown ("{{#time:Y}}"), on a module ("{{#invoke:}}"), on Wikidata or another
    page cannot be known here, and their wikitext ("#invoke:Progress|bar") would be read as words."""
    fn, _, subject = str(t.name).partition(":")
    fn = fn.strip().lower()
    positional = [p for p in t.params if not p.showkey]
    if fn in ("#time", "#timel", "#timef", "#timefl"):  # {{#time:format|date}}
        when = _render_nodes(positional[0].value.nodes).strip() if positional else ""
        return when if _A_DAY.fullmatch(when) else ""
    if fn in ("#formatdate", "#dateformat", "#formatnum"):  # {{#formatdate:date|format}}
        return render(subject).strip()
    if fn == "#tag" and positional and subject.strip().lower() not in _SKIP_TAGS:  # {{#tag:span|content|attr=…}}
        return _render_nodes(positional[0].value.nodes)
    return ""


def _render_template(t: Template) -> str:
    name = _template_name(t)
    key = name.lower()
    if key.startswith("#tag:ref") or key.startswith("#tag:references"):
        return ""
    if key.startswith(("#if:", "#ifeq:", "#switch:")):
        return _parser_function(t)
    if key.startswith("#"):
        return _argument_shown(t)
    if key.startswith("displaytitle:") or key.startswith("defaultsort:"):
        return ""
    if key in _DROP_TEMPLATES:
        return ""
    positional = [p for p in t.params if not p.showkey]
    args = [_render_nodes(p.value.nodes).strip() for p in positional]
    named = {str(p.name).strip().lower(): _render_nodes(p.value.nodes).strip() for p in t.params if p.showkey}
    if key == "tl" or key == "tlx":
        return "{{" + (args[0] if args else "") + "}}"
    if key in _LITERAL_TEMPLATES and _LITERAL_TEMPLATES[key] is not None:
        return _LITERAL_TEMPLATES[key]
    if key in _DATE_TEMPLATES:
        nums = [a for a in args if a]
        if len(nums) >= 3 and all(re.fullmatch(r"\d{1,4}", a) for a in nums[:3]) and len(nums[0]) == 4:
            return f"{int(nums[0]):04d}-{int(nums[1]):02d}-{int(nums[2]):02d}"
        if len(nums) == 2 and all(re.fullmatch(r"\d{1,4}", a) for a in nums) and len(nums[0]) == 4:
            return f"{int(nums[0]):04d}-{int(nums[1]):02d}"
        if nums:
            return nums[0]
        return name
    if key in _LIST_TEMPLATES:
        return _LIST_TEMPLATES[key].join(a for a in args if a)
    # sortable tables: {{sort|key|shown}}, {{sortname|First|Last}}, hidden sort keys
    if key in _HIDDEN_SORT_KEYS:
        return ""
    if key in ("sort", "sort key", "sortkey text"):
        return args[1] if len(args) > 1 else (args[0] if args else "")
    if key in ("sortname", "sort name"):
        return " ".join(a for a in args[:2] if a)
    if key in ("nts", "number table sorting", "ntsn"):
        return args[0] if args else ""
    if key == "progress" and args and re.fullmatch(r"\d{1,3}", args[0]):
        return f"{args[0]}%"  # {{Progress|100}}
    if key in _USER_TEMPLATES:  # {{u|ALee (WMF)|Ann Lee}}: shown as its second argument when it has one
        # a user name written as in a URL ("Karolin_Siebert") is the name with spaces, as MediaWiki reads it
        return (args[1] if len(args) > 1 and args[1] else args[0].replace("_", " ")) if args else name
    if key in _WRAPPER_TEMPLATES:
        index = _WRAPPER_TEMPLATES[key]
        text = named.get("text") or named.get("1")
        if text is None and args:
            text = args[-1] if index == 0 else (args[index - 1] if len(args) >= index else args[-1])
        return text if text is not None else name
    # Everything else (status templates like {{done}}, {{Y}}, {{✓}}, {{In progress}}) keeps its name,
    # followed by its positional arguments so that nothing is lost silently.
    shown = [a for a in args if a]
    return " ".join([name, *shown]) if shown else name


def _render_tag(tag: Tag) -> str:
    name = str(tag.tag).strip().lower()
    if name in _SKIP_TAGS:
        return ""
    if name in ("br", "hr"):
        return "\n"
    if tag.contents is None:
        return "\n" if name in ("li", "dt", "dd") else ""
    if name == "sup":
        if any(str(t.tag).lower() == "ref" for t in tag.contents.filter_tags()):
            return ""
        cls = str(tag.get("class").value) if tag.has("class") else ""
        inner = _render_nodes(tag.contents.nodes)
        if "reference" in cls or "noprint" in cls or _FOOTNOTE_MARK.match(inner or "x") and inner.strip():
            return ""
        return inner
    if _is_hidden(tag):
        return ""  # a sort key or note the page hides: not what a reader sees
    if name in _VERBATIM_TAGS:
        return str(tag.contents)
    inner = _render_nodes(tag.contents.nodes)
    if name in ("li", "dt", "dd"):
        # wiki lists (`* item`): the marker is its own Tag, the item text follows as siblings
        return "\n" + inner
    if name in _LINE_TAGS:
        return "\n" + inner + "\n"
    return inner


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style").value) if tag.has("style") else ""
    classes = str(tag.get("class").value).split() if tag.has("class") else []
    return bool(re.search(r"display\s*:\s*none", style, re.I)) or "sortkey" in classes


_USER_LINK = re.compile(r"^(?:[a-z]+:)?(?:user|benutzer|utilisateur|usuario)\s*:\s*", re.I)


def _render_nodes(nodes) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(str(node.value))
        elif isinstance(node, Wikilink):
            title = str(node.title).strip()
            if re.match(r"^(file|image|media|category|datei|fichier|bild)\s*:", title, re.I):
                continue
            if node.text is not None:
                out.append(_render_nodes(node.text.nodes))
            else:  # [[User:Ann Lee]], [[m:User:Ann Lee]]: the person's name, as a reader takes it
                shown = title.lstrip(":").replace("_", " ")  # a title copied from a URL: "_" is a space
                person = _USER_LINK.sub("", shown)
                out.append(person.split("#")[0] or shown if person != shown else shown)
        elif isinstance(node, ExternalLink):
            out.append(_render_nodes(node.title.nodes) if node.title is not None else str(node.url))
        elif isinstance(node, Template):
            out.append(_render_template(node))
        elif isinstance(node, Tag):
            out.append(_render_tag(node))
        elif isinstance(node, HTMLEntity):
            out.append(node.normalize())
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, Heading):
            out.append("\n" + _render_nodes(node.title.nodes) + "\n")
        elif isinstance(node, Argument):
            out.append(_render_nodes(node.default.nodes) if node.default is not None else "")
        else:
            out.append(str(node))
    return "".join(out)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"), None)


def _tidy(text: str) -> str:
    text = text.translate(_INVISIBLE).replace("\xa0", " ").replace("\u202f", " ").replace("\t", " ")
    text = re.sub(r"'{2,}", "", text)            # unbalanced bold/italic left as text
    text = re.sub(r"__[A-Z]+__", "", text)        # behaviour switches (__NOTOC__)
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def render(wikitext: str | Wikicode) -> str:
    """Readable plain text of a wikitext fragment: links as their label, templates as readable text,
    footnotes/comments dropped, `<br>` and list items as line breaks, bold/italic stripped."""
    code = wikitext if isinstance(wikitext, Wikicode) else mwp.parse(preclean(wikitext))
    return _tidy(_render_nodes(code.nodes))


_TRANSLATE = re.compile(r"</?translate\b[^>]*>|<!--\s*T:\d+\s*-->|<tvar\b[^>]*>|</tvar>|<languages\s*/?>", re.I)


_COMMENT = r"<!--(?:(?!-->).)*(?:-->|\Z)"  # an unclosed comment runs to the end of the page
# MediaWiki's extension tags whose content is not wikitext: a comment or a table in them is their text
_LITERAL_TAGS = (r"nowiki|pre|syntaxhighlight|source|math|chem|ce|score|graph|templatedata|mapframe|maplink|hiero|"
                 r"timeline|code")
_LITERAL_BLOCK = rf"<(?P<tag>{_LITERAL_TAGS})\b[^>/]*>.*?</(?P=tag)\s*>"
# A comment alone on its line(s) goes with its line; any other goes alone. <nowiki>/<pre> hold none.
_COMMENTS = re.compile(rf"(?P<keep>{_LITERAL_BLOCK})|^[ \t]*(?:{_COMMENT}[ \t]*)+(?:\n|\Z)|{_COMMENT}", re.I | re.S | re.M)


def strip_comments(wikitext: str) -> str:
    """The page without its HTML comments, as MediaWiki's preprocessor sees it before anything else:
    a comment that starts on a `|-` or `{|` line and hides the rows below it hides them here too."""
    return _COMMENTS.sub(lambda m: m.group("keep") or "", wikitext)


_MAGIC_TABLE_MARKUP = {"(!": "{|", "!)": "|}", "!-": "|-", "!!": "||"}
_MAGIC_TABLE = re.compile(r"\{\{\s*(\(!|!\)|!-|!!)\s*\}\}")
_LINE_START_PIPE = re.compile(r"^([ \t]*)\{\{\s*!\s*\}\}", re.M)
_LINE_BREAK = re.compile(r"<\s*/?\s*br\b[^>]*>", re.I)


_HTML_TABLE_TAG = re.compile(r"<(/?)(table|tr|td|th)\b[^>]*>", re.I)


def close_html_table_tags(text: str) -> str:
    """HTML tables with the end tags HTML lets one leave out (`<tr><td>a<td>b</table>`) closed, so the
    wikitext parser sees their rows and cells as MediaWiki's HTML does. Well-formed tables are left
    as they are; a table nested in a cell keeps its own rows."""
    out, pos = [], 0
    stack: list[list] = []  # per open table: [open cell tag or None, row open]

    def close(state, *, row: bool) -> None:
        if state[0]:
            out.append(f"</{state[0]}>")
            state[0] = None
        if row and state[1]:
            out.append("</tr>")
            state[1] = False

    for m in _HTML_TABLE_TAG.finditer(text):
        closing, tag = m.group(1), m.group(2).lower()
        out.append(text[pos:m.start()])
        pos = m.end()
        if tag == "table":
            if closing and stack:
                close(stack.pop(), row=True)
            elif not closing:
                stack.append([None, False])
        elif stack:
            state = stack[-1]
            if tag == "tr":
                close(state, row=not closing)  # a new row ends the open one; </tr> ends its own
                state[1] = not closing
            elif closing:  # </td>, </th>
                state[0] = None
            else:
                close(state, row=False)
                state[0] = tag
        out.append(m.group(0))
    out.append(text[pos:])
    return "".join(out)


_TRANSCLUSION_TAG = re.compile(r"</?(?:onlyinclude|noinclude|includeonly)\b[^>]*>", re.I)
_INCLUDEONLY = re.compile(r"<includeonly\b[^>/]*>.*?(?:</includeonly\s*>|$)", re.I | re.S)  # unclosed: to the end
_INDENTED_TABLE = re.compile(r"^[ \t]*:+[ \t]*(?=\{\|)", re.M)


def preclean(wikitext: str) -> str:
    """Drop comments (see strip_comments) and Translate-extension markup (`<translate>`, `<!--T:12-->`,
    `<tvar>`, the old `<tvar|name>…</>`), common on Meta pages, so that headings and tables inside it are
    seen as such; an indented table (`:{|`) is a table, as MediaWiki shows it."""
    text = strip_comments(wikitext.replace("\r\n", "\n"))
    text = re.sub(r"<tvar\|[^>]*>(.*?)</>", r"\1", text, flags=re.S)  # old tvar syntax, before the new one's tags go
    text = _TRANSLATE.sub("", text)
    # table markup written through templates ({{(!}} … {{!)}}, for tables inside parser functions)
    # and line breaks written "<br/ >" or "<BR clear=all>": as MediaWiki shows them
    text = _MAGIC_TABLE.sub(lambda m: _MAGIC_TABLE_MARKUP[m.group(1)], text)
    text = _LINE_START_PIPE.sub(r"\1|", text)  # "{{!}} cell" opening a line is a cell
    text = _LINE_BREAK.sub("<br/>", text)
    if "<t" in text.lower():
        text = close_html_table_tags(text)
    # Transclusion markup: what <includeonly> holds is not on the page itself; the <onlyinclude> and
    # <noinclude> tags go, their content stays ("<onlyinclude>{|" starts a table, as MediaWiki shows it).
    text = _INCLUDEONLY.sub("", text)
    text = _TRANSCLUSION_TAG.sub("", text)
    return _INDENTED_TABLE.sub("", text)


_NOT_MARKUP = re.compile(rf"<({_LITERAL_TAGS})\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)  # unclosed: to the end
_TABLE_END_TEMPLATE = re.compile(r"\{\{\s*(?:[\w -]*[\s_-])?end(?:\s+\w+)?\s*\}\}\s*$", re.I)  # {{end}}, {{s-end}}


def _unclosed_tables(page: str) -> int:
    """How many `{|` tables of a precleaned page (no comments) are still open at its end (MediaWiki
    closes them there). <pre>/<nowiki> and the like hold no markup; a table may be closed by a template such as
    {{end}} or {{s-end}}, which counts as closing it."""
    depth = 0
    for line in _NOT_MARKUP.sub("", page).split("\n"):
        line = line.strip()
        if line.startswith("{|"):
            depth += 1
        elif depth and (line.startswith("|}") or _TABLE_END_TEMPLATE.match(line)):
            depth -= 1
    return depth


# --- tables ----------------------------------------------------------------------------------------


# What may stand before a cell's bold text without making it less of a header: a centring or styling
# wrapper, an anchor.
_AROUND_BOLD = re.compile(r"^(?:\s*(?:<(?:center|span|div|font|small|big)\b[^>]*>|\{\{\s*anchor\s*\|[^{}]*\}\}))+", re.I)


@dataclass
class Cell:
    """One grid position. A cell spanning several positions appears once per position, same `origin`."""

    text: str
    raw: str
    header: bool
    origin: int
    attrs: dict[str, str] = field(default_factory=dict)
    rowspan: int = 1
    colspan: int = 1

    @property
    def bold(self) -> bool:
        """The cell starts with bold text: how some editors write a header row with `|` cells."""
        raw = _AROUND_BOLD.sub("", self.raw.strip())  # (the page's comments went in preclean)
        return bool(re.match(r"'{3,5}[^']+'{3}|<b>|<strong>", raw))


@dataclass
class Table:
    """A wikitext table as rows of header -> text, with where it sits on the page."""

    caption: str
    headers: list[str]
    rows: list[dict[str, str]]
    heading: str = ""
    headings: list[str] = field(default_factory=list)
    cells: list[list[Cell]] = field(default_factory=list)
    header_texts: list[str] = field(default_factory=list)
    header_rows: list[list[Cell]] = field(default_factory=list)
    index: int = 0
    nested: bool = False
    parent: int | None = None  # the index of the table whose cell holds this one
    # a line that labels the table without being a heading: "; TP3 Technical Debt", a line in bold,
    # a collapsible box's title ({{Collapse top|TP5 Scoring Platform}}); since the last heading
    label_above: str = ""
    # what the page says between that label (else the heading, else the table before) and the table,
    # as text: "none" under a bold "Deferred" says the label has nothing under it
    said_above: str = ""

    @property
    def label(self) -> str:
        """How an error message names this table."""
        return self.caption or (f'under "{self.heading}"' if self.heading else f"#{self.index + 1}")

    def records(self, prefer: list[str] | tuple[str, ...] = ()) -> list[dict[str, str]]:
        """Rows as header -> text where a colspan cell counts once: in the first of its columns listed
        in `prefer`, else in its first column. Rowspan cells stay repeated, one per row, as they mean
        the same value for each row."""
        out = []
        for row, cells in zip(self.rows, self.cells):
            owner: dict[int, str] = {}
            for header, cell in zip(self.headers, cells):
                if cell.origin < 0:
                    continue
                if cell.origin not in owner or (header in prefer and owner[cell.origin] not in prefer):
                    owner[cell.origin] = header
            out.append({h: (row[h] if c.origin < 0 or owner[c.origin] == h else "")
                        for h, c in zip(self.headers, cells)})
        return out

    def context(self) -> str:
        """Caption and headings, lower-cased: what tells two tables with the same columns apart."""
        return " ".join([self.caption, *self.headings]).lower()


def _attrs(tag: Tag) -> dict[str, str]:
    out = {}
    for attr in tag.attributes:
        value = "" if attr.value is None else str(attr.value)
        out[str(attr.name).strip().lower()] = value.strip().strip("\"'")
    return out


def _span(attrs: dict[str, str], name: str) -> int:
    m = re.match(r"\s*(\d+)", attrs.get(name, ""))
    if not m:
        return 1
    n = int(m.group(1))
    return 1000 if n == 0 else max(1, min(n, 1000))


def _caption_text(node: Tag) -> str:
    text = render(node.contents).lstrip()
    text = text[1:] if text.startswith("+") else text
    m = re.match(r"^\s*[\w-]+\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)(?:\s+[\w-]+\s*=\s*(\"[^\"]*\"|'[^']*'|\S+))*\s*\|(.*)$",
                 text, re.S)
    return _tidy(m.group(3) if m else text)


def _raw_rows(table: Tag) -> tuple[str, list[list[Tag]]]:
    caption, rows, pending = "", [], []
    for node in table.contents.nodes:
        if not isinstance(node, Tag):
            continue
        tag = str(node.tag).lower()
        if tag in ("td", "th"):
            if str(node).startswith("|+"):
                caption = caption or _caption_text(node)
                continue
            pending.append(node)
        elif tag == "caption":
            caption = caption or render(node.contents)
        elif tag in ("tr", "thead", "tbody", "tfoot"):
            if pending:
                rows.append(pending)
                pending = []
            if tag == "tr":
                rows.append([c for c in node.contents.nodes if isinstance(c, Tag) and str(c.tag).lower() in ("td", "th")])
            else:  # HTML thead/tbody: rows inside
                for tr in node.contents.nodes:
                    if isinstance(tr, Tag) and str(tr.tag).lower() == "tr":
                        rows.append([c for c in tr.contents.nodes
                                     if isinstance(c, Tag) and str(c.tag).lower() in ("td", "th")])
    if pending:
        rows.append(pending)
    return caption, [r for r in rows if r]


def _grid(raw_rows: list[list[Tag]]) -> list[list[Cell]]:
    """Expand rowspan/colspan the way a browser does: each row gets one Cell per column."""
    grid: list[list[Cell]] = []
    carry: dict[int, tuple[int, Cell]] = {}  # column -> (rows still covered, cell)
    origin = 0
    for raw in raw_rows:
        row: list[Cell] = []
        col = 0

        def fill_carried():
            nonlocal col
            while col in carry:
                left, cell = carry[col]
                row.append(cell)
                if left <= 1:
                    del carry[col]
                else:
                    carry[col] = (left - 1, cell)
                col += 1

        for tag in raw:
            fill_carried()
            attrs = _attrs(tag)
            contents = tag.contents if tag.contents is not None else mwp.parse("")
            raw_text = str(contents).strip()
            cell = Cell(text=shown_unstruck(raw_text, render(contents)), raw=raw_text, header=str(tag.tag).lower() == "th",
                        origin=origin, attrs=attrs, rowspan=_span(attrs, "rowspan"), colspan=_span(attrs, "colspan"))
            origin += 1
            for _ in range(min(cell.colspan, 100)):
                row.append(cell)
                if cell.rowspan > 1:
                    carry[col] = (cell.rowspan - 1, cell)
                col += 1
        # columns still covered by rowspans from above, past this row's last cell
        while carry and max(carry) >= col:
            if col in carry:
                fill_carried()
            else:
                row.append(Cell("", "", False, -1))
                col += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        while len(row) < width:
            row.append(Cell("", "", False, -1))
    return grid


def _is_spanning_row(row: list[Cell]) -> bool:
    return len({c.origin for c in row if c.origin >= 0}) == 1 and len(row) > 1


def _split_header(grid: list[list[Cell]]) -> tuple[str, list[list[Cell]], list[list[Cell]]]:
    """Leading all-`!` rows are the header (the last multi-cell one names the columns). A full-width
    single cell before it is a title; after it, a section row that belongs to the data."""
    title, header_rows, i = "", [], 0
    width = len(grid[0]) if grid else 0
    while i < len(grid):
        row = grid[i]
        filled = [c for c in row if c.origin >= 0 and (c.text or c.header)]
        all_th = bool(filled) and all(c.header for c in filled)
        texts = [c for c in {c.origin: c for c in filled if c.text}.values()]
        bold = (not header_rows and i == 0 and width > 1 and all(c.bold for c in texts)
                and (len(texts) >= 2 or _is_spanning_row(row)))
        if not (all_th or bold):
            break
        if width > 1 and _is_spanning_row(row):
            if header_rows:
                break
            title = title or row[0].text
        else:
            header_rows.append(row)
        i += 1
    return title, header_rows, grid[i:]


def _header_names(header_rows: list[list[Cell]], width: int) -> list[str]:
    names = []
    for j in range(width):
        name = header_rows[-1][j].text if header_rows else ""
        if not name:  # a gap in the last header row: take the text from a row above
            name = next((r[j].text for r in reversed(header_rows) if r[j].text), "")
        name = re.sub(r"\s*\n\s*", " ", name).strip() or f"column {j + 1}"
        names.append(name)
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name in seen:
            seen[name] += 1
            names[j] = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
    return names


def _build_table(tag: Tag, headings: list[str], index: int, parent: int | None, label_above: str = "",
                 said_above: str = "") -> Table:
    caption, raw_rows = _raw_rows(tag)
    grid = _grid(raw_rows)
    title, header_rows, data = _split_header(grid)
    width = len(grid[0]) if grid else 0
    headers = _header_names(header_rows, width)
    rows, cells = [], []
    repeated = [normalise_header(c.text) for c in header_rows[-1]] if header_rows else None
    for row in data:
        if not any(c.text for c in row):
            continue
        if repeated and all(c.header for c in row) and [normalise_header(c.text) for c in row] == repeated:
            continue  # the header row again, as long sortable tables repeat it
        rows.append({h: c.text for h, c in zip(headers, row)})
        cells.append(row)
    # what matching reads: every header row's text for the column, top-down (a header may be split
    # over two rows, "Role" above "what we expect you to do")
    texts = ["\n".join(dict.fromkeys(r[j].text for r in header_rows if r[j].text)) for j in range(width)]
    return Table(caption=caption or title, headers=headers, rows=rows, heading=headings[-1] if headings else "",
                 headings=list(headings), cells=cells, header_texts=texts, header_rows=header_rows,
                 index=index, nested=parent is not None, parent=parent, label_above=label_above,
                 said_above=said_above)


def parse_tables(wikitext: str) -> list[Table]:
    """Every `{| ... |}` (or HTML `<table>`) table of the page, in page order, nested ones separately,
    each with the section headings it sits under."""
    text = preclean(wikitext)
    code = mwp.parse(text + "\n|}" * _unclosed_tables(text))
    found: list[tuple[Tag, list[str], int | None, str, str]] = []
    stack: list[tuple[int, str]] = []
    above = [""]  # the label line last seen outside tables since the last heading
    # where what stands between the label (the heading, the table before) and the next table starts:
    # the node list, the index after the label, whether the label's own line comes first ("; Deferred: none")
    since: list = [None, 0, False]

    def said_since(nodes, i: int) -> str:
        if since[0] is not nodes:
            return ""
        text = "".join(str(n) for n in nodes[since[1]:i])
        if since[2]:  # "; Deferred: none": what follows the term on its line is said, the term is not
            first, _, rest = text.partition("\n")
            text = (first.split(":", 1)[1] if ":" in first else "") + "\n" + rest
        return render(text).strip()

    def walk(nodes, depth: int, parent: int | None = None) -> None:
        for i, node in enumerate(nodes):
            heading = _heading_node(node) if depth == 0 or isinstance(node, Heading) else None
            if heading:
                level, title = heading
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, title))
                above[0] = ""
                since[:] = [nodes, i + 1, False]
            elif isinstance(node, Tag):
                tag = str(node.tag).lower()
                if tag == "table":
                    found.append((node, [t for _, t in stack], parent, above[0] if depth == 0 else "",
                                  said_since(nodes, i) if depth == 0 else ""))
                    if node.contents is not None:
                        walk(node.contents.nodes, depth + 1, len(found) - 1)
                    if depth == 0:
                        above[0] = ""
                        since[:] = [nodes, i + 1, False]
                elif depth == 0 and tag == "dt" and node.wiki_markup:  # "; TP3 ...": the rest of its line
                    rest = "".join(str(nodes[k]) for k in range(i + 1, min(len(nodes), i + 40)))
                    above[0] = render(rest.split("\n", 1)[0].split(":", 1)[0]).strip()
                    since[:] = [nodes, i + 1, True]
                elif depth == 0 and node.wiki_markup and tag == "b" and _alone_on_its_line(nodes, i):
                    above[0] = render(node.contents) if node.contents is not None else ""
                    since[:] = [nodes, i + 1, False]
                elif node.contents is not None:
                    walk(node.contents.nodes, depth, parent)
            elif isinstance(node, Template):
                if depth == 0 and _template_name(node).lower() in _BOX_TOPS:
                    title = next((p.value for p in node.params if str(p.name).strip().lower() in ("1", "title")), None)
                    above[0] = render(title).strip() if title is not None else ""
                    since[:] = [nodes, i + 1, False]
                for param in node.params:
                    walk(param.value.nodes, depth, parent)

    walk(code.nodes, 0)
    return [_build_table(tag, headings, i, parent, label, said)
            for i, (tag, headings, parent, label, said) in enumerate(found)]


_BOX_TOPS = {"collapse top", "cot", "hidden begin", "hat", "archive top"}


def _heading_node(node) -> tuple[int, str] | None:
    """(level, text) of a heading, "=== TP8 ===" or "<h3>TP8</h3>" (MediaWiki shows both as one)."""
    if isinstance(node, Heading):
        return int(node.level), render(node.title)
    if isinstance(node, Tag) and re.fullmatch(r"h[1-6]", str(node.tag).lower()) and not node.wiki_markup:
        return int(str(node.tag)[1]), render(node.contents) if node.contents is not None else ""
    return None


def _alone_on_its_line(nodes, i: int) -> bool:
    """Is node i the only thing on its line (a ";term" always is; a bold run only with nothing else)?"""
    before = str(nodes[i - 1]) if i > 0 else "\n"
    after = str(nodes[i + 1]) if i + 1 < len(nodes) else "\n"
    return (before.endswith("\n") or (i == 0)) and (after.startswith("\n") or re.match(r"[ \t:]*\n", after) is not None)


# --- recognising a table by its headers ---------------------------------------------------------


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise_header(text: str) -> str:
    """Lower-case, punctuation and plural tolerant form of a header or synonym."""
    text = text.casefold().replace("(s)", "").replace("&", " and ").replace("+", " and ")
    words = re.findall(r"[^\W_]+", text)  # letters of any script ("État", "Дата"), digits
    return " ".join(_stem(w) for w in words)


def _header_forms(header: str) -> list[str]:
    """The whole header, each of its lines, and the header without parenthesised remarks."""
    forms = [normalise_header(header)]
    lines = re.split(r"\n|<br\s*/?>", header)
    if len(lines) > 1:
        forms += [normalise_header(line) for line in lines]
    no_parens = re.sub(r"\([^)]*\)", " ", header)
    if no_parens != header:
        forms.append(normalise_header(no_parens))
    return [f for f in forms if f]


_IDENTIFIER = re.compile(r"|id|ids|nr|number|num|code|#")
_TEXT_COLUMNS = {"title", "activity"}  # logical columns that hold words, never an identifier


def match_columns(headers: list[str], wanted: dict[str, list[str]],
                  texts: list[str] | None = None) -> dict[str, str]:
    """Logical column -> table header for every logical column whose synonyms match a header.

    Exact (normalised) matches win, earlier synonyms first; the first line of a multi-line header
    counts too ("Role<br/>what we expect you to do"). Then a header containing a synonym as whole
    words (the shortest such header)."""
    texts = texts if texts and len(texts) == len(headers) else headers
    forms = {h: _header_forms(t) + _header_forms(h) for h, t in zip(headers, texts)}
    colmap: dict[str, str] = {}
    used: set[str] = set()
    for logical, synonyms in wanted.items():
        for syn in (normalise_header(s) for s in synonyms):
            hits = [h for h in headers if h not in used and syn in forms[h]]
            if len(hits) > 1 and logical in _TEXT_COLUMNS:  # "Goal" over "ID | Description": the goal is
                # the description, not its number (a Program over "Code | Name" keeps its code)
                hits = [h for h in hits if not _IDENTIFIER.fullmatch(normalise_header(h))] or hits
            hit = hits[0] if hits else None
            if hit:
                colmap[logical] = hit
                used.add(hit)
                break
    for logical, synonyms in wanted.items():
        if logical in colmap:
            continue
        syn = [normalise_header(s) for s in synonyms]
        candidates = []
        for h in headers:
            if h in used or not forms[h]:  # "#", "✓", "?": a header without a word matches nothing
                continue
            f = forms[h][0]
            if any(s and re.search(rf"(?:^| ){re.escape(s)}(?: |$)", f) for s in syn):
                candidates.append(h)
        if candidates:
            best = min(candidates, key=lambda h: len(forms[h][0]))
            colmap[logical] = best
            used.add(best)
    return colmap


def find_tables(tables: list[Table], required: dict[str, list[str]],
                optional: dict[str, list[str]] | None = None,
                owners: tuple[tuple[dict[str, list[str]], dict[str, list[str]] | None], ...] = ()
                ) -> list[tuple[Table, dict[str, str]]]:
    """Every table that has all `required` logical columns, with its column map (required + optional).
    A table inside a cell of another such table is part of that cell (a step's milestones, a goal's
    sub-goals), not more rows of its kind. Inside a table of another kind, or a layout table (a table
    in each row and in each of its required columns, and no row with two of its columns filled: labels
    over tables, even headed "TP1 goals | TP3 goals" over "Technical Debt" and a goals table), it
    counts, unless that kind is one of the `owners` ((required, optional) pairs): their tables own the
    tables in their cells too (a goals table in a consultation step's cell is that step's, not the
    page's phases)."""
    out = _of_kind(tables, required, optional)
    holding = _holding(tables, out, required)
    for owner_required, owner_optional in owners:
        holding |= _holding(tables, _of_kind(tables, owner_required, owner_optional), owner_required)
    parents = {t.index: t.parent for t in tables}
    return [(t, c) for t, c in out if not _inside(t, holding, parents)]


def _of_kind(tables: list[Table], required: dict[str, list[str]],
             optional: dict[str, list[str]] | None) -> list[tuple[Table, dict[str, str]]]:
    """The tables with all `required` logical columns, each with its column map (required + optional)."""
    out = []
    for table in tables:
        colmap = match_columns(table.headers, {**required, **(optional or {})}, table.header_texts)
        if all(k in colmap for k in required):
            out.append((table, colmap))
    return out


_NESTED_TABLE = re.compile(r"(?:^|\n)[ \t:]*\{\||<\s*table\b", re.I)  # a table in a cell's wikitext


def _holding(tables: list[Table], found: list[tuple[Table, dict[str, str]]],
             required: dict[str, list[str]]) -> set[int]:
    """The indices of the tables `found` (of one kind) that own the tables in their cells: those with
    a required column filled, layout tables aside. A layout table has a table in each row, no row with
    two of its columns filled, and a table in each of its required columns: a required column with
    no table in it says the table is one of its kind ("Step | Status" over a step holding its
    milestones, its status not filled yet), however few its rows."""
    inside = collections.Counter(t.parent for t in tables if t.parent is not None)

    def layout(t: Table, c: dict[str, str]) -> bool:
        if inside[t.index] < len(t.rows) or any(sum(bool(r[h]) for h in set(c.values())) >= 2 for r in t.rows):
            return False
        at = {h: j for j, h in enumerate(t.headers)}
        return all(any(_NESTED_TABLE.search(cells[at[c[k]]].raw) for cells in t.cells) for k in required)

    return {t.index for t, c in found if any(r[c[k]] for r in t.rows for k in required) and not layout(t, c)}


def _inside(table: Table, among: set[int], parents: dict[int, int | None]) -> bool:
    """The table sits, at any depth, inside a cell of one of the tables `among` (by index)."""
    parent = table.parent
    while parent is not None:
        if parent in among:
            return True
        parent = parents.get(parent)
    return False


def describe_tables(tables: list[Table]) -> str:
    """What an error message says about the tables a page does have."""
    if not tables:
        return "the page has no tables"
    parts = []
    for t in tables[:8]:
        heads = ", ".join(h for h in t.headers if not h.startswith("column ")) or "no header row"
        parts.append(f"[{heads}]")
    more = f" and {len(tables) - 8} more" if len(tables) > 8 else ""
    return "found tables with headers: " + "; ".join(parts) + more


def find_table(tables: list[Table], required: dict[str, list[str]], page: str, what: str,
               optional: dict[str, list[str]] | None = None, where=None) -> tuple[Table, dict[str, str]]:
    """The first table (optionally also passing `where(table)`) with all `required` logical columns.

    `required`/`optional` map a logical column to its accepted header wordings; the first wording is the
    one an error message shows. Raises WikiPageError naming the page, the table and the missing columns.
    """
    candidates = [t for t in tables if where is None or where(t)]
    matches = find_tables(candidates, required, optional)
    if matches:
        return matches[0]
    labels = [syn[0] for syn in required.values()]
    best_missing = None
    for t in candidates:
        colmap = match_columns(t.headers, required, t.header_texts)
        missing = [required[k][0] for k in required if k not in colmap]
        if best_missing is None or len(missing) < len(best_missing[1]):
            best_missing = (t, missing)
    hint = ""
    if best_missing and len(best_missing[1]) < len(required):
        hint = f"; closest is table {best_missing[0].label}, missing {', '.join(best_missing[1])}"
    raise WikiPageError(f'Page "{page}": no {what} table with columns {", ".join(labels)}'
                        f" ({describe_tables(candidates)}{hint})")


# A heading that sets a table apart from the one before it, though their columns are the same.
SET_APART = re.compile(r"\b(?:former|alumni|past|previous|old|archived?|next|upcoming|future|stakeholders?|"
                        r"external|partners?|emeritus|departed|contacts?|liaisons?|points? of contact|other teams?|"
                        r"q[1-4]|fy\s*\d+|\d{4}[-/]\d{2,4})\b", re.I)


def continued(tables: list[Table], first: Table, own_period: str | None = None) -> list[Table]:
    """`first` and the later tables that carry it on: the same header row (a later part may add a
    column, such as "Done"), in sibling sections under the same parent ("=== Engineering ===",
    "=== Product ===" under one heading), and no heading that sets them apart ("Former members",
    "Stakeholders", "Next quarter"). A heading naming `own_period` (the page's quarter, "Q2": "After
    Q2 starts") does not set a part apart."""
    key = [normalise_header(h) for h in first.headers]
    own = re.compile(rf"\b{re.escape(own_period)}\b", re.I) if own_period else None

    def set_apart(t: Table) -> bool:
        text = " ".join([t.caption, *t.headings[len(first.headings) - 1:]])
        return bool(SET_APART.search(own.sub(" ", text) if own else text))

    def same_columns(t: Table) -> bool:
        return [normalise_header(h) for h in t.headers][:len(key)] == key

    return [first] + [t for t in tables if t.index > first.index and not t.nested and same_columns(t)
                      and t.headings[:-1] == first.headings[:-1] and not set_apart(t)]


# --- page structure outside tables ---------------------------------------------------------------


@dataclass
class Section:
    """A heading and the raw wikitext up to the next heading (level 0 = text before the first heading)."""

    level: int
    title: str
    path: list[str]
    body: str
    index: int = 0


@dataclass
class ListItem:
    level: int
    text: str
    marker: str = "*"
    struck: bool = False  # the whole item is struck through: withdrawn, as a reader sees it
    raw: str = ""  # the item's wikitext (links and templates say what plain text cannot: who is a user)


_HEADING_LINE = re.compile(r"^(={1,6})\s*(.+?)\s*\1\s*(?:<!--.*?-->\s*)*$")
_HTML_HEADING_LINE = re.compile(r"^<h([1-6])\b[^>]*>(.+?)</h\1\s*>$", re.I)  # MediaWiki shows it as a heading


def _heading(line: str) -> tuple[int, str] | None:
    """(level, wikitext) of a heading line, "=== TP8 ===" or "<h3>TP8</h3>"; None for other lines."""
    if m := _HEADING_LINE.match(line):
        return len(m.group(1)), m.group(2)
    if m := _HTML_HEADING_LINE.match(line):
        return int(m.group(1)), m.group(2)
    return None


def sections(wikitext: str) -> list[Section]:
    """The page split at its headings; each section knows the headings it sits under."""
    out: list[Section] = []
    stack: list[tuple[int, str]] = []
    level, title, body = 0, "", []
    in_nowiki = False
    for line in preclean(wikitext).split("\n"):
        if "<nowiki>" in line or "<pre>" in line:
            in_nowiki = True
        if "</nowiki>" in line or "</pre>" in line:
            in_nowiki = False
        heading = None if in_nowiki else _heading(line.strip())
        if heading:
            out.append(Section(level, title, [t for _, t in stack], "\n".join(body), len(out)))
            level, title = heading[0], render(heading[1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            body = []
        else:
            body.append(line)
    out.append(Section(level, title, [t for _, t in stack], "\n".join(body), len(out)))
    if not out[0].body.strip() and out[0].level == 0:
        out = out[1:]
    return out


_TABLE_START = re.compile(r"\{\||<\s*table\b", re.I)


def strip_tables(wikitext: str) -> str:
    """The fragment without its tables (their lists are not the page's lists). Most fragments (a
    section's body, a cell) have none, and are given back as they are: the parser's output
    without a table is its input."""
    if not _TABLE_START.search(wikitext):
        return wikitext
    code = mwp.parse(wikitext)
    for tag in code.filter_tags(matches=lambda n: str(n.tag).lower() == "table", recursive=True):
        try:
            code.remove(tag)
        except ValueError:
            pass  # inside a table already removed
    return str(code)


_LIST_LINE = re.compile(r"^([*#:;]+)\s*(.*)$")


def list_items(wikitext: str) -> list[ListItem]:
    """The wiki list items (`*`, `#`, `:`, `;`) of a fragment outside its tables, with their depth."""
    out = []
    for line in strip_tables(preclean(wikitext)).split("\n"):
        m = _LIST_LINE.match(line.strip())
        if not m:
            continue
        marker, raw = m.group(1)[-1], m.group(2)
        parts = [(marker, raw)]
        if marker == ";" and (at := _term_end(raw)) is not None:  # "; Set the roadmap : Driver: PM", one line
            parts = [(";", raw[:at]), (":", raw[at + 1:])]
        for mark, part in parts:
            text = shown_unstruck(part, render(part)).replace("\n", " ").strip()
            if text:
                out.append(ListItem(level=len(m.group(1)), text=text, marker=mark, struck=wholly_struck(part), raw=part))
    return out


_NOT_A_TERM_CUT = re.compile(r"<(ref|nowiki)\b[^>]*>.*?</\1\s*>|<[^>]*>|\[(?:https?:)?//[^\]]*\]", re.I | re.S)


def _term_end(raw: str) -> int | None:
    """Where the term of a one-line definition ("; term : definition") ends: the first " :" outside
    links and templates (MediaWiki cuts at the first colon; one with a space before it is surely
    meant so, where "14:00" is not)."""
    # a colon inside a tag, a footnote, <nowiki> or an external link is no cut: blank them out first
    raw = _NOT_A_TERM_CUT.sub(lambda m: "_" * len(m.group(0)), raw)
    depth = 0
    for i, ch in enumerate(raw):
        if raw.startswith(("[[", "{{"), i):
            depth += 1
        elif raw.startswith(("]]", "}}"), i) and depth:
            depth -= 1
        elif ch == ":" and not depth and i and raw[i - 1] in " \t" and raw[:i].strip():
            return i
    return None
