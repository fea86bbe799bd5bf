"""How a phrase in the stall rules' settings is written, and the pattern it stands for.

Phrases are plain words, matched case-insensitively as whole words, with three conveniences:
a space or hyphen between words matches any run of spaces and hyphens (`on hold` finds "on-hold"),
a trailing `*` matches any word ending (`delay*` finds "delays", "delayed"), and a word in square
brackets is optional, with `|` between alternatives (`taken [far|much] longer than`).
"""

from __future__ import annotations

import re

__all__ = ["phrase_pattern", "phrase_starts"]

_SEP = r"[\s\-]+"
_TOKEN = re.compile(r"\[[^\[\]]*\]|[^\s\[\]]+|\S")
_WORD = re.compile(r"^[^\s\[\]|*]+\*?$")


def _word_pattern(word: str) -> str:
    star = word.endswith("*")
    body = word[:-1] if star else word
    pieces = [re.escape(part) for part in body.split("-")]
    pattern = r"[\s\-]?".join(pieces)
    return pattern + (r"\w*" if star else "")


def _words_pattern(words: str, phrase: str) -> str:
    parts = words.split()
    if not parts or not all(_WORD.match(w) for w in parts):
        raise ValueError(f"cannot read {words!r} in {phrase!r}")
    return _SEP.join(_word_pattern(w) for w in parts)


def phrase_pattern(phrase: str) -> str:
    """The regular expression (no flags) for one phrase; `ValueError` when it cannot be read.

    Words match whole words, any run of spaces and hyphens between them; `word*` matches any
    ending; `[a|b c]` is an optional word or words, with `|` between alternatives.
    """
    tokens = _TOKEN.findall(phrase)
    if not tokens:
        raise ValueError("an empty phrase")
    if not re.search(r"\w", phrase):
        raise ValueError(f"{phrase!r} has no letters or digits")
    parts: list[str] = []
    seen_required = False
    for token in tokens:
        if token.startswith("["):
            if not token.endswith("]"):
                raise ValueError(f"unbalanced [ in {phrase!r}")
            alts = "|".join(_words_pattern(a, phrase) for a in token[1:-1].split("|"))
            parts.append(f"(?:{_SEP}(?:{alts}))?" if seen_required else f"(?:(?:{alts}){_SEP})?")
            continue
        parts.append((_SEP if seen_required else "") + _words_pattern(token, phrase))
        seen_required = True
    if not seen_required:
        raise ValueError(f"{phrase!r} has no word that is not optional")
    first = tokens[0].strip("[]")[:1]
    last = tokens[-1].strip("[]")[-1:]
    start = r"(?<!\w)" if re.match(r"\w", first) else ""
    end = r"(?!\w)" if re.match(r"[\w*]", last) else ""
    return f"{start}(?:{''.join(parts)}){end}"


_LEAD = re.compile(r"\w+(?:'\w+)*")


def phrase_starts(phrase: str) -> tuple[tuple[str, bool], ...]:
    """The lower-case words a phrase can start with, each with True when only a prefix.

    Used to try a phrase only where the text has a word it could start with: `delay*` starts
    with the prefix "delay", `[please] see` with "please" or "see", `re-introduced` with "re"
    or "reintroduced" (the hyphen may be a space or missing in the text). Empty when a phrase
    starts with something other than a word.
    """
    starts: list[tuple[str, bool]] = []
    for token in _TOKEN.findall(phrase):
        optional = token.startswith("[")
        alternatives = token[1:-1].split("|") if optional else [token]
        for alternative in alternatives:
            first = alternative.split()[0].lower()
            star = first.endswith("*")
            parts = first.rstrip("*").split("-")
            if not all(_LEAD.fullmatch(part) for part in parts):
                return ()
            if len(parts) > 1:  # "re-introduced": "re" then a hyphen or space, or joined up
                starts.append((parts[0], False))
            starts.append(("".join(parts), star))
        if not optional:
            break
    return tuple(starts)
