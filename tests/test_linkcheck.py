"""`make linkcheck` against a local server: statuses, redirects, timeouts, cache, exclude list.

No test touches the internet. Every link points at a server on 127.0.0.1,
started here on a free port, that answers 200, 301, 404, 500 and, at /slow,
later than the test's timeout. Each test writes a tiny page and runs
`make linkcheck` on it with LINKCHECK_BUILD= (check that page; do not build
the site), a config merged over lychee.toml (a 1 s timeout, one retry, and
`localhost` in the exclude list) and a cache folder of its own.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, run_make

SLOW_SECONDS = 4  # /slow answers this late; the tests' lychee gives up after 1 s


class LocalSite:
    """A server on 127.0.0.1 that counts the requests for each (host, path)."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str, host: str = "127.0.0.1") -> int:
        with self.lock:
            return self.hits[(host, path)]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                with site.lock:
                    site.hits[(host, self.path)] += 1
                if self.path == "/slow":
                    site.stopping.wait(SLOW_SECONDS)
                code, headers = {
                    "/ok": (200, {}),
                    "/slow": (200, {}),
                    "/moved": (301, {"Location": "/ok"}),
                    "/missing": (404, {}),
                    "/error": (500, {}),
                }.get(self.path, (404, {}))
                body = b"<!doctype html><title>t</title><p>page</p>"
                try:
                    self.send_response(code)
                    for name, value in {**headers, "Content-Type": "text/html"}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the checker gave up on /slow, as it should

            do_HEAD = do_GET

            def log_message(self, *args) -> None:
                pass

        return Handler


@pytest.fixture(scope="module")
def site():
    local = LocalSite()
    local.thread.start()
    try:
        yield local
    finally:
        local.stopping.set()
        local.server.shutdown()
        local.server.server_close()
        local.thread.join(timeout=5)


def write_page(folder: Path, urls: list[str]) -> Path:
    """A built-site stand-in: one HTML page linking to each URL, one per line."""
    output = folder / "output"
    output.mkdir(parents=True)
    links = "\n".join(f'<p><a href="{url}">link {n}</a></p>' for n, url in enumerate(urls))
    (output / "index.html").write_text(
        "<!doctype html>\n<html lang=en><title>Links</title>\n"
        '<p><a href="privacy/">an internal link</a> <a href="/faq/">another</a></p>\n'
        f"{links}\n</html>\n",
        encoding="utf-8",
    )
    return output


def linkcheck(folder: Path, output: Path, cache: Path, content: Path | None = None):
    """Run `make linkcheck` on OUTPUT as the tests configure it (see the module docstring)."""
    overlay = folder / "test-lychee.toml"
    overlay.write_text(
        "timeout = 1\nmax_retries = 1\nretry_wait_time = 0\n"
        "exclude = ['^https?://localhost[:/]']\n",
        encoding="utf-8",
    )
    options = ["--config", str(overlay), "--cache-dir", str(cache)]
    content = content or folder / "content"
    content.mkdir(exist_ok=True)
    return run_make(
        "linkcheck",
        content=content,
        output=output,
        env={
            "LINKCHECK_BUILD": "",
            "LINKCHECKOPTS": shlex.join(options),
            "NO_PROXY": "127.0.0.1,localhost",  # a proxy set for the machine must not get these
            "no_proxy": "127.0.0.1,localhost",
        },
    )


def line_naming(report: str, url: str) -> str:
    """The report's line about URL, with its indented "on PAGES" line if it has one."""
    lines = report.splitlines()
    for number, line in enumerate(lines):
        if url + " " in line and not line.startswith(" "):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            return line + ("\n" + following if following.startswith("    on ") else "")
    raise AssertionError(f"the report does not name {url}:\n{report}")


@pytest.fixture(scope="module")
def first_run(site, tmp_path_factory):
    """One run over a page with every kind of link; several tests read its report."""
    folder = tmp_path_factory.mktemp("linkcheck")
    urls = ["/ok", "/moved", "/missing", "/error", "/slow"]
    output = write_page(folder, [site.url(u) for u in urls] + [site.url("/ok", "localhost")])
    (output / "about").mkdir()
    (output / "about" / "index.html").write_text(
        f'<!doctype html>\n<a href="{site.url("/missing")}">again</a>\n'
        f'<a href="{site.url("/moved")}">and again</a>\n',
        encoding="utf-8",
    )
    content = folder / "content"
    content.mkdir()
    (content / "references.yaml").write_text(
        f"- id: gone\n  title: A page that is gone\n  URL: {site.url('/missing')}\n",
        encoding="utf-8",
    )
    cache = folder / "cache"
    hits_before = Counter(site.hits)
    result = linkcheck(folder, output, cache, content)
    return folder, output, cache, result, Counter(site.hits) - hits_before


