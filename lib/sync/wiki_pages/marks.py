"""Yes/no marks in a cell ("Done", {{done}}, ✓, "yes" / "no", ✗, "pending"), read alike on every page."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.dates import _MON, _SEASON, _come_by_today, _only_dates

_TRUE_MARKS = {"yes", "y", "done", "done-t", "checked", "resolved", "true", "confirmed", "agreed", "complete",
               "completed", "finished", "ok", "100%",
               "✓", "✔", "✔️", "☑", "tick", "check", "checkmark", "check mark", "aye", "approved", "x",
               "[x]", "☒", "ya", "green check", "green tick"}
# the words and ticks that say done in a sentence too ("Completed as scheduled", "✓ Aug 27", "done on Aug
# 28"), and the crosses that say not done
_DONE_WORDS = r"done|completed?|finished"
_TICKS = "✓✔✅☑"
_CROSSES = "✗✘❌❎"
_TRUE_SYMBOLS = set(_TICKS)
_FALSE_SYMBOLS = set(_CROSSES)
_FALSE_MARKS = {"no", "n", "false", "not done", "notdone", "not confirmed", "unconfirmed", "pending", "tbd", "tbc", "?",
                "✗", "✘", "❌", "cross", "x mark", "xmark", "cross mark", "in progress", "to do", "todo", "not yet", "nay", "postponed",
                "partially done", "partly done", "partial", "partly", "not started", "open", "waiting",
                "awaiting confirmation", "[ ]", "[]", "☐"}


def _mark(text: str | None) -> bool | None:
    """True/False for a yes/no style cell ("Done", {{done}}, ✓, "yes" / "no", ✗, "pending"); else None."""
    if not text:
        return None
    t = re.sub(r"[\s.!:]+$", "", text.strip().lower().split("\n")[0])
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"(\d)\s+%", r"\1%", t)  # "100 %"
    head = re.split(r"[,;(]|\s[-–—]\s", t, maxsplit=1)[0].strip()  # "yes, on Oct 5", "done (Oct 5)"
    for said in dict.fromkeys((t, head)):
        if said in _FALSE_MARKS or any(said.startswith(f + " ") for f in _FALSE_MARKS if len(f) > 2):
            return False
        if said in _TRUE_MARKS or any(said.startswith(f + " ") for f in _TRUE_MARKS if len(f) > 2):
            return True
    # {{No|Not yet}}, {{Y|confirmed}}: a short mark and its own wording, which must say the same
    # ("No objections" is no "no")
    short, _, rest = t.partition(" ")
    if short in ("no", "n", "yes", "y") and rest and _mark(rest) is (short.startswith("y")):
        return short.startswith("y")
    if t[:1] in _TRUE_SYMBOLS:  # "✔ Done", "✅ on Oct 5"
        return True
    if t[:1] in _FALSE_SYMBOLS:
        return False
    return None


def _mark_alone(text: str) -> bool:
    """A cell that is a yes/no mark and nothing more ("no", "TBD", "✗"; not "no new comments", "open
    questions remain")."""
    return re.sub(r"[\s.!:]+$", "", re.sub(r"\s+", " ", text.strip().lower())) in _TRUE_MARKS | _FALSE_MARKS


_DONE_TEMPLATE = re.compile(r"\{\{\s*(?:done(?:-t)?|tick|y|yes|check ?mark|checked|resolved|completed?|finished|✓|✔)"
                            r"\s*(?:\|[^}]*)?\}\}", re.I)
_DONE_WORD = re.compile(r"(?:^|\s)(?:done|✓|✔)\s*$", re.I)


# What came of a step, said in a word: it was published, sent, held, shipped. The word is the whole
# cell, with at most a place ("Sent to wikitech-l", "Posted on Meta"), a date ("Merged on Aug 3") or a
# tick ("Shipped ✔️") after it: "Published: no", "Released next week", "Sent for review", "Deployed to
# beta only", "Posted (draft)" go on to say something else, and "Draft published", "To be published",
# "Not sent", "will be held" (a word before it) never read as done
#
# A consultation step's Status reads the first four as done wherever they stand ("Report published",
# "Held as scheduled on 2023-05-12", "Survey closed"), as it has from its first version, and the others
# only when they are the whole cell, as every other page reads them all
_OUTCOME_WORDS_ANYWHERE = r"published|held|closed|concluded"
_OUTCOME_WORDS_ALONE = r"sent|shipped|delivered|deployed|merged|released|posted|announced|submitted|fixed|resolved"
_OUTCOME_WORDS = f"{_OUTCOME_WORDS_ANYWHERE}|{_OUTCOME_WORDS_ALONE}"
# "held up", "closed beta": a delay, or a kind of thing named
_NO_OUTCOME_AFTER = r"(?!\s+(?:up|back|off|beta|alpha|tests?|testing|sessions?|questions?|groups?)\b)"
_OUTCOME_LEAD = re.compile(rf"[\W_]*(?:{_OUTCOME_WORDS})\b{_NO_OUTCOME_AFTER}", re.I)
# where it went: a name ("Meta", "Tech News") or an address ("wikitech-l", "mediawiki.org"), with or
# without "the" ("the mailing list"), not a stage short of the real thing ("beta", "staging") nor a
# time ("in January", "in Q3": when, judged against today as any date is)
_NOT_A_PLACE = rf"(?i:beta|alpha|staging|test\w*|only|draft|review|translation|hold|{_MON}|q[1-4]|h[12]|fy|{_SEASON})\b"
# a channel or an audience: what a step is sent to when it is done ("Sent to wikitech-l", "Sent to all
# staff"); anything else it is sent or submitted to reviews it ("Sent to Legal", "Submitted to the CTO")
_CHANNEL_WORD = (r"(?i:meta|wiki|wikis|mediawiki|lists?|mailing|newsletter|news|digest|bulletin|blog|diff|signpost|"
                 r"phabricator|slack|irc|pump|talk|page|channel|forum|noticeboard|everyone|all|community|communities|"
                 r"staff|users|editors|volunteers|affiliates|subscribers|participants|stakeholders|public)\b")
_ADDRESS = r"[\w'’]+[-.@][\w.@'’-]*"
_PLACE_WORD = rf"(?!{_NOT_A_PLACE})(?:{_CHANNEL_WORD}|[A-Z][\w'’-]*|{_ADDRESS})"
_OUTCOME_PLACE = re.compile(rf"\s+(?i:to|on|in|at|via)\s+(?i:the\s+)?{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}(?![\w.@'’-])")
_HANDED_OVER = re.compile(r"[\W_]*(?:sent|submitted)\b", re.I)
_A_CHANNEL = re.compile(rf"(?<![\w'’-])(?:{_CHANNEL_WORD}|{_ADDRESS})(?![\w.@'’-])")
# when: "in January", "in Q3", "in early March", "in 2025", "during the summer of 2026"
_PERIOD = (rf"(?:(?:early|mid|late|(?:the\s+)?(?:start|beginning|middle|end)\s+of)[\s-]+)?(?:the\s+)?"
           rf"(?:{_MON}\.?|q[1-4]|{_SEASON})(?:,?\s+(?:of\s+)?(?:19|20)\d\d)?|(?:19|20)\d\d")
_IN_A_PERIOD = re.compile(rf"(?:in|during)\s+(?:the\s+)?(?:{_PERIOD})", re.I)
_TICKS_AFTER = re.compile(rf"[\s{_TICKS}\ufe0f.!🎉🎊🥳🚀👍👏🙌💯✨🍾]*$")  # a tick, or a cheer ("Shipped 🎉")
# the outcome not (yet) there: "Not sent", "not published yet", "To be published", "will be held", "yet to be merged"
_OUTCOME_NOT_YET = re.compile(r"\b(?:not|never|to be|will|shall|going to be|about to be|yet to be|awaiting|pending)"
                              rf"\s+(?:(?:yet|be|been|being|fully|finally)\s+)*(?:{_OUTCOME_WORDS}|{_DONE_WORDS})\b",
                              re.I)


def _outcome_alone(text: str | None) -> str | None:
    """The dates after a cell that is wholly an outcome ("Merged on Aug 3": "on Aug 3"; "Released in
    Q3": "in Q3"; "Sent to wikitech-l", "Shipped ✔️": ""); None when the cell is no outcome, goes on to
    say more, or was sent to someone to review ("Sent to Legal")."""
    line = (text or "").strip().split("\n")[0]
    m = _OUTCOME_LEAD.match(line)
    if not m:
        return None
    rest = line[m.end():]
    place = _OUTCOME_PLACE.match(rest)
    if place and _HANDED_OVER.match(line) and not _A_CHANNEL.search(place.group(0)):
        return None  # "Sent to Legal", "Submitted to the CTO": out for review
    for tail in (rest, rest[place.end():] if place else None):
        if tail is None:
            continue
        tail = _TICKS_AFTER.sub("", tail).strip()
        if not tail or _only_dates(tail) or _IN_A_PERIOD.fullmatch(tail):
            return tail
    return None


# a done mark and the day it was done: "Done (Apr 3)", "✓ Aug 27", "done on Aug 28", "Yes – Oct 5"
_DONE_MARK_DATED = re.compile(rf"[\W_]*(?:{_DONE_WORDS}|yes|[{_TICKS}])[\ufe0f]?[\s,:;(–—-]*(?:on\s+)?(.*?)[\s).]*$", re.I)


def _marked_done_on(line: str) -> str | None:
    """The dates of a cell that is a done mark and dates ("Done (Apr 3)": "Apr 3"); None for any other."""
    m = _DONE_MARK_DATED.fullmatch(line)
    return m.group(1) if m and m.group(1) and _only_dates(m.group(1)) else None


def _step_done(text: str | None, quarter: str | None = None) -> bool | None:
    """A step's Done/Status cell: a mark (`_mark`), or a cell that is wholly what came of the step
    ("Published", "Sent to wikitech-l", "Shipped ✔️", "Merged on Aug 3", that day having come); a
    doubt ("Sent?") is no outcome. A done mark dated by a day still to come ("Done (Apr 3)" on a plan for
    the spring) is not done. None when the cell says neither."""
    line = (text or "").strip().split("\n")[0]
    mark = None if _OUTCOME_LEAD.match(line) else _mark(text)  # "Resolved to postpone" is no "resolved"
    if mark and (on := _marked_done_on(line)) and not _come_by_today(on, quarter):
        return False
    if mark is not None or not text:
        return mark
    if "?" in line:
        return None
    dates = _outcome_alone(line)
    if dates is None or (dates and not _come_by_today(dates, quarter)):
        return None
    return True
