"""Reference numbers as documents write them, and the key used to match them.

Documents write the same ref in several ways: `B.3` and `B3`, `(A1.2)` and `((A1.2)`, and
sometimes with Cyrillic letters that look Latin (`В3`). The key folds those together; the ref
itself is always displayed as written.
"""

from __future__ import annotations

import re

from plandesk.core.records import CommitmentKind

__all__ = ["ref_key", "clean_ref", "commitment_kind", "name_key", "REF_PATTERN"]

# Cyrillic (and Greek) capitals and smalls that render identically to Latin letters.
_LOOKALIKES = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "Ј": "J",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "Ѕ": "S",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "а": "a",
        "с": "c",
        "е": "e",
        "і": "i",
        "ј": "j",
        "о": "o",
        "р": "p",
        "ѕ": "s",
        "х": "x",
        "у": "y",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
        "Υ": "Y",
        "Ζ": "Z",
    }
)

# A ref: optional letter prefix, then dot-separated numbers (`1.1`, `A.1`, `B4`, `A1.2`, `2.1.3`).
REF_PATTERN = re.compile(r"[A-Za-z]?\.?\s?\d+(?:\.\d+)*")


def fold_lookalikes(text: str) -> str:
    """Replace Cyrillic and Greek letters that look Latin with the Latin letter."""
    return text.translate(_LOOKALIKES)


def clean_ref(raw: str) -> str:
    """The ref as the document wrote it, minus surrounding parentheses and spaces."""
    text = raw.strip()
    while text.startswith("("):
        text = text[1:].strip()
    while text.endswith(")"):
        text = text[:-1].strip()
    return text


def ref_key(raw: str | None) -> str | None:
    """The matching key of a ref: `В.3`, `B3`, `(b3)`, `((B3)` all give `B3`.

    A dot straight after the letter is dropped (`A.1` is `A1`), but dots between numbers are
    kept, so `A1.2` stays distinct from `A12`.
    """
    if raw is None:
        return None
    text = fold_lookalikes(clean_ref(raw)).upper()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^([A-Z])\.(?=\d)", r"\1", text)
    text = text.rstrip(".")
    return text or None


def commitment_kind(ref: str) -> CommitmentKind:
    """A commitment's kind as its ref tells it: a letter first (`B3`, `(В.3)`) is the
    commissioner's, a number first (`1.2`) policing."""
    return "commissioner" if (ref_key(ref) or "")[:1].isalpha() else "policing"


def name_key(text: str) -> str:
    """Fold a body or objective name for matching: case, quotes, punctuation, look-alikes."""
    folded = fold_lookalikes(text).casefold().replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", folded))
