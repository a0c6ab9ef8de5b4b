"""`make bench`: what building and checking cost, beside plain Pelican and lychee.

    python -m bench.run [--sizes 100,1000,5000] [--repeat 3]

For each size, a synthetic site shaped like ours (bench/synthetic_site.py:
headings, 10 citations and 5 internal links a page, one FAQ entry per ten
pages, a shared bibliography) is written to a temporary folder, and these
are timed in one run so the figures compare:

  a. plain Pelican 4.12: no plugins, its default theme (pages not listed in
     its menu), Typogrify on as ours is;
  b. our full `make html` (plugins, theme, search index), run again and
     again as an editor runs it: each writes over the build before last, as
     plain Pelican writes over its last output;
  c. a warm rebuild after an edit to one page's text, with the content cache on,
     beside a cold build each time (from nothing: no cache, no earlier build
     to write over), for the warm ÷ cold ratio;
  d. our site checks (`python -m sitecheck`, without the Nu Html Checker,
     which is timed on its own as d2);
  e. a standard link checker, lychee (--offline: internal links only), on the
     same output, where both must find the same broken links (five are
     planted in the output first).

Each timing is the median of --repeat runs. (a) and (b), (c) and a cold
build, and (d) and (e), run in turn (b, a, b, a, …), so a machine whose speed drifts slows both
alike, and their ratio is the median of the pair-by-pair ratios. So is the
growth from 1,000 to 5,000 pages: once both sizes are measured, our build
(b) and our checks (d) run again on each size in turn, for the ratio of
their ms/page (the sizes are minutes apart, and the machine's speed was
seen to drift by a third in that time). Peak memory
is the largest resident size of one process in the tree (GNU time, where
/usr/bin/time exists). It also measures what a reader downloads for each page
of the real site (HTML + CSS, raw and gzip). Prints two Markdown tables (the
build, the checks) and one line per goal of the performance issue, met or
not met with its figures; writes the figures as JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
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


def paired(
    label: str,
    ours: list[str],
    theirs: list[str],
    repeat: int,
    expected=(0,),
    cwd=(None, None),
    before=(None, None),
) -> tuple:
    """Time two commands in turn (ours, theirs, ours, …), so a machine whose speed
    drifts during the bench slows both alike; the ratio is the median of the
    pair-by-pair ratios. `cwd` is each one's folder; `before` runs, untimed,
    before each of ours and each of theirs. Returns (our stage, their stage, ratio)."""
    a, b, ratios = [], [], []
    for _ in range(repeat):
        a.append(timed(label, ours, 1, before=before[0], expected=expected, cwd=cwd[0]))
        b.append(timed(label + " (beside)", theirs, 1, before=before[1], expected=expected,
                       cwd=cwd[1]))  # fmt: skip
        ratios.append(a[-1]["seconds"] / b[-1]["seconds"])
    return _merged(a), _merged(b), statistics.median(ratios)


def _merged(runs: list[dict]) -> dict:
    peaks = [run["peak_mb"] for run in runs if run["peak_mb"]]
    return {
        "seconds": statistics.median(run["seconds"] for run in runs),
        "peak_mb": max(peaks) if peaks else None,
        "result": runs[-1]["result"],
    }


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


def edit_text(page: Path, number: int) -> None:
    """An editor's edit: a page's last sentence, changed (not only touched)."""
    text = re.sub(r"\nEdit number \d+\.\n$", "", page.read_text(encoding="utf-8"))
    page.write_text(f"{text}\nEdit number {number}.\n", encoding="utf-8")


def remove_builds(output: Path) -> None:
    """OUTPUT and the earlier build `make html` keeps beside it to write over."""
    for folder in (output, output.with_name(output.name + ".old")):
        shutil.rmtree(folder, ignore_errors=True)


def plant_broken_links(output: Path) -> None:
    """Add PLANTED links to pages that do not exist, in as many pages."""
    pages = sorted(output.glob("page-*/index.html"))[:PLANTED]
    for number, page in enumerate(pages):
        text = page.read_text(encoding="utf-8")
        link = f'<p><a href="../no-such-page-{number}/">A missing page {number}</a></p>'
        page.write_text(text.replace("</main>", f"{link}</main>", 1), encoding="utf-8")


@dataclasses.dataclass
class Site:
    """A measured size's synthetic site, kept for the growth pairs."""

    pages: int
    content: Path
    output: Path  # our build, with the planted broken links


def checks(output: Path) -> list[str]:
    """Our site checks on OUTPUT, without the Nu Html Checker (timed on its own)."""
    return [str(VENV / "python"), "-m", "sitecheck", str(output), "--skip-validity"]


