"""Leftovers: names read back into run id and start, `--older-than` ages, and sweep's refusals of bad input."""

import os
from datetime import UTC, datetime, timedelta

import pytest

from lxdstack.cli import main
from lxdstack.leftovers import Leftover, matches, older_than, parse_age, parse_name
from lxdstack.naming import Names, new_run_id


def test_a_name_the_suite_gave_parses_back_to_prefix_run_and_start():
    run_id = new_run_id(datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    name = Names("acc", run_id, "gw3").make("boot")
    assert parse_name(name) == ("acc", run_id, datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert parse_name("acc-2601010000abc-main-member-x1y2z")[1] == "2601010000abc"


@pytest.mark.parametrize("name", [
    "acc-web-1",                              # an operator's own name that happens to start with acc-
    "acc-2601010000abc-gw0-boot",             # no random part
    "acc-2613450000abc-gw0-boot-abcde",       # month 13: ten digits that are no date
    "Acc-2601010000abc-gw0-boot-abcde",
    "", None,
])
def test_other_names_do_not_parse(name):
    assert parse_name(name) is None


def test_prefix_is_the_suites_or_one_runs_and_never_a_mere_string_prefix():
    name = "acc-2601010000abc-gw0-boot-abcde"
    assert matches(name, "acc") and matches(name, "acc-2601010000abc") and matches(name, "acc-2601010000abc-")
    assert not matches(name, "ac") and not matches(name, "acc-2601010000abd")
    assert not matches("accx-2601010000abc-gw0-boot-abcde", "acc")
    assert not matches("acc-web-1", "acc")


@pytest.mark.parametrize(("text", "age"), [("30m", timedelta(minutes=30)), ("2h", timedelta(hours=2)),
                                           ("1d", timedelta(days=1)), ("0m", timedelta(0))])
def test_older_than_accepts_minutes_hours_days(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["2", "2y", "h", "-1h", "1.5h", "2 h", ""])
def test_older_than_refuses_anything_else(text):
    with pytest.raises(ValueError, match="30m, 2h, 1d"):
        parse_age(text)


def test_age_is_the_run_ids_start_not_the_resources_date():
    now = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    old = Leftover("image", "1", "acc-2601010000abc-gw0-image-abcde", created=now)
    recent = Leftover("image", "2", "acc-2601021130abc-gw0-image-abcde", created=now - timedelta(days=9))
    assert older_than([old, recent], timedelta(days=1), now=now) == [old]
    assert older_than([old, recent], timedelta(minutes=29), now=now) == [old, recent]


@pytest.mark.parametrize(("args", "said"), [
    (["--older-than", "2y"], "--older-than '2y'"),
    (["--prefix", "acc-"], "--prefix 'acc-'"),
    (["--prefix", "acc-2601010000"], "--prefix"),
    ([], "embedded cloud"),
    (["--embedded-scenario", "newton-lxd"], "embedded cloud"),
    (["--os-cloud", "a", "--novarc", "b"], "give only one"),
    (["--older-than"], "expected one argument"),
])
def test_sweep_refuses_bad_input_with_one_line_and_exit_2(args, said, capsys, monkeypatch, tmp_path):
    for name in [n for n in os.environ if n.startswith("OS_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no ./clouds.yaml
    with pytest.raises(SystemExit) as exited:
        main(["sweep", *args])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1, err
