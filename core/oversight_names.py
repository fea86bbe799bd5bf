"""Which oversight bodies a piece of text names, and how it names them.

Officers name boards the way people talk: "IOM Board" for the Integrated Offender Management
Programme Board, "JAC" for the Independent Joint Audit Committee, "Strategic Diversity Board"
for the Strategic Diversity Group, "Improve Public Contact & Comms Programme Board" for the
Improving Public Contact and Communications Board. `match_bodies` finds every body an
oversight cell names, with how the link was made:

- "exact": the body's name, ignoring case, punctuation, possessives and "&" for "and";
- "alias": a name an officer recorded for the body;
- "initials": an abbreviation of the name ("IOM", "TIE Committee", "SCUF", "IPCAC");
- "variant": the name with words dropped, added or changed ("Group" for "Board", "Comms").

A variant must name what sets a body apart, not only what kind of meeting it is: "Board" or
"Programme Board" alone names nothing. `names_in` reads the body names a plan without a
glossary writes in its cells, deduplicated by the same matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from plandesk.core.refs import fold_lookalikes

__all__ = [
    "HOW_ORDER",
    "BodyForm",
    "body_form",
    "match_bodies",
    "name_key",
    "names_in",
]

# Best first: a body named several ways in one cell keeps the best way.
HOW_ORDER = ("exact", "alias", "initials", "variant")

# The kind of meeting: "Group" may stand for "Board"; never enough on its own.
HEADS = frozenset(
    "board boards group groups committee committees forum forums panel panels "
    "meeting meetings session sessions".split()
)
# Heads a plan without a glossary writes as a body's last word (not "meeting": too loose).
_NAMING_HEADS = HEADS - {"meeting", "meetings", "session", "sessions"}
# Words officers drop or add without naming another body.
QUALIFIERS = frozenset(
    "programme program strategic alliance independent monthly weekly quarterly governance "
    "pcc pccs wm steering local".split()
)
STOP = frozenset("and of the for to in on at by with a an".split())
_SYNONYMS = {"comms": "communications", "mgt": "management", "mgmt": "management"}
# Words before a body's name in a cell ("Attendance at the ...", "Scrutiny via ...").
_LEAD_IN = frozenset("at by to via from with on the attendance scrutiny reports report".split())

_TOKEN_RE = re.compile(r"(?P<word>[^\W_]+(?:['’\-][^\W_]+)*['’]?)|(?P<amp>&)|(?P<mark>[^\s\w'’*#])")


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str  # as written ("Victims’", "Co-ordinating")
    word: str  # folded: case, possessive, apostrophes and hyphens gone
    stem: str
    abbrev: bool  # written in capitals ("IOM", "LCJB")


@dataclass(frozen=True, slots=True)
class BodyForm:
    """What matching knows of one body: its folded names, core words and initials."""

    key: object
    exact: tuple[str, ...]  # plain keys that name it exactly
    loose: tuple[str, ...]  # plain keys that name it with a part dropped ("variant")
    core: tuple[tuple[str, str], ...]  # (word, stem) that set it apart, in order
    words: frozenset[str]  # every stem of its name, to prefer the closest of several
    initials: frozenset[str]
    headed: bool  # its name ends in "Board", "Group"…


def _stem(word: str) -> str:
    word = _SYNONYMS.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _token(raw: str) -> _Token:
    bare = re.sub(r"['’][sS]$|['’]$", "", raw)
    word = re.sub(r"['’\-]", "", bare).casefold()
    letters = re.sub(r"['’\-]", "", bare)
    abbrev = len(letters) >= 2 and letters.isalpha() and letters.isupper()
    return _Token(raw, word, word if abbrev else _stem(word), abbrev)


def _segments(text: str) -> list[list[_Token]]:
    """Runs of words between punctuation, numbering and line breaks."""
    segments: list[list[_Token]] = [[]]
    for match in _TOKEN_RE.finditer(fold_lookalikes(text)):
        if match.group("amp"):
            segments[-1].append(_Token("&", "and", "and", False))
        elif match.group("mark") or match.group("word").isdigit():
            segments.append([])
        else:
            segments[-1].append(_token(match.group("word")))
    return [s for s in segments if s]


def name_key(text: str) -> str:
    """Text folded for matching names: case, possessives, apostrophes, hyphens, "&"."""
    return " ".join(t.word for segment in _segments(text) for t in segment)


def _initials(tokens: Sequence[_Token]) -> set[str]:
    found = set()
    for drop_heads in (False, True):
        for drop_qualifiers in (False, True):
            for drop_stop in (False, True):
                kept = [
                    t
                    for t in tokens
                    if not (drop_heads and t.word in HEADS)
                    and not (drop_qualifiers and t.word in QUALIFIERS)
                    and not (drop_stop and t.word in STOP)
                ]
                letters = "".join(t.word[0] for t in kept)
                if len(letters) >= 2:
                    found.add(letters)
    return found


def _core(tokens: Iterable[_Token]) -> tuple[_Token, ...]:
    return tuple(t for t in tokens if t.word not in STOP | HEADS | QUALIFIERS)


@lru_cache(maxsize=4096)
def body_form(key: object, name: str) -> BodyForm:
    """How a body's name can be written (the parenthesis of a glossary name apart)."""
    name = name.replace("*", " ").replace("#", " ")
    main, paren = name, ""
    found = re.search(r"\(([^()]*)\)", name)
    if found:
        main = (name[: found.start()] + " " + name[found.end() :]).strip()
        paren = found.group(1).strip()
    tokens = [t for segment in _segments(main) for t in segment]
    paren_tokens = [t for segment in _segments(paren) for t in segment]
    paren_abbrev = len(paren_tokens) == 1 and paren_tokens[0].abbrev
    exact = [name_key(name)]
    loose = []
    if paren_abbrev:
        exact.append(name_key(main))
    elif paren and len(_core(tokens)) >= 2:
        loose.append(name_key(main))
    core = _core(tokens) or tuple(t for t in tokens if t.word not in HEADS | STOP)
    initials = {i for i in _initials(tokens) if len(i) >= 3}
    if paren_abbrev:
        initials.add(paren_tokens[0].word)
    if len(core) == 1 and core[0].abbrev:
        initials.add(core[0].word)  # "IOM Board": "IOM" alone names it
    return BodyForm(
        key=key,
        exact=tuple(k for k in exact if k),
        loose=tuple(k for k in loose if k),
        core=tuple((t.word, t.stem) for t in core),
        words=frozenset(t.stem for t in tokens),
        initials=frozenset(initials),
        headed=any(t.word in HEADS for t in tokens[-1:]),
    )


