"""papermill from the repo root, as README shows: good runs work from any cwd; bad parameters fail with a
message naming the parameter and what is allowed, and a non-zero exit."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tariffbook.paths import REPO_ROOT

PAPERMILL = [sys.executable, "-m", "papermill", "-k", "python3", "--log-level", "ERROR"]


def run(tmp_path, notebook, *args, cwd=REPO_ROOT):
    out = tmp_path / "out.ipynb"
    env = dict(os.environ, TARIFFBOOK_CHARTS="book")
    r = subprocess.run([*PAPERMILL, f"{REPO_ROOT}/notebooks/{notebook}.ipynb" if cwd != REPO_ROOT else f"notebooks/{notebook}.ipynb",
                        str(out), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    return r, out


def outputs_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    parts = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            parts.append("".join(data.get("text/markdown", "")) + "".join(data.get("text/html", "")))
    return "\n".join(parts)


def test_country_profile_for_korea(tmp_path):
    r, out = run(tmp_path, "country_profile", "-p", "country", "KOR")
    assert r.returncode == 0, r.stderr[-2000:]
    text = outputs_text(out)
    # public-facts.md 1: ('Korea, South*', -66007.4, 65541.8, 131549.2, ...) -> USD 131.5 billion of imports
    assert "South Korea" in text and "USD 131.5 billion" in text


def test_runs_from_another_directory(tmp_path):
    r, out = run(tmp_path, "tariff_rates", "-p", "as_of", "2025-07-08", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    # As of 8 July 2025 no deal rate for Japan had been announced (the deal is of 22 July, public-facts.md 5a).
    text = outputs_text(out)
    assert "Letter (%)" in text and "In force (7 Aug) (%)" not in text


@pytest.mark.parametrize("notebook,args,error", [
    ("country_profile", ["-p", "regoin", "KOR"], "NameError: Unknown notebook parameter(s) ['regoin'] for country_profile; allowed: ['country']"),
    ("surpluses", ["-p", "top_n", "lots"], "TypeError: Parameter 'top_n' must be an integer, got 'lots' (str)"),
    ("country_profile", ["-p", "country", "Atlantis"], "ValueError: Parameter 'country': unknown country 'Atlantis'"),
    ("reciprocal_formula", ["-p", "discount", "3"], "ValueError: Parameter 'discount' must be between 0.01 and 1, got 3.0"),
    ("timeline", ["-p", "as_of", "2019-05-01"], "ValueError: Parameter 'as_of' must be a date in 2025–2026"),
])
def test_bad_parameters_fail_clearly(tmp_path, notebook, args, error):
    r, _ = run(tmp_path, notebook, *args)
    assert r.returncode != 0
    assert error in r.stderr, r.stderr[-3000:]
