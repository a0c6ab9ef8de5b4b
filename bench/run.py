"""`make bench`: what building and checking cost, beside plain Pelican and lychee.

    python -m bench.run [--sizes 100,1000,5000] [--repeat 3]

For each size, a synthetic site shaped like ours (bench/synthetic_site.py:
headings, 10 citations and 5 internal links a page, one FAQ entry per ten
pages, a shared bibliography) is written to a temporary folder, and these
are timed in one run so the figures compare:

  a. plain Pelican 4.12: no plugins, its default theme (pages not listed in
     its menu), Typogrify on as ours is;
  b. our full `make html` (plugins, theme, search index);
  c. a warm rebuild after touching one page, with Pelican's content cache on;
  d. our site checks (`python -m sitecheck`, without the Nu Html Checker,
     which is timed on its own as d2);
  e. a standard link checker, lychee (--offline: internal links only), on the
     same output, where both must find the same broken links (five are
     planted in the output first).

Each timing is the median of --repeat runs; peak memory is the largest
resident size of the process tree (GNU time, where /usr/bin/time exists).
It also measures what a reader downloads for each page of the real site
(HTML + CSS, raw and gzip). Prints a Markdown table; writes the same
figures as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic_site import write_site

ROOT = Path(__file__).resolve().parents[1]

VENV = ROOT / ".venv" / "bin"
PLANTED = 5  # broken links planted in the output for the two checkers to find

PLAIN_SETTINGS = """
PATH = {content!r}
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = []
READERS = {{"html": None}}
PLUGINS = []
TYPOGRIFY = True
TYPOGRIFY_OMIT_FILTERS = ["caps", "initial_quotes"]
TIMEZONE = "UTC"
SITEURL = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
# Our pages that name a template of ours (Template: faq, search) are drawn with
# the default theme's page template, so plain Pelican writes every page too.
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
# The default theme lists every page in every page's menu: at 1,000 pages that
# is a million links and five times the build, which no site this size would do.
DISPLAY_PAGES_ON_MENU = False
"""
OUR_TEMPLATES = ("faq", "search")  # named by synthetic pages' Template: metadata


def run(command: list[str], **options) -> tuple[float, int | None, subprocess.CompletedProcess]:
    """(seconds, peak memory in MB of the process tree, result).

    GNU time reports the largest resident size among the command and the
    processes it waited for (make, Pelican, Pagefind…), which is what we want.
    """
    gnu_time = shutil.which("time", path="/usr/bin")
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as record:
        wrapped = [gnu_time, "-f", "%M", "-o", record.name, *command] if gnu_time else command
        started = time.perf_counter()
        result = subprocess.run(wrapped, capture_output=True, text=True, check=False, **options)
        seconds = time.perf_counter() - started
        lines = record.read().split() if gnu_time else []
    peak = int(lines[-1]) // 1024 if lines and lines[-1].isdigit() else None
    return seconds, peak, result


FOUND_PROBLEMS = (0, 1, 2)  # a checker's exit codes: clean, or problems found (planted)


def timed(
    label: str, command: list[str], repeat: int, before=None, expected=(0,), **options
) -> dict:
    """Median time and largest peak memory of `repeat` runs; stops the bench
    when the command fails (a build that fails would be timed as fast)."""
    times, peaks, result = [], [], None
    for _ in range(repeat):
        if before:
            before()
        seconds, peak, result = run(command, **options)
        if result.returncode not in expected:
            raise SystemExit(f"{label} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        times.append(seconds)
        peaks.append(peak or 0)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks) or None, "result": result}


def make(target: str, content: Path, output: Path, *extra: str) -> list[str]:
    return [
        "make", "--no-print-directory", "-C", str(ROOT), target,
        f"INPUTDIR={content}", f"OUTPUTDIR={output}", *extra,
    ]  # fmt: skip


def plain_pelican(content: Path, output: Path, folder: Path) -> list[str]:
    """The command for plain Pelican on CONTENT (its settings written into FOLDER)."""
    settings, templates = folder / "plain.py", folder / "plain-templates"
    templates.mkdir(exist_ok=True)
    for name in OUR_TEMPLATES:
        (templates / f"{name}.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    settings.write_text(
        PLAIN_SETTINGS.format(content=str(content), templates=str(templates)), encoding="utf-8"
    )
    return [str(VENV / "pelican"), str(content), "-o", str(output), "-s", str(settings), "-q"]


def plant_broken_links(output: Path) -> None:
    """Add PLANTED links to pages that do not exist, in as many pages."""
    pages = sorted(output.glob("page-*/index.html"))[:PLANTED]
    for number, page in enumerate(pages):
        text = page.read_text(encoding="utf-8")
        link = f'<p><a href="../no-such-page-{number}/">A missing page {number}</a></p>'
        page.write_text(text.replace("</main>", f"{link}</main>", 1), encoding="utf-8")


def measure_size(pages: int, repeat: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{pages}-"))
    try:
        content = write_site(pages, folder)
        pages_built = len(list((content / "pages").glob("*.md")))
        out_plain, out_ours, cache = folder / "plain", folder / "ours", folder / "cache"
        figures = {"pages": pages_built}
        plain = plain_pelican(content, out_plain, folder)
        figures["a_plain_pelican"] = timed("plain Pelican", plain, repeat)
        written = len(list(out_plain.rglob("*.html")))
        if written < pages_built:  # it once stopped at our FAQ page and was timed as fast
            raise SystemExit(f"plain Pelican wrote {written} of {pages_built} pages")
        figures["b_our_build"] = timed("make html", make("html", content, out_ours), repeat)
        cached = (
            f"PELICANOPTS=-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true CACHE_PATH='\"{cache}\"'"
        )
        timed("filling the cache", make("html", content, out_ours, cached), 1)
        touched = content / "pages" / "page-1.md"
        figures["c_warm_rebuild"] = timed(
            "warm rebuild", make("html", content, out_ours, cached), repeat,
            before=lambda: os.utime(touched),
        )  # fmt: skip
        plant_broken_links(out_ours)
        check = [str(VENV / "python"), "-m", "sitecheck", str(out_ours), "--content", str(content)]
        figures["d_our_checks"] = timed(
            "sitecheck", [*check, "--skip-validity"], repeat, expected=FOUND_PROBLEMS, cwd=ROOT
        )
        validity = [str(VENV / "python"), "-c", VALIDITY_ONLY, str(out_ours)]
        figures["d2_html_validity"] = timed("vnu", validity, 1, expected=FOUND_PROBLEMS, cwd=ROOT)
        lychee = shutil.which("lychee", path=str(VENV)) or shutil.which("lychee")
        if lychee:
            figures["e_lychee"] = timed(
                "lychee",
                [lychee, "--offline", "--no-progress", "--root-dir", str(out_ours),
                 "--index-files", "index.html", "--include-fragments", f"{out_ours}/**/*.html"],
                repeat, expected=FOUND_PROBLEMS, cwd=folder,
            )  # fmt: skip
        figures["found"] = {
            "ours": count_ours(figures["d_our_checks"]["result"].stdout),
            "lychee": count_lychee(figures["e_lychee"]["result"]) if lychee else None,
            "planted": PLANTED,
        }
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


VALIDITY_ONLY = (
    "import sys; from pathlib import Path; from sitecheck import check_site, validity; "
    "print(len(check_site(Path(sys.argv[1]), checks=[validity])))"
)


def count_ours(report: str) -> int:
    return sum("leads to no page" in line for line in report.splitlines())


def count_lychee(result: subprocess.CompletedProcess) -> int:
    text = result.stdout + result.stderr
    match = re.search(r"(\d+)\s+Errors?", text)
    return int(match.group(1)) if match else len(re.findall(r"\[ERROR\]|✗", text))


def payload_of_the_real_site() -> dict:
    """What a reader downloads per page of the real site: HTML + CSS, raw and gzip."""
    folder = Path(tempfile.mkdtemp(prefix="bench-real-"))
    try:
        result = subprocess.run(
            make("html", ROOT / "content", folder / "out"), capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(f"make html failed on the real site:\n{result.stderr}")
        out = folder / "out"
        css = (out / "theme" / "css" / "main.css").read_bytes()
        rows = []
        for page in sorted(out.rglob("*.html")):
            html = page.read_bytes()
            raw = len(html) + len(css)
            packed = len(gzip.compress(html, 9, mtime=0)) + len(gzip.compress(css, 9, mtime=0))
            rows.append((page.relative_to(out).as_posix(), raw, packed))
        return {
            "pages": len(rows),
            "raw_median": statistics.median(r[1] for r in rows),
            "gzip_median": statistics.median(r[2] for r in rows),
            "gzip_max": max(r[2] for r in rows),
            "largest": max(rows, key=lambda r: r[2])[0],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def table(results: dict[int, dict]) -> str:
    lines = [
        "| Pages | Stage | Wall time (s) | ms/page | Peak memory (MB) |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    names = {
        "a_plain_pelican": "a. plain Pelican (no plugins, default theme, Typogrify)",
        "b_our_build": "b. our make html (plugins, theme, search index)",
        "c_warm_rebuild": "c. warm rebuild, one page touched (content cache)",
        "d_our_checks": "d. our site checks (sitecheck, no vnu)",
        "d2_html_validity": "d2. HTML validity (vnu.jar, once)",
        "e_lychee": "e. lychee --offline (internal links)",
    }
    for figures in results.values():
        count = figures["pages"]
        for key, name in names.items():
            if key not in figures:
                lines.append(f"| {count:,} | {name} | not run | | |")
                continue
            stage = figures[key]
            ms = 1000 * stage["seconds"] / count
            lines.append(
                f"| {count:,} | {name} | {stage['seconds']:.2f} | {ms:.2f} | {stage['peak_mb']} |"
            )
    lines += ["", "| Pages | (b)/(a) | (d)/(e) | Broken links found: ours / lychee / planted |"]
    lines.append("| ---: | ---: | ---: | --- |")
    for figures in results.values():
        b_a = figures["b_our_build"]["seconds"] / figures["a_plain_pelican"]["seconds"]
        d_e = (
            f"{figures['d_our_checks']['seconds'] / figures['e_lychee']['seconds']:.2f}"
            if "e_lychee" in figures
            else "n/a"
        )
        found = figures["found"]
        lines.append(
            f"| {figures['pages']:,} | {b_a:.2f} | {d_e} | "
            f"{found['ours']} / {found['lychee']} / {found['planted']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    results = {}
    for size in sizes:
        print(f"measuring {size:,} pages…", file=sys.stderr, flush=True)
        results[size] = measure_size(size, arguments.repeat)
    payload = payload_of_the_real_site()
    print(table(results))
    print(
        f"\nReal site: {payload['pages']} pages; HTML + CSS per page: median "
        f"{payload['raw_median']:,.0f} B raw, {payload['gzip_median']:,.0f} B gzip; largest "
        f"{payload['gzip_max']:,} B gzip ({payload['largest']})."
    )
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for figures in results.values():
        for stage in figures.values():
            if isinstance(stage, dict):
                stage.pop("result", None)
    record = {"sizes": results, "real_site_payload": payload, "repeat": arguments.repeat}
    path = folder / f"bench-{stamp}.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"\nFigures saved in {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
