"""People and roles in a cell, on any page: names without the remarks around them ("Ann Lee (WMDE,
she/her)"), lists of names or roles, and whether words name a person ("Ann Smith", not "Discovery
Team") or a role ("Tech lead", "PM", not "Hire engineers")."""

from __future__ import annotations

import re

from lib.sync.wiki_pages.cells import _lines, _none_if_blank
from lib.sync.wikitables import _USER_TEMPLATES, render

_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|phd|md)\.?$", re.I)


# User links: one list for every page, in wikitext and as read.
#
# In wikitext, a link to a user: to one of their own pages ("[[User:Ann|Ann]]", "[[user talk:Ann]]",
# under a localised namespace: "[[Benutzer:Ann]]", on another wiki: "[[m:User:Ann|Ann]]", "[[:mw:User:Ann]]",
# "[[meta:User:Ann]]"), to their contributions or e-mail form ("[[Special:Contributions/Ann]]"), or a
# template that links them ({{u|Ann}}, {{user|Ann}}, {{noping|Ann}}, {{user0|Ann}}, {{UserLinks|Ann}},
# {{ut|Ann}}, {{ping|Ann|Bob}}: the templates the renderer shows as the user's name, and the pings).
# Only what is surely a user: no other special page ("[[Special:Log/Ann]]") and no template that is a
# user link on some wikis only ({{re|…}}), since a page that reads a user link as saying nothing of a
# step (the process timeline) or as naming a person (the team roster) would claim too much of them.
# A page that asks whether a cell names users searches for `_USER_LINK` (a consultation's feedback log,
# a roster item); one that reads a cell without them takes each match out, its `user` and `shown`
# groups (a wiki link's) saying whom it links and what it shows (the process timeline's remarks).
_USER_NAMESPACE = (r"user|user[ _]+talk|benutzer(?:in)?(?:[ _]+diskussion)?|(?:discussion[ _]+)?utilisat(?:eur|rice)|"
                   r"usuari[oa](?:[ _]+discusi[oó]n)?")
_USER_SPECIAL_PAGE = r"(?:special|spezial)\s*:\s*(?:contributions|contribs|beiträge|emailuser)\s*/"
_USER_TEMPLATE_NAMES = sorted(_USER_TEMPLATES | {"ping", "reply to", "replyto"}, key=len, reverse=True)
_USER_LINK = re.compile(
    rf"\[\[\s*:?\s*(?:[a-z][\w-]*\s*:\s*){{0,2}}?(?:(?:{_USER_NAMESPACE})\s*:|{_USER_SPECIAL_PAGE})\s*"
    r"(?P<user>[^\[\]|#/]*)[^\[\]|]*(?:\|(?P<shown>[^\[\]]*))?\]\]"
    rf"|\{{\{{\s*(?:{'|'.join(re.escape(n).replace(chr(92) + ' ', '[ _]?') for n in _USER_TEMPLATE_NAMES)})\s*\|[^{{}}]*\}}\}}",
    re.I)

# ... of which a roster takes as naming a person only what shows the person's name as theirs (see
# _user_link_names); a link to a user's talk page, contributions, a section or a subpage of theirs is a
# reference to a discussion or a draft ("Search — [[User talk:Ann#Search|thread]]")
_USER_DISCUSSION = re.compile(rf"talk|diskussion|discussion|discusi[oó]n|{_USER_SPECIAL_PAGE}", re.I)


def _account(name: str) -> str:
    """A user name as the person goes by it, lower-cased: without the affiliation a staff account
    carries ("Quiddity (WMF)", "Ann (WMDE)": "quiddity", "ann")."""
    return " ".join(re.sub(r"\s*\([^()]*\)\s*$", "", name.replace("_", " ")).split()).lower()


