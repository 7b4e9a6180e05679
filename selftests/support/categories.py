"""Sort an Allure result into the project's categories (reports/categories.json) as Allure 2 does: the first
category whose statuses include the result's status and whose message regex matches the whole message."""

from __future__ import annotations

import json
import re

from support.acceptance import PROJECT

CATEGORIES = json.loads((PROJECT / "reports" / "categories.json").read_text())


def category_of(result: dict) -> str | None:
    message = (result.get("statusDetails") or {}).get("message") or ""
    for category in CATEGORIES:
        if result["status"] not in category.get("matchedStatuses", []):
            continue
        pattern = category.get("messageRegex")
        if pattern is None or re.fullmatch(pattern, message):
            return category["name"]
    return None
