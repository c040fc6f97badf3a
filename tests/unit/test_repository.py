"""The repository makes sense on its own: a clone has no ../shared folder, so nothing may send a reader there
(the provenance tests in tests/unit/test_data.py use it when it is present, and skip otherwise)."""

from __future__ import annotations

import subprocess

from tariffbook.data.paths import REPO_ROOT

ALLOWED = {
    "tests/unit/test_data.py",  # provenance checks against the fact sheets, skipped without them
    "tests/unit/test_repository.py",
    "_config.yml",  # its header comment is being rewritten on the site branch
}


def test_nothing_refers_to_files_outside_the_repository():
    found = subprocess.run(
        ["git", "grep", "-n", "-F", "../shared", "--", "."], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.splitlines()
    assert [line for line in found if line.split(":", 1)[0] not in ALLOWED] == []