def _user_link_names(raw: str) -> set[str]:
    """The names, lower-cased, that the user links in `raw` give as a person's own: a user template's
    ({{u|Ann}}, {{ping|Ann|Bob}}: the names it shows), a link to the user page itself, whatever it shows
    ("[[User:Ann|Ann]]", "[[m:User:Ann]]", a nickname: "[[User:Jdlrobson|Jon]]"; not a subpage or a
    section, "[[User:Ann/Docs|draft]]"). A link to the talk page or the contributions names the user
    only as a signature does, after the user's own name or alone ("Ann ([[User talk:Ann|talk]])",
    "[[User talk:Ann|Ann]]"): beside other words ("Backend ([[User talk:Ann|Ann]])", "Search —
    [[User talk:Ann#Search|thread]]") it points to a discussion, and names nobody. A staff account's
    affiliation is no part of the name ("[[User:Quiddity (WMF)|Quiddity]]", "{{u|Quiddity (WMF)}}")."""
    out: set[str] = set()
    for m in _USER_LINK.finditer(raw or ""):
        if not m.group(0).startswith("[["):
            shown = [n for n in render(m.group(0)).split(";") if n.strip()]
            out |= {n.strip().lower() for n in shown} | {_account(n) for n in shown}
            continue
        # the link's target around the user name: what names the page ("User talk:", "Special:Contributions/")
        # and what follows the name (a subpage, a section)
        namespace_part = raw[m.start():m.start("user")]
        after_user = m.group(0)[m.end("user") - m.start():].split("|", 1)[0]
        user = _account(m["user"])
        shown = " ".join(render(m["shown"]).split()).lower() if m["shown"] is not None else user
        if _USER_DISCUSSION.search(namespace_part):
            before = " ".join(re.sub(r"[\W_]+", " ", render(raw[:m.start()])).split()).lower()
            if before in ("", user) and (_account(shown) == user or re.fullmatch(_USER_LINK_WORDS, shown, re.I)):
                out.add(user)
        elif not re.search(r"[#/]", after_user):
            out.add(user)
            if len(shown.split()) > 1 or not _no_name_shown(shown):
                out |= {shown, _account(shown)}
    return out


# The field of work that heads a group of the roster ("Design", "Product", "Engineering", "Data science",
# "User research"): the group's role as much as a job title is. Not a place, a sub-team or a kind of
# contract ("Berlin", "Growth", "Volunteers").
_FIELD_OF_WORK = re.compile(r"design|product|engineering|research|analytics|data|science|qa|ux|ui|front-?end|back-?end|"
                            r"infrastructure|devops|sre|management|leadership|documentation|testing|security|"
                            r"relations|outreach|partnerships|communications|locali[sz]ation|translation|assurance|"
                            r"experience", re.I)


# the one word a link to a user page may show that names no one: a word of the link itself ("here",
# "Contact", "me") or a team's ("Growth", "Web"; a field's: "Design")
_LINK_WORD = re.compile(r"here|there|this|me|my|contact|talk|page|user|profile|home(?:page)?|link|e-?mail|mail|"
                        r"message|info|about|bio|more|site|website|wiki|team|web|mobile|apps?", re.I)


def _no_name_shown(shown: str) -> bool:
    """Is the one word a link to a user's page shows no name of theirs, but a word of the link ("here",
    "me", "Contact": "[[User:MMiller (WMF)|me]]") or a team's or a field's name ("[[User:Jdlrobson|Growth]]",
    "Design")? Any other word is theirs: a nickname or their real name ("[[User:Jdlrobson|Jon]]",
    "[[User:Trizek (WMF)|Benoît]]")."""
    name = _account(shown)
    return bool(_LINK_WORD.fullmatch(name) or _FIELD_OF_WORK.fullmatch(name) or name in _NOT_A_FIRST_NAME
                or _NOT_A_PERSON.search(name))


# As read, the words of the links a user template or a signature puts after a name ("Ann Lee (talk ·
# contribs · email)", "(talk | contribs)", "(t · c)"), each link's word joined by a dot, a bar or a slash
_USER_LINK_WORD = (r"(?:talk|contribs|contributions|deleted\s+contribs|global\s+contribs|e-?mail|email\s+user|logs?|"
                   r"user\s+logs?|filter\s+log|block(?:\s+(?:user|log))?|uploads|edits|edit\s+count|page\s+moves|user\s+page)")
_LINK_JOIN = r"\s*[·•|/]\s*"
_USER_LINK_WORDS = rf"{_USER_LINK_WORD}(?:{_LINK_JOIN}{_USER_LINK_WORD})*|[tce](?:{_LINK_JOIN}[tce])+"
_NAME_REMARK = re.compile(rf"\s*\((?:{_USER_LINK_WORDS}|[^()]*\b(?:leave|away|sabbatical|until|"
                          r"interim|acting|part[- ]time)\b[^()]*)\)", re.I)


# the time a signature (~~~~) adds after the name: "Ann Lee (talk) 18:02, 11 September 2017 (UTC)"
_SIGNATURE_TIME = re.compile(r"\s*\b\d{1,2}:\d{2},\s+\d{1,2}\s+[^\W\d]+\.?\s+\d{4}(?:\s*\([A-Z]{2,5}\))?")


# A role or a place left unfilled ("Vacant", "TBD", "n/a"): the roster and the DACI matrix skip it
_VACANCY_WORDS = r"vacant|vacancy|tbd|tba|tbc|open|hiring|to be hired|n/?a|none|unfilled"
_VACANCY = re.compile(rf"[\W_]*(?:{_VACANCY_WORDS})?[\W_]*", re.I)


