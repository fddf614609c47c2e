"""Package boundaries: each package uses only the others' public APIs (their ``__init__``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["bot", "actions", "knowledge_base", "screening", "escalation", "console", "understanding"]
ONLY_IMPORTER = {"telegram": "bot", "rasa_sdk": "actions"}
FORBIDDEN = {"bot": {"sqlalchemy", "rasa"}, "screening": {"sqlalchemy", "telegram", "rasa_sdk"},
             "knowledge_base": {"sqlalchemy", "telegram", "rasa_sdk"},
             "understanding": {"sqlalchemy", "telegram", "rasa_sdk", "rasa", "escalation"}}


def imports_of(package: str) -> list[tuple[str, str]]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


@pytest.mark.parametrize("package", [p for p in PACKAGES if (ROOT / p).is_dir()])
def test_packages_use_only_public_apis_of_each_other(package: str) -> None:
    wrong = []
    for where, module in imports_of(package):
        top = module.split(".")[0]
        if top in PACKAGES and top != package and "." in module:
            wrong.append(f"{where}: {module}")
        owner = ONLY_IMPORTER.get(top)
        if owner is not None and owner != package:
            wrong.append(f"{where}: {module} (only {owner} may import {top})")
        if top in FORBIDDEN.get(package, set()):
            wrong.append(f"{where}: {module} (not allowed in {package})")
    assert not wrong, "\n".join(wrong)


def test_no_package_hard_codes_a_contact_number() -> None:
    """Every phone number lives in knowledge_base/contacts.yml; code reads it from there."""
    import re

    from knowledge_base import load_contacts
    from knowledge_base.knowledge import contact_phones

    numbers = {p for c in load_contacts() for p in contact_phones(c)
               if len(re.sub(r"\D", "", p)) >= 7}
    root = Path(__file__).resolve().parents[1]
    found = [f"{path.relative_to(root)}: {number}"
             for package in PACKAGES for path in (root / package).rglob("*.py")
             for number in numbers if number in path.read_text(encoding="utf-8")]
    assert not found, found