def test_broken_links_fail_the_run(first_run):
    result = first_run[3]
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/missing", "404 Not Found"),
        ("/error", "500 Internal Server Error"),
        ("/slow", "timed out"),
    ],
)
def test_each_broken_link_is_named_with_its_page_and_status(first_run, site, path, status):
    output, result = first_run[1], first_run[3]
    text = line_naming(result.stdout, site.url(path))
    assert f"broken link {site.url(path)} ({status}) — " in text
    assert f"{output / 'index.html'}:" in text  # the page, with the line of the link


def test_a_broken_link_names_the_content_file_that_holds_it(first_run, site):
    output, result = first_run[1], first_run[3]
    text = line_naming(result.stdout, site.url("/missing"))
    assert text.split(": ", 1)[0].endswith("content/references.yaml:3"), text
    assert f"\n    on {output / 'about' / 'index.html'}:2, {output / 'index.html'}:6" in text


def test_a_link_on_several_pages_is_reported_once_with_every_page(first_run, site):
    output, result = first_run[1], first_run[3]
    assert result.stdout.count(f"broken link {site.url('/missing')} ") == 1
    redirect = line_naming(result.stdout, site.url("/moved"))
    assert f"on {output / 'about' / 'index.html'}:3, {output / 'index.html'}:5" in redirect
    assert "(0 of them from the cache)" in result.stdout


def test_working_links_are_not_reported(first_run, site):
    result = first_run[3]
    assert f"{site.url('/ok')} " not in result.stdout
    assert "2 working (0 of them from the cache)" in result.stdout  # /ok, and /moved


def test_a_redirect_is_followed_and_reported_but_not_broken(first_run, site):
    result, hits = first_run[3], first_run[4]
    line = line_naming(result.stdout, site.url("/moved"))
    assert f"{site.url('/moved')} redirects (301 {site.url('/ok')})" in line
    assert "broken" not in line
    assert hits[("127.0.0.1", "/ok")] >= 1


def test_a_timeout_is_retried(first_run):
    hits = first_run[4]
    assert hits[("127.0.0.1", "/slow")] == 2  # once, then once more (max_retries = 1)


def test_an_excluded_host_is_skipped_and_listed(first_run, site):
    result, hits = first_run[3], first_run[4]
    assert hits[("localhost", "/ok")] == 0
    skipped = result.stdout.split("Not checked:", 1)[1]
    assert site.url("/ok", "localhost") in skipped
    assert "1 not checked" in result.stdout


def test_internal_links_are_left_to_make_check(first_run):
    result = first_run[3]
    assert "privacy" not in result.stdout and "/faq/" not in result.stdout
    assert "file://" not in result.stdout + result.stderr
    assert "3 broken" in result.stdout


def test_a_second_run_answers_working_links_from_the_cache(first_run, site):
    folder, output, cache, _, _ = first_run
    assert (cache / ".lycheecache").is_file()
    assert not (ROOT / ".lycheecache").exists() or "127.0.0.1" not in (
        ROOT / ".lycheecache"
    ).read_text(encoding="utf-8")
    ok_before = site.count("/ok")
    missing_before = site.count("/missing")
    again = linkcheck(folder, output, cache)
    assert again.returncode != 0
    assert site.count("/ok") == ok_before, "a cached link was asked again"
    assert site.count("/missing") == missing_before + 1, "a broken link must be checked every run"
    assert "2 of them from the cache" in again.stdout


def test_a_page_with_only_working_links_passes(site, tmp_path):
    output = write_page(tmp_path, [site.url("/ok"), site.url("/moved")])
    result = linkcheck(tmp_path, output, tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_missing_output_folder_says_what_to_do(tmp_path):
    result = linkcheck(tmp_path, tmp_path / "output", tmp_path / "cache")
    assert result.returncode != 0
    assert "run `make html` first" in result.stderr


def test_the_shipped_settings_ask_the_doi_system_and_skip_allowlisted_hosts(tmp_path):
    """lychee.toml as committed (lychee's --dump lists what it would request, offline)."""
    page = tmp_path / "page.html"
    page.write_text(
        '<a href="https://doi.org/10.1213/ANE.0000000000004185">a DOI</a>\n'
        '<a href="https://pubmed.ncbi.nlm.nih.gov/31082965/">PubMed</a>\n'
        '<a href="https://www.sciencedirect.com/science/article/pii/S1">ScienceDirect</a>\n'
        '<a href="mailto:editors@example.org">mail</a> <a href="../faq/">internal</a>\n',
        encoding="utf-8",
    )
    lychee = Path(sys.executable).parent / "lychee"  # installed beside the tests' python
    dump = subprocess.run(
        [str(lychee), "--config", str(ROOT / "lychee.toml"), "--dump", str(page)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.split()
    assert dump == [
        "https://doi.org/api/handles/10.1213/ANE.0000000000004185",
        "https://pubmed.ncbi.nlm.nih.gov/31082965/",
    ]
