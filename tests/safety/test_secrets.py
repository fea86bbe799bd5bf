"""Passwords in database URLs never reach the screen, however the URL is written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.core.secrets import ambiguous_password, mask_url, strip_password, url_secrets
from plandesk.store import db as store_db
from plandesk.store.backup import postgres_commands

runner = CliRunner()

# Every piece of these secrets must stay hidden: an `@`, `:` or `/` typed in a password
# splits it for a URL parser, which then shows the tail as part of the host.
PIECES = ("Pa55", "w0rd", "Kx9", "KeyPass99", "Other77")
HOSTILE = (
    "postgresql://officer:Pa55@w0rd:Kx9/q@127.0.0.1:1/plans"
    "?sslmode=prefer&sslpassword=KeyPass99&password=Other77"
)


def assert_hidden(text: str) -> None:
    for piece in PIECES:
        assert piece not in text, (piece, text)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pa@ss@host/db", "postgresql://u:***@host/db"),
        ("postgresql://u:p:a/s@s@h:5432,h2:5433/db", "postgresql://u:***@h:5432,h2:5433/db"),
        ("postgres://:secret@[::1]:5/db", "postgres://:***@[::1]:5/db"),
        ("postgresql://u@host/db?sslpassword=k&x=1", "postgresql://u@host/db?sslpassword=***&x=1"),
        ("host=db password='a b' user=u", "host=db password=*** user=u"),
        ("postgresql://host:5432/db", "postgresql://host:5432/db"),
        ("sqlite:////tmp/a:b@c.db", "sqlite:////tmp/a:b@c.db"),
        (
            "cannot open 'postgresql://u:x@y@h/db': refused",
            "cannot open 'postgresql://u:***@h/db': refused",
        ),
    ],
)
def test_mask_url_on_the_raw_text(url, shown):
    assert mask_url(url) == shown


def test_the_secrets_found_are_the_whole_passwords():
    assert url_secrets(HOSTILE) == ["Pa55@w0rd:Kx9/q", "KeyPass99", "Other77"]
    assert ambiguous_password(HOSTILE)
    assert not ambiguous_password("postgresql://u:pa%40ss@host/db")
    assert strip_password(HOSTILE) == "postgresql://officer@127.0.0.1:1/plans?sslmode=prefer"


@pytest.mark.parametrize(
    "args", [["plans"], ["locate"], ["backup"], ["restore", "--yes", "x.dump"], ["show"]]
)
def test_no_command_shows_any_piece_of_a_password(args):
    result = runner.invoke(app, ["--db", HOSTILE, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == (0 if args == ["locate"] else 1), result.output
    assert_hidden(result.output)
    if args[0] in ("backup", "restore"):
        assert "--dbname='postgresql://officer@127.0.0.1:1/plans?sslmode=prefer'" in result.output
    if args == ["plans"]:
        assert "%40" in result.output  # says how to write it


def test_the_printed_pg_dump_commands_carry_no_query_secret():
    url = store_db.database_url(
        "postgresql://officer@db/plans?sslmode=verify-full&sslpassword=KeyPass99&Password=Other77"
    )
    for command in postgres_commands(url, "plans.dump"):
        assert_hidden(command)
        assert "sslmode=verify-full" in command


def test_a_url_with_an_at_in_its_password_is_refused_before_connecting():
    with pytest.raises(store_db.DatabaseError, match="%40") as caught:
        store_db.make_engine(HOSTILE)
    assert_hidden(str(caught.value))


@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_the_app_shows_the_real_database_without_its_query_secrets(db_target):
    from plandesk.store.service import PlanStore

    store = PlanStore.open(f"{db_target}?sslpassword=KeyPass99&application_name=plandesk")
    try:
        assert "KeyPass99" not in store.location
        assert "sslpassword=***" in store.location
    finally:
        store.close()


@settings(max_examples=300, deadline=None)
@given(
    user=st.text(st.characters(blacklist_characters="\n\r:@/", codec="utf-8"), max_size=8),
    password=st.text(
        st.sampled_from(list("@:/?#&=%' ab1")) | st.characters(blacklist_characters="\n\r"),
        min_size=1,
        max_size=16,
    ),
)
def test_any_password_is_masked_whole(user, password):
    url = f"postgresql://{user}:{password}@db.example.org:5432/plans?sslmode=require"
    assert mask_url(url) == f"postgresql://{user}:***@db.example.org:5432/plans?sslmode=require"
    assert url_secrets(url)[0] == password
