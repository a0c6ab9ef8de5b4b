"""Build a site the way editors do (`make html`) and read the result once.

Tests never call Pelican in their own way: they run the Makefile's targets,
so the options tested are the options editors and CI use.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@functools.cache
def settings() -> dict:
    """pelicanconf.py as Pelican reads it: what `make check` gives the checker."""
    return read_settings(str(ROOT / "pelicanconf.py"))


def run_make(target: str, *, content: Path, output: Path, env: dict | None = None):
    """Run `make TARGET` on another content folder and output folder."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            target,
            f"INPUTDIR={content}",
            f"OUTPUTDIR={output}",
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def copy_fixture(name: str, destination: Path) -> Path:
    """A private copy of tests/fixtures/NAME/content to break on purpose."""
    content = destination / "content"
    shutil.copytree(FIXTURES / name / "content", content)
    return content


def text_of(element) -> str:
    """Visible text with runs of white space (and no-break spaces) folded."""
    return " ".join(element.get_text(" ").replace("\xa0", " ").split())


@dataclass
class BuiltSite:
    """A built output folder, each HTML file parsed once and shared by tests."""

    output: Path
    pages: dict[str, BeautifulSoup] = field(default_factory=dict)

    @classmethod
    def read(cls, output: Path) -> BuiltSite:
        site = cls(output.resolve())
        for path in sorted(site.output.rglob("*.html")):
            relative = path.relative_to(site.output).as_posix()
            site.pages[relative] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return site

    def resolve(self, page: str, href: str) -> Path:
        """The file a relative link on `page` leads to (directories mean index.html)."""
        target = re.split(r"[#?]", href, maxsplit=1)[0]
        path = ((self.output / page).parent / target if target else self.output / page).resolve()
        return path / "index.html" if path.is_dir() else path
