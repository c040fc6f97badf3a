"""The wheel (issue 22, item 1): every package folder listed in pyproject.toml, and the record carried with it.

`make test-wheel` installs the built wheel in a fresh virtualenv and runs the README's examples from another
folder; these tests keep the list of packages and the record's place true without building anything.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from setuptools import find_packages

from tariffbook.data import paths
from tariffbook.data.paths import REPO_ROOT


def _setuptools() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed_so_the_wheel_has_it():
    listed = set(_setuptools()["packages"]) - {"tariffbook._record"}
    assert listed == set(find_packages(str(REPO_ROOT), include=["tariffbook", "tariffbook.*"]))


def test_the_record_goes_into_the_wheel_as_data_is():
    tool = _setuptools()
    assert tool["package-dir"] == {"tariffbook._record": "data"}
    patterns = tool["package-data"]["tariffbook._record"]
    data = REPO_ROOT / "data"
    files = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    carried = {f for f in files if any(fnmatch(f, pat) for pat in patterns)}
    assert carried == files  # nothing in data/ is left out of the wheel


def test_an_installed_package_reads_the_record_it_carries(tmp_path, monkeypatch):
    installed = tmp_path / "site-packages" / "tariffbook" / "_record"
    installed.mkdir(parents=True)
    (installed / "datapackage.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path / "lib")  # no checkout around an installed package
    monkeypatch.setattr(paths, "INSTALLED_RECORD", installed)
    monkeypatch.delenv("TARIFFBOOK_DATA", raising=False)
    assert paths.data_dir() == installed
    monkeypatch.setenv("TARIFFBOOK_DATA", str(tmp_path))
    assert paths.data_dir() == tmp_path.resolve()


def test_a_checkout_reads_its_own_data_folder():
    assert paths.data_dir() == REPO_ROOT / "data"