_PRONOUN = r"\b(?:she|he|they|ze|xe|any)/(?:her|him|them|hers|his|theirs|zir|xem|any|she|he|they)(?:/\w+)?\b"
_PRONOUNS = re.compile(rf"\s*(?:[,–—-]\s*)?\(?{_PRONOUN}\)?", re.I)
# a parenthesis with pronouns among other parts is a remark on the person, all of it: "(Berlin, she/her)",
# "(they/them; remote)" (taking the pronouns alone out of it left "Ann Lee (Berlin")
_PRONOUN_REMARK = re.compile(rf"\s*\([^()]*{_PRONOUN}[^()]*\)", re.I)
# What a person is besides their name and role: employer, kind of contract, standing in
# (an organisation's name in full stays: "TP15 Wikibase (Wikimedia Deutschland)" is the program's)
_EMPLOYMENT_WORDS = r"WMF|WMDE|WMUK|staff|contractors?|contract|volunteer|freelancer?|interim|acting|part[- ]time"
# ... in parentheses after a name or a role, alone or with pronouns: "(WMF)", "(WMDE, contractor)",
# "(contractor, she/her)"; never a parenthesis with other words ("(Contractor Manager)", "(PM)")
_EMPLOYMENT_REMARK = re.compile(rf"\s*\(\s*(?:{_EMPLOYMENT_WORDS}|{_PRONOUN})(?:(?:\s*[,/;]\s*|\s+)"
                                rf"(?:{_EMPLOYMENT_WORDS}|{_PRONOUN}))*\s*\)", re.I)
# ... or after a comma or a spaced dash that ends a name: "Ann Lee, contractor", "Ann Lee, WMDE",
# "Ann Lee – volunteer" (a word list: "Lee, Ann" and "Ann Lee, Bob Roe" are names)
_REMARK_AFTER = re.compile(rf"\s*(?:,|\s[–—-])\s*(?:{_EMPLOYMENT_WORDS}|{_PRONOUN})(?:(?:\s*[,/;]\s*|\s+)"
                           rf"(?:{_EMPLOYMENT_WORDS}|{_PRONOUN}))*\s*$", re.I)
_DOT_SEPARATOR = r"\s+[·•]\s*|\s*[·•]\s+"  # "Ann Lee · Bob Roe", not the middle dot of "Marcel·lí"
_FLAGS = re.compile("[\U0001F1E6-\U0001F1FF]")  # regional indicators: a flag beside a name


def _names(text: str | None) -> list[str]:
    """Names from a cell: one a line, or joined by ";", "and", "&" or commas. A comma separates
    names only when it cannot be part of one ("Ann Lee (Berlin, remote)", "Lee, Ann", "King, Jr.");
    "R, C, K" and "Ann Lee, Bob Roe" are several. A name comes without its employer, contract or
    pronouns ("Ann Lee (WMDE, contractor)", "Ann Lee, contractor"), and without a remark holding pronouns among other words
    ("Ann Lee (Berlin, she/her)")."""
    out = []
    for line in _lines(text):
        line = _NAME_REMARK.sub("", _SIGNATURE_TIME.sub("", line))  # "Bob Roe (talk)", "Hana Ito (on leave)": the name alone
        line = _PRONOUN_REMARK.sub("", _EMPLOYMENT_REMARK.sub("", line))
        line = _PRONOUNS.sub("", _FLAGS.sub("", line)).strip()  # "Ann Lee, she/her", "Ann Lee 🇬🇭"
        if re.fullmatch(r"\(.*\)|\[.*\]", line.strip()):
            continue  # a remark on a line of its own: "Kim Ko<br>(on leave)"
        # (never inside a remark: "SRE team (Mark Bergsma and the on-call)")
        for part in _split_outside_remarks(rf"\s*[;|]\s*|{_DOT_SEPARATOR}|\s+and\s+|\s*&\s*", line):
            if re.fullmatch(_USER_LINK_WORDS, part.strip(), re.I):
                continue  # a link left over from a signature: "Ann Lee · talk"
            part = _without_remark_after(part)
            pieces = [p.strip() for p in _split_outside_remarks(",", part) if p.strip()]
            if len(pieces) > 1 and not any(_SUFFIX.match(p) for p in pieces) and (
                    len(pieces) > 2 or all(len(p.split()) > 1 for p in pieces)):
                out += pieces
            elif part.strip():
                out.append(part.strip())
    return [person for name in out for person in _person_meant(name)]