def measure_size(pages: int, repeat: int, folder: Path) -> tuple[dict, Site]:
    """Every stage at one size, in FOLDER (left for measure_growth)."""
    folder.mkdir(parents=True)
    content = write_site(pages, folder)
    pages_built = len(list((content / "pages").glob("*.md")))
    out_plain, out_ours, cache = folder / "plain", folder / "ours", folder / "cache"
    figures = {"pages": pages_built}
    plain = plain_pelican(content, out_plain, folder)
    ours = make("html", content, out_ours)
    figures["b_our_build"], figures["a_plain_pelican"], figures["build_ratio"] = paired(
        "make html", ours, plain, repeat
    )
    written = len(list(out_plain.rglob("*.html")))
    if written < pages_built:  # it once stopped at our FAQ page and was timed as fast
        raise SystemExit(f"plain Pelican wrote {written} of {pages_built} pages")
    cached = f"PELICANOPTS=-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true CACHE_PATH='\"{cache}\"'"
    timed("filling the cache", make("html", content, out_ours, cached), 1)
    edited = content / "pages" / "page-1.md"
    edits = itertools.count(1)
    # A cold build beside each warm one, for their ratio: from nothing, as in
    # a fresh clone (no content cache, and no earlier build to write over).
    cold_output = folder / "cold"
    figures["c_warm_rebuild"], _, figures["warm_share"] = paired(
        "warm rebuild",
        make("html", content, out_ours, cached),
        make("html", content, cold_output),
        repeat,
        before=(lambda: edit_text(edited, next(edits)), lambda: remove_builds(cold_output)),
    )
    plant_broken_links(out_ours)
    check = checks(out_ours)
    lychee = shutil.which("lychee", path=str(VENV)) or shutil.which("lychee")
    if lychee:
        theirs = [lychee, "--offline", "--no-progress", "--root-dir", str(out_ours),
                  "--index-files", "index.html", "--include-fragments",
                  f"{out_ours}/**/*.html"]  # fmt: skip
        figures["d_our_checks"], figures["e_lychee"], figures["check_ratio"] = paired(
            "sitecheck", check, theirs, repeat, expected=FOUND_PROBLEMS,
            cwd=(ROOT, folder),  # not ROOT for lychee: it would read our lychee.toml
        )  # fmt: skip
    else:
        figures["d_our_checks"] = timed(
            "sitecheck", check, repeat, expected=FOUND_PROBLEMS, cwd=ROOT
        )
    validity = [str(VENV / "python"), "-c", VALIDITY_ONLY, str(out_ours)]
    figures["d2_html_validity"] = timed("vnu", validity, 1, expected=FOUND_PROBLEMS, cwd=ROOT)
    report = figures["d_our_checks"]["result"].stdout
    figures["found"] = {
        "ours": count_ours(report),
        "ours_other": len(report.splitlines()) - count_ours(report),  # must be 0
        "lychee": count_lychee(figures["e_lychee"]["result"]) if lychee else None,
        "planted": PLANTED,
    }
    shutil.rmtree(out_plain, ignore_errors=True)  # measure_growth needs only ours
    remove_builds(cold_output)
    return figures, Site(pages_built, content, out_ours)


def measure_growth(small: Site, large: Site, repeat: int) -> dict:
    """How much more a page costs at LARGE than at SMALL, for our build and our
    checks, each size run in turn: LARGE's ms/page ÷ SMALL's, pair by pair."""
    per_page = small.pages / large.pages
    _, _, check_ratio = paired(
        "sitecheck (growth)", checks(large.output), checks(small.output), repeat,
        expected=FOUND_PROBLEMS, cwd=(ROOT, ROOT),
    )  # fmt: skip
    # Last: a build writes over the planted broken links.
    _, _, build_ratio = paired(
        "make html (growth)",
        make("html", large.content, large.output),
        make("html", small.content, small.output),
        repeat,
    )
    return {
        "sizes": [small.pages, large.pages],
        "b_our_build": build_ratio * per_page,
        "d_our_checks": check_ratio * per_page,
    }


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


def _ms(figures: dict, stage: str) -> float:
    return 1000 * figures[stage]["seconds"] / figures["pages"]


