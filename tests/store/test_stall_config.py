"""The stall rules' settings file: defaults, overrides, per-plan tables and helpful errors."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from plandesk.core.rules.config import DEFAULT_CONFIG, PHRASE_KEYS, ConfigError, RuleConfig
from plandesk.core.rules.engine import Evidence, evaluate
from plandesk.core.rules.syntax import phrase_pattern
from plandesk.core.rules.template import DEFAULT_TOML
from plandesk.store.locations import config_dir
from plandesk.store.rules_file import config_path, load_config, write_default_config

PLAN = "Safer West Mercia Plan 2020"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stall_rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- defaults --------------------------------------------------------------------------------


def test_defaults() -> None:
    assert DEFAULT_CONFIG == RuleConfig()
    assert DEFAULT_CONFIG.similarity == 0.9
    assert DEFAULT_CONFIG.unchanged_periods == 3
    assert "postpone*" in DEFAULT_CONFIG.slipping_phrases
    assert "no further update*" in DEFAULT_CONFIG.no_news_phrases
    assert "back on track" in DEFAULT_CONFIG.resolved_phrases
    assert "completed" in DEFAULT_CONFIG.completion_phrases
    for key in PHRASE_KEYS:
        assert isinstance(getattr(DEFAULT_CONFIG, key), tuple), key


def test_every_default_phrase_can_be_read() -> None:
    for key in PHRASE_KEYS:
        if key.endswith("_phrases"):
            for phrase in getattr(DEFAULT_CONFIG, key):
                re.compile(phrase_pattern(phrase))


def test_the_file_lives_in_the_config_dir() -> None:
    assert config_path() == config_dir() / "stall_rules.toml"


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_config(path=tmp_path / "absent.toml") is DEFAULT_CONFIG
    assert load_config(PLAN, path=tmp_path / "absent.toml") is DEFAULT_CONFIG
    assert load_config() is DEFAULT_CONFIG  # nothing in the (test) config dir


def test_the_users_file_is_read_by_default() -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("similarity = 0.8\n", encoding="utf-8")
    assert load_config().similarity == 0.8


# --- overrides -------------------------------------------------------------------------------


def test_top_level_keys_override_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'similarity = 0.85\nunchanged_periods = 2\nslipping_phrases = ["on hold", "stuck"]\n',
    )
    config = load_config(path=path)
    assert config.similarity == 0.85
    assert config.unchanged_periods == 2
    assert config.slipping_phrases == ("on hold", "stuck")
    assert config.no_news_phrases == DEFAULT_CONFIG.no_news_phrases


def test_a_whole_number_similarity_is_a_number(tmp_path: Path) -> None:
    assert load_config(path=write(tmp_path, "similarity = 1\n")).similarity == 1.0


def test_extra_phrases_add_to_the_list(tmp_path: Path) -> None:
    path = write(tmp_path, 'extra_slipping_phrases = ["waiting for", "delay*"]\n')
    config = load_config(path=path)
    assert config.slipping_phrases == DEFAULT_CONFIG.slipping_phrases + ("waiting for",)


def test_a_replaced_list_can_also_be_extended(tmp_path: Path) -> None:
    path = write(
        tmp_path, 'completion_phrases = ["done"]\nextra_completion_phrases = ["finished"]\n'
    )
    assert load_config(path=path).completion_phrases == ("done", "finished")


def test_phrases_are_tidied(tmp_path: Path) -> None:
    path = write(tmp_path, 'no_news_phrases = ["  nothing   new  "]\n')
    assert load_config(path=path).no_news_phrases == ("nothing new",)


def test_the_loaded_config_drives_the_rules(tmp_path: Path) -> None:
    path = write(tmp_path, 'extra_slipping_phrases = ["waiting for"]\nunchanged_periods = 2\n')
    config = load_config(path=path)
    assert [f.rule for f in evaluate(Evidence("Waiting for the Home Office."), config)] == [
        "slipping"
    ]
    evidence = Evidence("x", status="In progress", earlier_statuses=("In progress",))
    assert [f.rule for f in evaluate(evidence, config)] == ["unchanged status"]
    assert evaluate(evidence) == []


# --- per-plan overrides ----------------------------------------------------------------------

PLAN_FILE = f"""
similarity = 0.85
extra_slipping_phrases = ["waiting for"]