def _aligns(phrase: Sequence[_Token], core: Sequence[tuple[str, str]]) -> bool:
    """Whether the phrase's words are the body's core words, an abbreviation standing for
    a run of them ("MH" for "Mental Health") or one word for two ("Cybercrime")."""
    if not phrase or not core:
        return not phrase and not core
    first = phrase[0]
    for end in range(1, len(core) + 1):
        run = core[:end]
        if end == 1 and first.stem == run[0][1]:
            pass
        elif end > 1 and first.stem == _stem("".join(w for w, _ in run)):
            pass
        elif not (first.abbrev and first.word == "".join(w[0] for w, _ in run)):
            continue
        if _aligns(phrase[1:], core[end:]):
            return True
    return False


# No body's name is longer: a long cell is read in windows of this many words, not at length.
MAX_NAME_WORDS = 12


def _phrases(segment: list[_Token]) -> Iterable[tuple[list[_Token], bool]]:
    """Each run of words that may name a body: up to a head word, or to the segment's end."""
    for index, token in enumerate(segment):
        if token.word in HEADS:
            yield segment[max(0, index - MAX_NAME_WORDS) : index + 1], True
    if segment[-1].word not in HEADS:
        yield segment[-MAX_NAME_WORDS:], False


def _phrase_matches(
    phrase: list[_Token], headed: bool, forms: Sequence[BodyForm]
) -> list[tuple[object, str]]:
    words = phrase[:-1] if headed else phrase
    found: dict[object, tuple[int, str]] = {}
    for start in range(len(words)):
        core = _core(words[start:])
        if not core:
            continue
        stems = {t.stem for t in phrase[start:] if t.word not in STOP}
        for form in forms:
            if form.headed and not headed:
                continue
            if not form.headed and len(form.core) < 2:
                continue  # one word at the end of any sentence would name it
            if len(core) == 1 and core[0].abbrev and core[0].word in form.initials:
                how = "initials"
            elif _aligns(core, form.core):
                how = "initials" if all(t.abbrev for t in core) else "variant"
            else:
                continue
            closeness = len(stems & form.words)
            if form.key not in found or closeness > found[form.key][0]:
                found[form.key] = (closeness, how)
    if not found:
        return []
    best = max(c for c, _ in found.values())
    return [(key, how) for key, (c, how) in found.items() if c == best]


