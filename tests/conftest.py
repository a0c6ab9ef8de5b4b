"""Shared fixtures: the real site, built once per test run, and the browser.

`make test` runs the tests in several worker processes (pytest-xdist). The
real site and its publish build are made once for all of them: the first
worker to need one builds it while holding a lock, the others wait for it and
then read the same files. Nothing writes into these folders afterwards.
Each worker that runs a browser test starts one Chromium, for all its tests.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from tests.browsing import CHROMIUM, CHROMIUM_ARGS, served
from tests.sitebuild import ROOT, BuiltSite, run_make

PRODUCTION_SITEURL = "https://guide.example.org"
# Where the test builds send readers' reports (FEEDBACK_URL), and the
# environment that `make publish` needs: both settings.
FEEDBACK_TEMPLATE = "https://reports.example.org/new?title={title}&page={url}"
PUBLISH_ENV = {"SITEURL": PRODUCTION_SITEURL, "FEEDBACK_URL": FEEDBACK_TEMPLATE}


def _run_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every worker sees (pytest's own when alone)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _built_once(tmp_path_factory, name: str, target: str, env: dict | None = None) -> BuiltSite:
    folder = _run_folder(tmp_path_factory) / f"real-{name}"
    folder.mkdir(exist_ok=True)
    output, failure = folder / "output", folder / "failure.txt"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (output.is_dir() or failure.exists()):
            result = run_make(target, content=ROOT / "content", output=output, env=env)
            if result.returncode != 0:
                failure.write_text(f"{result.stdout}\n{result.stderr}", encoding="utf-8")
    if failure.exists():
        pytest.fail(f"make {target} failed:\n{failure.read_text()}", pytrace=False)
    return BuiltSite.read(output)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    return _built_once(tmp_path_factory, "site", "html")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> BuiltSite:
    """The real site built as `make publish` builds it, under a production address."""
    return _built_once(tmp_path_factory, "published", "publish", PUBLISH_ENV)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (see tests/browsing.py)."""
    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (.ci/run installs it)")
    reason = "needs Playwright for Python (pip install -r requirements.txt)"
    sync_api = pytest.importorskip("playwright.sync_api", reason=reason)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def local_site(site):
    """The development build served on 127.0.0.1; its base address."""
    with served(site.output) as base:
        yield base


# The longest test files, measured: `make test` hands out whole files in
# collection order (--no-loadscope-reorder), so these start first and the short
# files fill in around them on the other workers.
LONGEST_FIRST = ("test_accessibility.py", "test_publish.py", "test_site_checks.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
