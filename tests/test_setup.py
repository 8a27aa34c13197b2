"""A setup that works on any machine: every dependency pinned by name and version from the
package index, a documented way to re-resolve the pins, a browser found in named places (or a
failure that names them), no path of one machine in the project, and ruff's checks."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kennisbank import browser, paths

REQUIREMENT_FILES = sorted(paths.ROOT.glob("requirements*.txt")) + [paths.ROOT / "constraints.txt"]
# name[extras]==version: a release from the index, nothing else (no path, URL, VCS or range)
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*\])?==[A-Za-z0-9.+!-]+$")
INCLUDE = re.compile(r"^-[rc] [A-Za-z0-9._-]+\.txt$")


def requirement_lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            lines.append((number, line))
    return lines


def pins(path: Path) -> dict[str, str]:
    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()
    return {canonical(re.sub(r"\[.*\]", "", line.split("==")[0])): line.split("==")[1]
            for _, line in requirement_lines(path) if "==" in line}


@pytest.mark.parametrize("path", REQUIREMENT_FILES, ids=lambda p: p.name)
def test_every_requirement_is_a_pinned_release_from_the_index(path):
    bad = [f"{path.name}:{number}: {line}" for number, line in requirement_lines(path)
           if not PIN.match(line) and not INCLUDE.match(line)]
    assert bad == [], "write name==version (from the package index), or -r / -c another file"
    for number, line in requirement_lines(path):
        if INCLUDE.match(line):
            assert (paths.ROOT / line.split()[1]).is_file(), f"{path.name}:{number}: {line}"


def installed_with_the_constraints() -> list[Path]:
    """requirements-test.txt (what `make setup` installs with -c constraints.txt) and what it includes."""
    files, queue = [], [paths.ROOT / "requirements-test.txt"]
    while queue:
        path = queue.pop()
        files.append(path)
        queue += [paths.ROOT / line.split()[1] for _, line in requirement_lines(path) if line.startswith("-r ")]
    return files


def test_the_pins_agree_with_the_constraints():
    constraints = pins(paths.ROOT / "constraints.txt")
    files = installed_with_the_constraints()
    assert paths.ROOT / "requirements.txt" in files
    for path in files:
        for name, version in pins(path).items():
            assert constraints.get(name) == version, f"{path.name}: {name}=={version}, constraints.txt: {constraints.get(name)} — run make constraints"


def test_the_constraints_are_re_resolved_by_a_documented_make_target():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nconstraints:\n")[1].split("\n\n")[0]
    assert "$(PYTHON) -m venv .venv-constraints" in recipe and "pip freeze" in recipe and "> constraints.txt" in recipe
    assert "rm -rf .venv-constraints" in recipe.splitlines()[-2], "the throw-away environment is removed again"
    assert "/.venv-constraints\n" in (paths.ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "`make constraints`" in (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_no_file_of_the_project_depends_on_one_machine():
    """No temporary or home directory of one machine: what works here must work on a clean clone."""
    tracked = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout.split()
    machine_paths = re.compile(r"file:///|(?<![\w.])/tmp/|/home/\w|/root/|~/")
    offenders = []
    for name in tracked:
        path = paths.ROOT / name
        if path.suffix in (".png", ".topojson", ".csv") or not path.is_file() or name.startswith("LICENSES/") or name == "tests/test_setup.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if machine_paths.search(line):
                offenders.append(f"{name}:{number}: {line.strip()[:100]}")
    assert offenders == []


# --- the browser -------------------------------------------------------------------------------

def executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_environment_variable_comes_first(tmp_path, monkeypatch):
    own = executable(tmp_path / "mijn-chromium")
    monkeypatch.setenv(browser.ENVIRONMENT_VARIABLE, str(own))
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", executable(tmp_path / "debian-chromium"))
    assert browser.find_chromium() == (own, "")


def test_then_debian_then_playwright(tmp_path, monkeypatch):
    monkeypatch.setenv(browser.ENVIRONMENT_VARIABLE, str(tmp_path / "bestaat-niet"))
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", executable(tmp_path / "debian-chromium"))
    assert browser.find_chromium()[0] == tmp_path / "debian-chromium"
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", tmp_path / "ook-niet")
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: executable(tmp_path / "playwright-chromium"))
    assert browser.find_chromium()[0] == tmp_path / "playwright-chromium"


def test_no_browser_is_a_failure_that_names_every_place_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv(browser.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", tmp_path / "geen-chromium")
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: tmp_path / "ms-playwright" / "chrome")
    found, message = browser.find_chromium()
    assert found is None
    assert f"${browser.ENVIRONMENT_VARIABLE}: niet ingesteld" in message
    assert f"Debians pakket chromium: {tmp_path / 'geen-chromium'}" in message
    assert f"de Chromium van Playwright: {tmp_path / 'ms-playwright' / 'chrome'}" in message


def test_the_finder_script_prints_the_path_or_fails():
    result = subprocess.run([sys.executable, "-m", "kennisbank.browser"], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(paths.ROOT / "scripts")))
    path, _ = browser.find_chromium()
    assert (result.returncode, result.stdout.strip()) == ((0, str(path)) if path else (1, ""))


def test_make_test_ensures_the_browser_before_the_tests():
    recipe = (paths.ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest: setup\n")[1].split("\n\n")[0]
    assert recipe.splitlines()[0].strip() == "bash scripts/ensure-chromium.sh"


# --- ruff --------------------------------------------------------------------------------------

def test_ruff_finds_nothing():
    result = subprocess.run([str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "."],
                            cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
