"""Build sites for the tests, and read the result once.

Two ways to build, each where it fits:
- `run_make` runs the Makefile's targets (`make html`, `make publish`…), so
  the options tested are the options editors and CI use: the real site, and
  every test of what the Makefile adds (the search index, the scratch folder
  that leaves output/ untouched on failure, the publish steps);
- `build` runs Pelican in this process with the same settings and the same
  strictness (`--fatal warnings`), for the many tests that break one thing in
  a fixture site and read the message: no new Python process, no search index,
  about four times faster (see docs/development.md).
"""

from __future__ import annotations

import filecmp
import functools
import io
import logging
import os
import re
import shutil
import subprocess
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import FatalLogger, LimitFilter
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


@dataclass
class BuildResult:
    """What a build printed and how it ended, shaped like `run_make`'s result."""

    returncode: int
    stdout: str
    stderr: str


def build(content: Path, output: Path, env: dict | None = None) -> BuildResult:
    """Build CONTENT into OUTPUT with pelicanconf.py, in this process, as strictly
    as `make html` (every problem listed, then a failed build). `env` sets
    settings that `make` would take from the environment (REVIEW_TODAY)."""
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), **(env or {})}
    pelican_settings = read_settings(str(ROOT / "pelicanconf.py"), override=overrides)
    printed = io.StringIO()
    handler = logging.StreamHandler(printed)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    fatal, FatalLogger.fatal_lvl = FatalLogger.fatal_lvl, logging.WARNING  # --fatal warnings
    # --logs-dedup-min-level DEBUG: no message is held back as "seen before",
    # which in one long test process would hide a problem an earlier test had.
    dedup, LimitFilter.LOGS_DEDUP_MIN_LEVEL = LimitFilter.LOGS_DEDUP_MIN_LEVEL, logging.DEBUG
    returncode = 0
    try:
        Pelican(pelican_settings).run()
    except SystemExit as exit:  # strict_build ends a build that reported problems
        returncode = 1
        printed.write(f"{exit.code}\n")
    except Exception:  # the editor would see a traceback: let the test see it too
        returncode = 1
        printed.write(traceback.format_exc())
    finally:
        root.removeHandler(handler)
        FatalLogger.fatal_lvl, LimitFilter.LOGS_DEDUP_MIN_LEVEL = fatal, dedup
    return BuildResult(returncode, "", printed.getvalue())


def copy_fixture(name: str, destination: Path) -> Path:
    """A private copy of tests/fixtures/NAME/content to break on purpose."""
    content = destination / "content"
    shutil.copytree(FIXTURES / name / "content", content)
    return content


def copy_real_site(destination: Path) -> Path:
    """A private copy of the real site's content/ to edit."""
    content = destination / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def with_content_cache(cache: Path) -> dict:
    """The settings that turn on Pelican's content cache, kept in CACHE."""
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}


def assert_same_as_a_fresh_build(content: Path, output: Path, scratch: Path) -> None:
    """OUTPUT is byte for byte the site a build of CONTENT from nothing makes
    (no cache, an empty folder under SCRATCH)."""
    fresh = scratch / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    assert build(content, fresh).returncode == 0
    assert differing_files(output, fresh) == [] and differing_files(fresh, output) == []


def differing_files(one: Path, other: Path) -> list[str]:
    """The files of ONE that OTHER lacks or holds with other bytes (one way:
    call it both ways for two trees that must be the same)."""
    found = []
    for folder, _, names in os.walk(one):
        for name in names:
            path = Path(folder, name)
            twin = other / path.relative_to(one)
            if not twin.is_file() or not filecmp.cmp(path, twin, shallow=False):
                found.append(str(path.relative_to(one)))
    return found


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


# ---------------------------------------------------------------- facts about the real site

# The guide's topic pages in reading order (their `Order`), as the header lists them.
GUIDE = [
    "what-is-ketamine",
    "how-it-works",
    "which-pain",
    "ways-ketamine-is-given",
    "side-effects",
    "who-should-not",
    "preparing-for-treatment",
    "treatment-course",
    "after-an-infusion",
    "is-it-working",
    "how-long-relief-lasts",
    "living-with-treatment",
    "cost-and-access",
    "choosing-a-clinic",
    "other-options",
    "questions-to-ask",
    "support",
    "glossary",
]


# ---------------------------------------------------------------- breaking a fixture site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_broken(tmp_path: Path, page: str, old: str, new: str):
    content = copy_fixture("minimal", tmp_path)
    edit(content / page, old, new)
    return build(content, tmp_path / "output")


def assert_fails_with(result, location: str, message: str) -> None:
    assert result.returncode != 0, "the build should have failed"
    lines = [line for line in result.stderr.splitlines() if location in line]
    assert lines, f"no message names {location!r}:\n{result.stderr}"
    assert any(message in line for line in lines), f"{message!r} not in {lines}"
    assert "Traceback" not in result.stderr + result.stdout
    assert "Build failed" in result.stderr


# ---------------------------------------------------------------- reading built pages


def cited_numbers(sup) -> list[int]:
    """The numbers a citation marker stands for, ranges ("4–6") spelled out."""
    numbers = []
    for part in re.sub(r"\(.*?\)", "", sup.get_text()).split(","):
        first, _, last = part.strip().partition("–")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{5,}", text.lower()))


def a_word_only_on(site, name: str) -> str:
    """A word of the page's own text that no other page's main content has (not even its stem)."""
    others = " ".join(
        text_of(page.select_one("article")) for other, page in site.pages.items() if other != name
    ).lower()
    own = words(text_of(site.pages[name].select_one(".app-prose")))
    candidates = sorted((w for w in own if len(w) >= 6 and w[:6] not in others), key=len)
    assert candidates, f"{name} has no word of its own to search for"
    return candidates[-1]
