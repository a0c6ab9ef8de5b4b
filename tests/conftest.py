"""Shared fixtures: the real site, built once per test session."""

from __future__ import annotations

import pytest

from tests.sitebuild import ROOT, BuiltSite, run_make


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_make("html", content=ROOT / "content", output=output)
    if result.returncode != 0:
        pytest.fail(f"make html failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite.read(output)


PRODUCTION_SITEURL = "https://guide.example.org"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> BuiltSite:
    """The real site built as `make publish` builds it, under a production address."""
    output = tmp_path_factory.mktemp("published") / "output"
    result = run_make(
        "publish", content=ROOT / "content", output=output, env={"SITEURL": PRODUCTION_SITEURL}
    )
    if result.returncode != 0:
        pytest.fail(f"make publish failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite.read(output)