def _split_outside_remarks(separator: str, text: str) -> list[str]:
    """The text split at each separator that stands outside a parenthesis ("SRE team (Mark Bergsma and
    the on-call)" is one part); a lone closing parenthesis numbers an item and opens no remark ("a) Ann
    Lee; b) Bob Roe" is two)."""
    remarks = [m.span() for m in re.finditer(r"\([^()]*\)", text)]
    parts, start = [], 0
    for m in re.finditer(separator, text):
        if m.end() > m.start() and not any(a < m.start() < b for a, b in remarks):
            parts.append(text[start:m.start()])
            start = m.end()
    return [*parts, text[start:]]


# What a person does, in parentheses after their name, as goal owners write it: "(lead)", "(backup)",
# "(Tech lead)", "(TP1 owner)", "(PM)"
# (or several's, in the plural: "Ann Lee & Bob Roe (co-leads)")
_PART_PLAYED = re.compile(r"(?:[\w-]+\s+){0,2}(?:co-?)?(?:leads?|owners?)|co-?chairs?|chairs?|primary|secondary|main|"
                          r"backups?|drivers?|approvers?|accountable|responsible|dris?|pocs?|points? of contact|contacts?|"
                          r"sponsors?|reviewers?|support|coordinators?|facilitators?", re.I)


def _person_meant(name: str) -> list[str]:
    """The person a name with a remark means: "Mark Bergsma (lead)" is Mark Bergsma, "Ann Lee (PM)" Ann
    Lee, "Kevin (backup)" Kevin; a team with its person, "SRE team (Mark Bergsma)", is that person. Any
    other remark stays: "Ann Lee (Berlin, remote)", "Ann Lee (Contractor Manager)", a team's part
    ("TechOps (DBA)"), "Growth team (Berlin)", "Kevin (Ann Lee)"."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if not m:
        return [name]
    outside, inside = m.group(1).strip(), m.group(2).strip()
    parts = [p for p in re.split(r"\s*[,/;]\s*|\s+and\s+", inside) if p]
    played = bool(parts) and all(_PART_PLAYED.fullmatch(p) for p in parts)
    if parts and (_is_person(outside) and (played or all(p.lower().removesuffix("s") in _ROLE_ABBREVIATIONS for p in parts))
            or played and _names_one(outside)):
        return [outside]
    if _NOT_A_PERSON.search(outside) and not _is_person(outside):
        inner = _names(inside)
        if inner and all(map(_is_person, inner)):
            return inner
    return [name]


def _names_one(text: str) -> bool:
    """A person's name, or a user name or first name alone ("Kevin", "MusikAnimal"), not a team, a
    field or a role ("Engineering", "Product", "QA")."""
    if _is_person(text):
        return True
    return (bool(re.fullmatch(r"[^\W\d_][\w.'’-]*", text)) and text[0].isupper() and not _NOT_A_PERSON.search(text)
            and text.lower() not in _NOT_A_FIRST_NAME and not _role_like(text, set()))


def _without_remark_after(text: str) -> str:
    """Text without an employer, contract or pronouns after its last name ("Bo Chen, Ann Lee, WMDE":
    "Bo Chen, Ann Lee"); kept when no person's name comes before ("Community, staff")."""
    m = _REMARK_AFTER.search(text)
    if not m:
        return text
    last = re.split(r",(?![^()]*\))|\s[–—-]\s", text[:m.start()])[-1]
    # (a remark in parentheses may stand between: "Ann Lee (Berlin), contractor")
    return text[:m.start()] if _is_person(re.sub(r"\([^()]*\)", " ", last).strip()) else text


_LIST_SEPARATOR = re.compile(rf"\s*[,/;&]\s*|{_DOT_SEPARATOR}|\s+and\s+")


def _split_list(text: str) -> list[str]:
    """The parts of a short list where every comma, slash or "and" separates ("PM, EM and Eng", "Kevin/Joel",
    "R, C, K"): cells of roles, initials or first names, never of names written "Lee, Ann"."""
    return [p.strip() for p in _LIST_SEPARATOR.split(text.strip()) if p.strip()]


def _people(text: str) -> list[str]:
    """The names in a list after a role ("Engineers: Sam, Harumi and MusikAnimal"): `_names`, each
    comma a separator too (a list of one-word user names is no "Lee, Ann")."""
    return [n.strip() for part in _names(text) for n in part.split(",") if n.strip()]


def _with_names(row: dict, names: list[str]) -> None:
    """Add names to a row's "names" ("Ann Lee, Bob Roe"), each once, in order."""
    held = [n for n in (row["names"] or "").split(", ") if n]
    row["names"] = _none_if_blank(", ".join(dict.fromkeys([*held, *names])))


