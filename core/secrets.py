"""Secrets in database URLs and messages: found and masked on the raw text, never parsed.

A URL typed by hand is often not a valid URL: `postgresql://u:pa@ss@host/db` has an unencoded
`@` in its password, which every URL parser (SQLAlchemy's and libpq's alike) splits at the first
`@`, so masking the parsed password would leave `ss` on screen. Here the password runs to the
*last* `@` that is followed by something shaped like a host, so an `@`, `:` or `/` in it is
masked too; over-masking a message is harmless, showing a secret is not. Query parameters and
libpq `key=value` settings whose name contains "password" (`password=`, `sslpassword=`) are
masked as well.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "ambiguous_password", "mask_url", "strip_password", "url_secrets"]

MASK = "***"

# A host (or several, libpq style), with an optional port: what may follow the credentials' `@`.
_HOST = re.compile(r"[A-Za-z0-9._~%\-\[\]:,]+")
_AFTER_HOST = frozenset("/?#'\"<>) \t\r\n")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_QUERY_SECRET = re.compile(
    r"(?i)(\b[a-z_]*password\s*=\s*)('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^&\s'\"]*)"
)


def _credentials(text: str, start: int) -> tuple[int, int] | None:
    """Where the password of the URL whose authority begins at `start` lies (start, end)."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    colon = text.find(":", start, line_end)
    if colon == -1:
        return None
    user = text[start:colon]
    if "/" in user or "@" in user:
        return None  # a path (`sqlite:////tmp/a:b.db`) or no password before the host
    at = line_end
    while True:
        at = text.rfind("@", colon + 1, at)
        if at == -1:
            return None
        host = _HOST.match(text, at + 1)
        end = host.end() if host else at + 1
        if host and (end == len(text) or text[end] in _AFTER_HOST):
            return colon + 1, at


def url_secrets(text: str) -> list[str]:
    """Every password written in `text`: in URLs' credentials and in `…password=` settings."""
    found = []
    for scheme in _SCHEME.finditer(text):
        span = _credentials(text, scheme.end())
        if span and span[1] > span[0]:
            found.append(text[span[0] : span[1]])
    for match in _QUERY_SECRET.finditer(text):
        value = match.group(2).strip("'\"")
        if value:
            found.append(value)
    return found


def mask_url(text: str) -> str:
    """`text` (a URL or a message holding URLs) with every password replaced by `***`.

    Works on the raw characters, so it needs no valid URL: an unencoded `@`, `:` or `/` in a
    password is masked with the rest of it, as are `password=` and `sslpassword=` settings.
    """
    pieces = []
    position = 0
    for scheme in _SCHEME.finditer(text):
        if scheme.start() < position:
            continue  # inside a password already masked
        span = _credentials(text, scheme.end())
        if span is None:
            continue
        pieces.append(text[position : span[0]])
        pieces.append(MASK)
        position = span[1]
    pieces.append(text[position:])
    masked = "".join(pieces)
    return _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, masked)


def ambiguous_password(url: str) -> bool:
    """Whether the URL's credentials hold an unencoded `@`, which drivers read differently."""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return False
    span = _credentials(url, scheme.end())
    return span is not None and "@" in url[span[0] : span[1]]


def strip_password(url: str) -> str:
    """`url` with its password left out entirely (`u:secret@h` → `u@h`, no `…password=`).

    For commands printed for the user to run: the tools then take the password from
    `PGPASSWORD` or `~/.pgpass`.
    """
    scheme = _SCHEME.match(url)
    if scheme is not None:
        span = _credentials(url, scheme.end())
        if span is not None:
            url = url[: span[0] - 1] + url[span[1] :]
    base, mark, query = url.partition("?")
    if not mark:
        return url
    kept = [
        pair for pair in query.split("&") if pair and "password" not in pair.split("=")[0].lower()
    ]
    return base + ("?" + "&".join(kept) if kept else "")
