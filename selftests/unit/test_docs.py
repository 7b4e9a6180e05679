"""Documentation that is generated from code stays true."""

import re
from pathlib import Path

from lxdstack.cloud.core.app import implemented_routes

DOC = Path(__file__).resolve().parents[2] / "docs" / "embedded-cloud.md"


def test_embedded_cloud_doc_lists_exactly_the_implemented_routes():
    block = re.search(r"<!-- routes:begin -->\n```\n(.*?)```\n<!-- routes:end -->", DOC.read_text(), re.S)
    documented = [tuple(line.split()) for line in block.group(1).splitlines()]
    assert documented == implemented_routes(), "docs/embedded-cloud.md is stale: regenerate the list with " \
        "`lxdstack cloud routes`"