@lru_cache(maxsize=8192)
def _match(text: str, forms: tuple[BodyForm, ...], aliases: tuple[tuple[str, object], ...]):
    text_key = f" {name_key(text)} "
    if not text_key.strip():
        return ()
    found: dict[object, str] = {}

    def note(key: object, how: str) -> None:
        if key not in found or HOW_ORDER.index(how) < HOW_ORDER.index(found[key]):
            found[key] = how

    for form in forms:
        if any(f" {k} " in text_key for k in form.exact):
            note(form.key, "exact")
        elif any(f" {k} " in text_key for k in form.loose):
            note(form.key, "variant")
    for alias_key, body in aliases:
        if alias_key and f" {alias_key} " in text_key:
            note(body, "alias")
    for segment in _segments(text):
        for token in segment:
            if token.abbrev and len(token.word) >= 3:
                for form in forms:
                    if token.word in form.initials:
                        note(form.key, "initials")
        for phrase, headed in _phrases(segment):
            for key, how in _phrase_matches(phrase, headed, forms):
                note(key, how)
    order = {form.key: i for i, form in enumerate(forms)}
    return tuple(sorted(found.items(), key=lambda item: order.get(item[0], len(order))))


def match_bodies(
    text: str,
    bodies: Sequence[tuple[object, str]],
    aliases: Mapping[str, object] | None = None,
) -> tuple[tuple[object, str], ...]:
    """The bodies `text` names, as (key, how) in the order of `bodies`.

    `bodies` are (key, name) pairs; `aliases` maps an alias's `name_key` to its body's key.
    """
    forms = tuple(body_form(key, name) for key, name in bodies)
    return _match(text, forms, tuple(sorted((aliases or {}).items(), key=lambda i: i[0])))


def names_in(texts: Iterable[str]) -> list[str]:
    """The body names oversight cells write ("RJ programme board", "TIE Committee"), each
    body once: a name that matches an earlier one ("Crime reduction Board") is the same body.
    """
    names: list[str] = []
    for text in texts:
        for segment in _segments(text):
            for phrase, headed in _phrases(segment):
                if not headed or phrase[-1].word not in _NAMING_HEADS:
                    continue
                start = max(
                    (i + 1 for i, t in enumerate(phrase[:-1]) if t.word in _LEAD_IN), default=0
                )
                for words in _split_plural(phrase[start:]):
                    if not _core(words[:-1]):
                        continue
                    name = " ".join(t.raw for t in words)
                    if not match_bodies(name, list(enumerate(names))):
                        names.append(name)
    return names


def _split_plural(words: list[_Token]) -> list[list[_Token]]:
    """ "IOM and Reducing Reoffending boards" names two boards; "Health & Wellbeing Board"
    one."""
    head = words[-1]
    if head.word.rstrip("s") == head.word or len(words) < 4:
        return [words]
    parts: list[list[_Token]] = [[]]
    for token in words[:-1]:
        if token.word == "and":
            parts.append([])
        else:
            parts[-1].append(token)
    if any(not part for part in parts):
        return [words]
    return [[*part, head] for part in parts]
