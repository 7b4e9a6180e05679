"""Reading novarc/openrc files without a shell."""

import re

import pytest

from lxdstack.errors import InputError, NeedsShellError
from lxdstack.novarc import parse_novarc

V2 = """\
# the seed's novarc, once `juju run` has been evaluated
export OS_USERNAME=admin
export OS_PASSWORD=openstack
export OS_TENANT_NAME=admin
export OS_REGION_NAME=RegionOne
export OS_AUTH_URL=http://127.0.0.1:5000/v2.0
"""

V3 = """\
export OS_AUTH_URL="http://127.0.0.1:5000/v3"
export OS_USER_DOMAIN_NAME=admin_domain
export OS_PROJECT_DOMAIN_NAME='admin_domain'
export OS_PROJECT_NAME=admin
OS_USERNAME=admin
export OS_PASSWORD='pa$$ word'
export OS_IDENTITY_API_VERSION=3
"""

SEED = """\
export OS_USERNAME=admin
export OS_PASSWORD=openstack
export OS_AUTH_URL=${OS_AUTH_PROTOCOL:-http}://`juju run --unit  keystone/0 "unit-get private-address"`:5000/v2.0
"""


def _write(tmp_path, text, name="novarc"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_v2_novarc_gives_tenant_name(tmp_path):
    variables = parse_novarc(_write(tmp_path, V2))
    assert variables["OS_TENANT_NAME"] == "admin"
    assert variables["OS_AUTH_URL"] == "http://127.0.0.1:5000/v2.0"


def test_v3_openrc_gives_domains_and_keeps_single_quoted_dollars(tmp_path):
    variables = parse_novarc(_write(tmp_path, V3))
    assert variables["OS_USER_DOMAIN_NAME"] == "admin_domain"
    assert variables["OS_PROJECT_DOMAIN_NAME"] == "admin_domain"
    assert variables["OS_PASSWORD"] == "pa$$ word"
    assert variables["OS_USERNAME"] == "admin"


def test_seed_novarc_needs_a_shell_and_names_the_line(tmp_path):
    path = _write(tmp_path, SEED)
    with pytest.raises(NeedsShellError) as caught:
        parse_novarc(path)
    message = str(caught.value)
    assert f"{path}:3" in message
    assert "source it" in message
    assert "\n" not in message


@pytest.mark.parametrize("line, what", [
    ("export OS_AUTH_URL=$(juju run --unit keystone/0 unit-get private-address)", "command substitution $("),
    ("export OS_PASSWORD=${OS_PASSWORD_INPUT:-secret}", "parameter expansion"),
    ('export OS_PASSWORD="$OS_PASSWORD_INPUT"', "variable reference"),
    ("read -sr OS_PASSWORD_INPUT", "a shell command"),
], ids=["dollar-paren", "default-expansion", "variable", "read-command"])
def test_shell_features_are_refused(tmp_path, line, what):
    with pytest.raises(NeedsShellError, match=re.escape(what)):
        parse_novarc(_write(tmp_path, "export OS_USERNAME=admin\n" + line + "\n"))


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        parse_novarc(tmp_path / "absent")


def test_file_without_os_variables_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="sets no OS_"):
        parse_novarc(_write(tmp_path, "export FOO=bar\n"))