def tables(results: dict[int, dict]) -> str:
    """The build table and the checks table, one row per size."""
    lines = [
        "| Pages | plain Pelican (s) | our make html (s) | ours ÷ plain | ours ms/page "
        "| warm rebuild (s) | warm ÷ cold |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in results.values():
        warm = f["c_warm_rebuild"]["seconds"]
        lines.append(
            f"| {f['pages']:,} | {f['a_plain_pelican']['seconds']:.2f} "
            f"| {f['b_our_build']['seconds']:.2f} | {f['build_ratio']:.2f} "
            f"| {_ms(f, 'b_our_build'):.2f} | {warm:.2f} "
            f"| {f['warm_share']:.2f} |"
        )
    lines += [
        "",
        "| Pages | our checks ms/page | lychee --offline ms/page | ours ÷ lychee "
        "| our checks peak MB | lychee peak MB | HTML validity (vnu, one run) ms/page "
        "| broken links found: ours / lychee / planted | other problems |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for f in results.values():
        lychee = "e_lychee" in f
        found = f["found"]
        lines.append(
            f"| {f['pages']:,} | {_ms(f, 'd_our_checks'):.2f} "
            f"| {_ms(f, 'e_lychee') if lychee else float('nan'):.2f} "
            f"| {f.get('check_ratio', float('nan')):.2f} | {f['d_our_checks']['peak_mb']} "
            f"| {f['e_lychee']['peak_mb'] if lychee else 'n/a'} "
            f"| {_ms(f, 'd2_html_validity'):.2f} "
            f"| {found['ours']} / {found['lychee']} / {found['planted']} | {found['ours_other']} |"
        )
    return "\n".join(lines)


# Issue goals, checked on the sizes they name (a size not measured says so).
CHECKS_MS_PER_PAGE, CHECKS_PEAK_MB, BUILD_RATIO, WARM_SHARE, GROWTH = 1.0, 150, 1.6, 0.40, 0.15


def goals(results: dict[int, dict], growth: dict | None = None) -> list[str]:
    """One line per goal: met or not met, with the figures behind it (GROWTH:
    measure_growth's paired ratios, when 1,000 and 5,000 were both measured)."""
    large = [size for size in (1000, 5000) if size in results]
    lines = []

    def verdict(name: str, met: bool | None, figures: str) -> None:
        word = "not measured" if met is None else ("met" if met else "NOT MET")
        lines.append(f"- {name}: {word} ({figures})")

    per_page = {size: _ms(results[size], "d_our_checks") for size in large}
    verdict(
        f"checks ≤ {CHECKS_MS_PER_PAGE} ms/page at 1,000 and 5,000 pages",
        all(ms <= CHECKS_MS_PER_PAGE for ms in per_page.values()) if large else None,
        ", ".join(f"{ms:.2f} ms at {size:,}" for size, ms in per_page.items()) or "—",
    )
    ratios = {size: results[size].get("check_ratio") for size in large}
    exact = all(_found_exactly(results[size]) for size in large)
    verdict(
        "checks faster than lychee --offline, finding exactly the planted broken links",
        all(r is not None and r < 1 for r in ratios.values()) and exact if large else None,
        ", ".join(f"{r:.2f}× lychee at {size:,}" for size, r in ratios.items() if r)
        + ("; found exactly what was planted" if exact else "; found something else")
        if large
        else "—",
    )
    peak = results[5000]["d_our_checks"]["peak_mb"] if 5000 in results else None
    verdict(
        f"checks' peak memory ≤ {CHECKS_PEAK_MB} MB at 5,000 pages",
        None if peak is None else peak <= CHECKS_PEAK_MB,
        f"{peak} MB" if peak else "—",
    )
    builds = {size: results[size]["build_ratio"] for size in large}
    verdict(
        f"make html ≤ {BUILD_RATIO}× plain Pelican at 1,000 and 5,000 pages",
        all(r <= BUILD_RATIO for r in builds.values()) if large else None,
        ", ".join(f"{r:.2f}× at {size:,}" for size, r in builds.items()) or "—",
    )
    if 1000 in results:
        f = results[1000]
        share = f["warm_share"]
        verdict(f"warm rebuild ≤ {WARM_SHARE:.0%} of a cold build at 1,000", share <= WARM_SHARE,
                f"{share:.0%}")  # fmt: skip
    else:
        verdict(f"warm rebuild ≤ {WARM_SHARE:.0%} of a cold build at 1,000", None, "—")
    vnu = {size: _ms(results[size], "d2_html_validity") for size in results}
    verdict(
        "HTML validity: one run of the checker per build, cost reported",
        bool(vnu),
        ", ".join(f"{ms:.2f} ms/page at {size:,}" for size, ms in vnu.items()),
    )
    for stage, name in (("b_our_build", "build"), ("d_our_checks", "checks")):
        goal = f"{name}: ms/page at 5,000 within {GROWTH:.0%} of 1,000"
        if growth and 1000 in results and 5000 in results:
            small, big = _ms(results[1000], stage), _ms(results[5000], stage)
            verdict(goal, growth[stage] <= 1 + GROWTH,
                    f"{growth[stage] - 1:+.0%} run in turn; {small:.2f} → {big:.2f} ms/page "
                    "measured apart")  # fmt: skip
        else:
            verdict(goal, None, "—")
    return lines


def _found_exactly(figures: dict) -> bool:
    found = figures["found"]
    return found["ours"] == found["planted"] == found["lychee"] and found["ours_other"] == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    results, sites, growth = {}, {}, None
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for size in sizes:
            print(f"measuring {size:,} pages…", file=sys.stderr, flush=True)
            results[size], sites[size] = measure_size(
                size, arguments.repeat, Path(scratch) / str(size)
            )
        if 1000 in sites and 5000 in sites:
            print("measuring 1,000 and 5,000 pages in turn…", file=sys.stderr, flush=True)
            growth = measure_growth(sites[1000], sites[5000], arguments.repeat)
    payload = payload_of_the_real_site()
    print(tables(results))
    print("\nGoals:\n" + "\n".join(goals(results, growth)))
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
                stage.pop("result", None)  # the commands' whole output: not figures
    record = {
        "sizes": results,
        "growth_run_in_turn": growth,
        "real_site_payload": payload,
        "repeat": arguments.repeat,
    }
    path = folder / f"bench-{stamp}.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"\nFigures saved in {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