[plans."{PLAN}"]
similarity = 0.7
extra_slipping_phrases = ["stuck"]

[plans."Another Plan 2019"]
unchanged_periods = 4
"""


def test_a_plan_table_overrides_for_that_plan(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_FILE)
    config = load_config(PLAN, path=path)
    assert config.similarity == 0.7
    assert config.slipping_phrases == DEFAULT_CONFIG.slipping_phrases + ("waiting for", "stuck")
    assert config.unchanged_periods == 3


def test_other_plans_get_the_top_level_settings(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_FILE)
    for title in (None, "Safer West Mercia Plan 2018", "Unknown"):
        config = load_config(title, path=path)
        assert config.similarity == 0.85
        assert config.slipping_phrases[-1] == "waiting for"
    assert load_config("Another Plan 2019", path=path).unchanged_periods == 4


def test_the_plan_title_matches_whatever_its_case_and_spacing(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_FILE)
    assert load_config("safer  west mercia PLAN 2020", path=path).similarity == 0.7


def test_a_file_of_defaults_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(path=write(tmp_path, "similarity = 0.9\n")) is DEFAULT_CONFIG


# --- malformed files -------------------------------------------------------------------------


def error_of(path: Path, plan: str | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(plan, path=path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(path) in str(error)
    assert error.path == path
    return error


def test_bad_toml_names_the_file_and_line(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "similarity = 0.9\nunchanged_periods = = 3\n"))
    assert error.line == 2
    assert str(error).startswith(f"{tmp_path / 'stall_rules.toml'}:2: not valid TOML")


@pytest.mark.parametrize(
    ("text", "key", "line", "message"),
    [
        ('\n\nsimilarity = "high"\n', "similarity", 3, "must be a number from 0 to 1"),
        ("similarity = 1.5\n", "similarity", 1, "must be from 0 to 1, not 1.5"),
        ("similarity = -0.1\n", "similarity", 1, "must be from 0 to 1"),
        ("similarity = true\n", "similarity", 1, "must be a number"),
        ("unchanged_periods = 2.5\n", "unchanged_periods", 1, "must be a whole number"),
        ("unchanged_periods = 1\n", "unchanged_periods", 1, "must be at least 2"),
        ("plan_window = 0\n", "plan_window", 1, "must be at least 1"),
        ("# a comment\nsimlarity = 0.9\n", "simlarity", 2, "unknown setting"),
        ('slipping_phrases = "delay*"\n', "slipping_phrases", 1, "must be a list of strings"),
        ("slipping_phrases = [1, 2]\n", "slipping_phrases", 1, "1 is not a string"),
        ('extra_slipping_phrases = ["[unclosed"]\n', "extra_slipping_phrases", 1, "unbalanced"),
        ('slipping_phrases = ["[only] [optional]"]\n', "slipping_phrases", 1, "no word"),
        ('final_statuses = [""]\n', "final_statuses", 1, "empty status"),
        ('no_news_phrases = ["--"]\n', "no_news_phrases", 1, "no letters or digits"),
        ('no_news_phrases = [""]\n', "no_news_phrases", 1, "empty phrase"),
        ("extra_similarity = [0.5]\n", "extra_similarity", 1, "unknown setting"),
        ("plans = 3\n", "plans", 1, "must be tables"),
    ],
)
def test_a_bad_setting_names_the_file_line_and_key(
    tmp_path: Path, text: str, key: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    error = error_of(path)
    assert error.key == key
    assert error.line == line
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}: {key}: ")


def test_a_bad_setting_in_a_plan_table_names_the_plan(tmp_path: Path) -> None:
    path = write(tmp_path, f'similarity = 0.8\n\n[plans."{PLAN}"]\nsimilarity = 2\n')
    error = error_of(path)
    assert error.key == f'plans."{PLAN}".similarity'
    assert error.line == 4


def test_a_bad_plan_table_is_reported_whichever_plan_is_loaded(tmp_path: Path) -> None:
    path = write(tmp_path, '[plans."Another Plan 2019"]\nunchanged = 4\n')
    error = error_of(path, PLAN)
    assert error.key == 'plans."Another Plan 2019".unchanged'
    assert error.line == 2


def test_a_plan_must_be_a_table(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, f'[plans]\n"{PLAN}" = 3\n'))
    assert error.key == f'plans."{PLAN}"'
    assert "must be a table" in error.message


def test_a_plan_table_cannot_nest_plans(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, f'[plans."{PLAN}".plans.x]\nsimilarity = 0.5\n'))
    assert error.key == f'plans."{PLAN}".plans'


def test_a_file_that_is_not_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "stall_rules.toml"
    path.write_bytes(b"similarity = \xff\xfe\n")
    assert "not UTF-8" in error_of(path).message


def test_an_unreadable_path_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "stall_rules.toml"
    path.mkdir()
    assert "cannot read it" in error_of(path).message


# --- the default file ------------------------------------------------------------------------


def test_the_default_file_is_valid_toml_that_changes_nothing(tmp_path: Path) -> None:
    assert tomllib.loads(DEFAULT_TOML) == {}
    path = write_default_config(tmp_path / "sub" / "stall_rules.toml")
    assert path.read_text(encoding="utf-8") == DEFAULT_TOML
    assert load_config(path=path) == DEFAULT_CONFIG
    assert load_config(PLAN, path=path) == DEFAULT_CONFIG


def test_the_default_file_documents_every_setting_with_its_default(tmp_path: Path) -> None:
    for field in fields(RuleConfig):
        assert re.search(rf"^# {field.name} = ", DEFAULT_TOML, re.MULTILINE), field.name
    # Uncommenting every setting (not the example plan table) gives the defaults back.
    settings, _, example = DEFAULT_TOML.partition("# One plan's own settings")
    uncommented = "\n".join(
        line[2:] if re.match(r'# (\w+ = |    "|\])', line) else line
        for line in settings.splitlines()
    )
    assert set(tomllib.loads(uncommented)) == {f.name for f in fields(RuleConfig)}
    assert load_config(path=write(tmp_path, uncommented)) == DEFAULT_CONFIG
    # The example plan table is valid too.
    table = "\n".join(
        line[2:]
        for line in example.splitlines()
        if line.startswith("# ") and not line.startswith("# One")
    )
    assert load_config(PLAN, path=write(tmp_path, table)).similarity == 0.85


def test_writing_the_default_file_goes_to_the_config_dir() -> None:
    path = write_default_config()
    assert path == config_path()
    assert load_config() == DEFAULT_CONFIG


def test_writing_the_default_file_never_replaces_a_users_file(tmp_path: Path) -> None:
    path = write(tmp_path, "similarity = 0.5\n")
    with pytest.raises(FileExistsError):
        write_default_config(path)
    assert load_config(path=path).similarity == 0.5
    write_default_config(path, overwrite=True)
    assert load_config(path=path) == DEFAULT_CONFIG


def test_the_file_is_read_again_only_when_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "similarity = 0.5\n")
    old = path.stat().st_mtime_ns - 60 * 10**9  # settled: not written just now
    os.utime(path, ns=(old, old))
    assert load_config(path=path).similarity == 0.5
    # Same size and time: the text read before is used (the file is not read again).
    path.write_text("similarity = 0.6\n", encoding="utf-8")
    os.utime(path, ns=(old, old))
    assert load_config(path=path).similarity == 0.5
    # A new time: read again.
    os.utime(path, ns=(old + 10**9, old + 10**9))
    assert load_config(path=path).similarity == 0.6
    # Written just now: read every time, as a second write may keep the time and size.
    path.write_text("similarity = 0.7\n", encoding="utf-8")
    assert load_config(path=path).similarity == 0.7
    path.write_text("similarity = 0.8\n", encoding="utf-8")
    assert load_config(path=path).similarity == 0.8