def _bare_role(role: str) -> str:
    """A role without what it says of the one holding it: "Movement Communications Specialist
    (contractor)" is the specialist's role, as the responsibilities and the DACI name it; "Contractor
    manager" and "Product Manager (PM)" stay whole."""
    return _EMPLOYMENT_REMARK.sub("", role).strip() or role


_JOB_NOUN = re.compile(r"(?:managers?|leads?|engineers?|designers?|directors?|owners?|specialists?|analysts?|"
                       r"developers?|researchers?|architects?|officers?|coordinators?|sponsors?|writers?|"
                       r"scientists?|masters?|liaisons?|stewards?|interns?|contractors?|consultants?|advisors?|"
                       r"advisers?|administrators?|assistants?|associates?|ambassadors?|facilitators?|"
                       r"strategists?|editors?|testers?|maintainers?)", re.I)
_ACTION_WORD = {"hire", "choose", "pick", "set", "define", "decide", "approve", "plan", "prioritize", "prioritise",
                "manage", "coordinate", "organise", "organize", "keep", "have", "determine", "maintain", "onboard",
                "review", "write", "run", "launch", "assign", "select", "allocate", "recruit", "train", "support",
                "own", "create", "update", "publish", "release", "sign", "budget", "estimate", "triage", "fix"}
_ROLE_ABBREVIATIONS = {"pm", "po", "sm", "em", "tpm", "tpgm", "pgm", "qa", "qe", "ux", "uxd", "cto", "ceo", "cpo",
                       "cfo", "coo", "vp", "tl", "dri", "ba", "dba", "sre", "hr", "crs", "dpm", "eng", "dev", "devs"}


def _role_like(label: str, known_roles: set[str]) -> bool:
    """Does a matrix label name a role: an abbreviation ("PM", "TPMs"), a role the page's roster or
    responsibilities name as a whole ("Engineers" for "Engineer"), or a short noun phrase ending in
    a job title ("Tech lead"; not "Hire engineers", which starts with an action)?"""
    text = label.strip()
    words = re.findall(r"[A-Za-z0-9]+", text)
    if not words:
        return False
    if len(words) == 1 and words[0].lower().removesuffix("s") in _ROLE_ABBREVIATIONS:
        return True
    key = " ".join(words).lower()
    if any(key in (role, role + "s") or key.removesuffix("s") == role for role in known_roles):
        return True
    return len(words) <= 3 and bool(_JOB_NOUN.fullmatch(words[-1])) and words[0].lower() not in _ACTION_WORD


# Words that make two capitalised words a team or an organisation wherever they stand ...
_NOT_A_PERSON = re.compile(r"\b(?:team|teams|group|groups|engineering|foundation|department|program|programme|"
                           r"phase|wikimedia|wikipedia|wikidata|commons|deutschland|chapter|services|platform|"
                           r"initiative|project|committee|board|office|labs?|tools?|apps?|tbd)\b", re.I)
# ... and words that do so as the first word ("On Hold", "Machine Learning"; "Tom Hold" is a person).
_NOT_A_FIRST_NAME = {"on", "in", "not", "see", "formerly", "former", "previously", "stretch", "mobile", "machine",
                     "content", "fundraising", "developer", "developers", "technical", "technology", "site", "data",
                     "product", "design", "research", "analytics", "language", "discovery", "release", "security",
                     "cloud", "infrastructure", "community", "audiences", "contributors", "readers", "search",
                     "editing", "reading", "growth", "new", "anti", "done", "ongoing", "paused", "blocked", "planned",
                     "proposed", "draft", "optional", "pending", "cancelled", "canceled", "deferred", "support"}
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "al", "bin", "del", "dos"}


def _is_person(name: str) -> bool:
    """"Ann Smith", "A. Smith", "José de la Cruz", "Łukasz Nowak": two to four words, each capitalised
    or an initial (particles aside), no digits, no word of a team, an organisation or a status
    ("Discovery Team", "Wikimedia Commons", "On Hold")."""
    words = name.split()
    if (not 2 <= len(words) <= 4 or _NOT_A_PERSON.search(name) or words[0].lower().strip("-") in _NOT_A_FIRST_NAME
            or words[0].lower().split("-")[0] in _NOT_A_FIRST_NAME or all(re.fullmatch(r"\w\.", w) for w in words)):
        return False
    return all(w.lower() in _NAME_PARTICLES or re.fullmatch(r"[^\W\d_]\.", w) or (
        w[0].isupper() and not w.isupper() and all(c.isalpha() or c in "'’.-" for c in w)) for w in words)
