"""Bad input to an `lxdstack` command is one line naming the command and the problem, exit status 2."""

import pytest

from lxdstack.cli import main


@pytest.mark.parametrize("argv, line", [
    (["sweep", "--prefix", "BAD"], "lxdstack sweep: --prefix 'BAD': give a name prefix (acc) or a run's "
                                   "(acc-2601010000abc)"),
    (["sweep", "--older-than", "soon"], "lxdstack sweep: --older-than "),
    (["juju-creds"], "lxdstack juju-creds: the following arguments are required: --model"),
    (["bring-up", "--only", "nothing"], "lxdstack bring-up: "),
])
def test_bad_input_is_one_line_and_exit_2(argv, line, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith(line) and err.count("\n") == 1, err
