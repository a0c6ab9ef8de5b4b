"""The publish build behind a real nginx with deploy/nginx.conf (issue 8, item 3).

nginx (Debian's, with its brotli static module; .ci/run installs both) runs
on 127.0.0.1, on a free port, for the whole session, and is stopped at its
end whatever happens. A small nginx.conf written in a temporary folder
gives it what the deployment's own server block gives it (the port, the
folder to serve, files for its pid, logs and buffers) and includes
deploy/nginx.conf as it is, so the policy tested is the policy shipped.

Every request goes to 127.0.0.1; links to the production address
(https://guide.example.org) are asked of this server, and links to other
sites are never followed.
"""

from __future__ import annotations

import atexit
import contextlib
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PRODUCTION_SITEURL
from tests.hosting import HEADERS_FILE, SECURITY_HEADERS, cloudflare_headers
from tests.hosting import parse_headers_file as read_rules
from tests.sitebuild import ROOT

try:
    import brotli
except ImportError:  # checked where needed: a brotli answer is then only looked at, not opened
    brotli = None

NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
BROTLI_MODULE = "ngx_http_brotli_static_module.so"
HOST = "127.0.0.1"

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        NGINX is None,
        reason="needs nginx: apt-get install nginx libnginx-mod-http-brotli-static "
        "(.ci/run installs them)",
    ),
]


# ---------------------------------------------------------------- nginx, started once


def nginx_build_options() -> str:
    return subprocess.run([NGINX, "-V"], capture_output=True, text=True, check=False).stderr


def nginx_option(options: str, name: str, default: str) -> str:
    match = re.search(rf"--{name}=(\S+)", options)
    return match[1] if match else default


def wrapper_config(*, folder: Path, port: int, root: Path) -> str:
    """An nginx.conf around deploy/nginx.conf: the rest of what a deployment sets."""
    options = nginx_build_options()
    mime_types = Path(nginx_option(options, "conf-path", "/etc/nginx/nginx.conf")).with_name(
        "mime.types"
    )
    if not mime_types.is_file():
        pytest.skip(f"nginx's {mime_types} is missing (Debian's nginx-common installs it)")
    load = ""
    if "brotli" not in options:  # not built in: load Debian's module
        module = Path(nginx_option(options, "modules-path", "/usr/lib/nginx/modules"))
        if not (module / BROTLI_MODULE).is_file():
            pytest.skip(
                f"nginx has no brotli static module ({module / BROTLI_MODULE}): "
                "apt-get install libnginx-mod-http-brotli-static (.ci/run installs it)"
            )
        load = f"load_module {module / BROTLI_MODULE};"
    # As root, nginx's workers would switch to `nobody`, who cannot read pytest's folders.
    user = "user root root;" if os.geteuid() == 0 else ""
    buffers = "\n    ".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
{load}
{user}
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    types_hash_max_size 2048;
    access_log {folder / "access.log"};
    {buffers}
    server {{
        listen {HOST}:{port};
        server_name localhost;
        root {root};
        include {ROOT / "deploy" / "nginx.conf"};
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=0.2).close()
        return True
    except OSError:
        return False


@dataclass
class Nginx:
    process: subprocess.Popen
    port: int
    folder: Path

    def stop(self) -> None:
        """Fast shutdown; after 5 s, kill nginx and its workers (its own process group)."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind, if any
        if self.process.poll() is None:
            self.process.wait(timeout=5)

    def log(self) -> str:
        log = self.folder / "error.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else "(no error log)"


def start_nginx(folder: Path, root: Path) -> Nginx:
    for _attempt in range(3):  # another program may take the free port first
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(wrapper_config(folder=folder, port=port, root=root), encoding="utf-8")
        command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            pytest.fail(f"nginx rejects deploy/nginx.conf:\n{check.stderr}", pytrace=False)
        with open(folder / "nginx.out", "wb") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        server = Nginx(process, port, folder)
        atexit.register(server.stop)  # in case pytest itself is stopped hard
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None and not answers(port):
            time.sleep(0.05)
        if process.poll() is None and answers(port):
            return server
        server.stop()
        if "Address already in use" not in server.log():
            break
    pytest.fail(f"nginx did not start:\n{server.log()}", pytrace=False)


@pytest.fixture(scope="session")
def nginx(published_site, tmp_path_factory):
    """nginx serving the publish build on 127.0.0.1, for the whole session."""
    server = start_nginx(tmp_path_factory.mktemp("nginx"), published_site.output)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return ", ".join(self.headers.get_all(name) or [])


def get(server: Nginx, path: str, accept_encoding: str | None = None) -> Answer:
    """GET `path` from the local nginx; `accept_encoding=None` sends no Accept-Encoding."""
    assert path.startswith("/"), path
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if accept_encoding is not None:
            connection.putheader("Accept-Encoding", accept_encoding)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


# ---------------------------------------------------------------- what the policy says


@pytest.fixture(scope="session")
def expected():
    """The policy headers `_headers` gives an address (the test_hosting tests prove
    deploy/nginx.conf and netlify.toml give the same)."""
    rules = read_rules(HEADERS_FILE.read_text(encoding="utf-8"))
    return lambda path: cloudflare_headers(rules, path)


def address_of(page: str) -> str:
    """The address of a built HTML file: about/index.html is /about/."""
    address = "/" + page
    return address.removesuffix("index.html")


def assert_policy_headers(answer: Answer, path: str, expected) -> None:
    for name, value in expected(path).items():
        assert answer.header(name) == value, (
            f"{path}: {name} is {answer.header(name)!r}, the policy says {value!r}"
        )


# ---------------------------------------------------------------- status codes and the 404 page


def test_every_page_answers_200(nginx, published_site):
    wrong = []
    for page in published_site.pages:
        if page == "404.html":
            continue
        answer = get(nginx, address_of(page))
        if answer.status != 200 or not answer.header("Content-Type").startswith("text/html"):
            wrong.append(f"{page}: {answer.status} {answer.header('Content-Type')}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", ["/no-such-page/", "/no-such-file.css", "/pagefind/", "/_headers"])
def test_a_missing_page_gets_the_custom_404_page(nginx, published_site, expected, path):
    answer = get(nginx, path)
    assert answer.status == 404, f"{path}: {answer.status}"
    assert answer.header("Content-Type").startswith("text/html")
    assert answer.body == (published_site.output / "404.html").read_bytes(), (
        f"{path}: the 404 answer is not the site's 404.html"
    )
    assert_policy_headers(answer, "/no-such-page/", expected)


def test_a_folder_address_without_its_slash_is_sent_to_it(nginx):
    answer = get(nginx, "/about")
    assert answer.status == 301
    assert answer.header("Location") == "/about/"


# ---------------------------------------------------------------- headers


SAMPLES = {
    "page": "/",
    "topic page": "/side-effects/",
    "404 page": "/no-such-page/",
    "stylesheet": "/theme/css/main.css",
    "search script": "/theme/js/search.js",
    "pagefind script": "/pagefind/pagefind.js",
    "feed": "/feeds/updates.atom.xml",
}


@pytest.mark.parametrize("path", SAMPLES.values(), ids=SAMPLES.keys())
def test_every_security_header_on_pages_and_assets(nginx, expected, path):
    answer = get(nginx, path)
    assert answer.status in (200, 404)
    for name in SECURITY_HEADERS:
        assert answer.header(name), f"{path}: no {name}"
    assert_policy_headers(answer, path, expected)
    assert "nginx/" not in answer.header("Server"), "nginx tells its version"


def fingerprinted_files(output: Path) -> list[str]:
    pagefind = output / "pagefind"
    files = [
        *sorted((pagefind / "fragment").glob("*.pf_fragment"))[:1],
        *sorted((pagefind / "index").glob("*.pf_index"))[:1],
        *sorted(pagefind.glob("pagefind.*.pf_meta"))[:1],
    ]
    assert len(files) == 3, f"Pagefind's fingerprinted files are missing: {files}"
    return ["/" + file.relative_to(output).as_posix() for file in files]


def test_cache_headers_for_each_kind_of_file(nginx, published_site, expected):
    revalidated = ["/", "/side-effects/", "/no-such-page/", "/theme/css/main.css"]
    revalidated += ["/pagefind/pagefind.js", "/pagefind/pagefind-entry.json"]
    for path in revalidated:
        answer = get(nginx, path)
        assert answer.header("Cache-Control") == "no-cache", path
        assert answer.status == 404 or answer.header("ETag") or answer.header("Last-Modified"), (
            f"{path}: nothing to revalidate with"
        )
    for path in fingerprinted_files(published_site.output):
        answer = get(nginx, path)
        assert answer.status == 200, path
        assert answer.header("Cache-Control") == "public, max-age=31536000, immutable", path
        assert_policy_headers(answer, path, expected)


# ---------------------------------------------------------------- compression


COMPRESSIBLE = {"home page": "/", "stylesheet": "/theme/css/main.css"}
COMPRESSIBLE["search ui"] = "/pagefind/pagefind-ui.js"


def on_disk(output: Path, path: str) -> Path:
    file = output / path.lstrip("/")
    return file / "index.html" if path.endswith("/") else file


@pytest.mark.parametrize("path", COMPRESSIBLE.values(), ids=COMPRESSIBLE.keys())
def test_no_accept_encoding_gets_the_file_as_it_is(nginx, published_site, path):
    for accept in (None, "identity"):
        answer = get(nginx, path, accept)
        assert answer.status == 200
        assert answer.header("Content-Encoding") in ("", "identity"), (path, accept)
        assert answer.body == on_disk(published_site.output, path).read_bytes()
        assert "accept-encoding" in answer.header("Vary").lower(), f"{path}: no Vary"


@pytest.mark.parametrize("path", COMPRESSIBLE.values(), ids=COMPRESSIBLE.keys())
def test_gzip_is_sent_to_browsers_that_accept_it(nginx, published_site, path):
    file = on_disk(published_site.output, path)
    answer = get(nginx, path, "gzip")
    assert answer.status == 200
    assert answer.header("Content-Encoding") == "gzip", path
    assert "accept-encoding" in answer.header("Vary").lower(), f"{path}: no Vary"
    assert gzip.decompress(answer.body) == file.read_bytes()
    precompressed = file.with_name(file.name + ".gz")
    if precompressed.exists():  # gzip_static: the file make publish wrote, not a new one
        assert answer.body == precompressed.read_bytes(), f"{path}: not the .gz file"


@pytest.mark.parametrize("path", COMPRESSIBLE.values(), ids=COMPRESSIBLE.keys())
def test_brotli_is_sent_to_browsers_that_accept_it(nginx, published_site, path):
    file = on_disk(published_site.output, path)
    precompressed = file.with_name(file.name + ".br")
    assert precompressed.exists(), (
        f"{path}: no {precompressed.name} in the publish build. nginx sends brotli only "
        "from the .br files `make publish` writes beside each text file (brotli_static; "
        "issue 8, item 1)"
    )
    for accept in ("br", "gzip, deflate, br"):
        answer = get(nginx, path, accept)
        assert answer.status == 200
        assert answer.header("Content-Encoding") == "br", (path, accept)
        assert "accept-encoding" in answer.header("Vary").lower(), f"{path}: no Vary"
        assert answer.body == precompressed.read_bytes()
    if brotli is not None:
        assert brotli.decompress(answer.body) == file.read_bytes(), f"{path}: .br is stale"


# ---------------------------------------------------------------- the whole site, over HTTP


LINKING_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
XML_LINK = re.compile(r"""<loc>\s*([^<\s]+)\s*</loc>|<link\b[^>]*\bhref=["']([^"']+)""")
ROBOTS_SITEMAP = re.compile(r"^Sitemap:\s*(\S+)", re.MULTILINE)


def local_path(base: str, reference: str) -> str | None:
    """The path on this server that `reference` (on page `base`) leads to, or None
    for another site, an e-mail address or a link within the same page."""
    reference = reference.strip()
    if not reference or reference.startswith(("#", "mailto:", "tel:", "data:")):
        return None
    target = urlsplit(urljoin(PRODUCTION_SITEURL + base, reference))
    production = urlsplit(PRODUCTION_SITEURL)
    if (target.scheme, target.netloc) != (production.scheme, production.netloc):
        return None  # another site (or http://): never asked from here
    return target.path or "/"


def links_in(path: str, answer: Answer) -> list[str]:
    kind = answer.header("Content-Type")
    text = answer.body.decode("utf-8", errors="replace")
    if kind.startswith("text/html"):
        page = BeautifulSoup(text, "html.parser")
        found = [
            element.get(attribute, "")
            for name, attribute in LINKING_ATTRIBUTES.items()
            for element in page.find_all(name)
        ]
    elif kind.startswith("text/css"):
        found = CSS_URL.findall(text)
    elif kind.startswith(("text/xml", "application/xml", "application/atom+xml")):
        found = XML_LINK.findall(text)  # the sitemap's <loc>, the feed's <link href>
        found = [loc or href for loc, href in found]
    elif path == "/robots.txt":
        found = ROBOTS_SITEMAP.findall(text)
    else:
        return []
    return [target for target in (local_path(path, link) for link in found) if target]


def test_crawling_the_site_over_http_finds_no_broken_link(nginx, published_site, expected):
    # From the home page, and from robots.txt as crawlers start (it names the sitemap).
    queue = deque(["/", "/robots.txt"])
    seen = {"/": "the start", "/robots.txt": "the start"}
    broken, missing_headers = [], []
    while queue:
        path = queue.popleft()
        answer = get(nginx, path)
        if answer.status != 200:
            broken.append(f"{path} (linked from {seen[path]}): {answer.status}")
            continue
        if any(answer.header(name) != value for name, value in expected(path).items()):
            missing_headers.append(path)
        for target in links_in(path, answer):
            if target not in seen:
                seen[target] = path
                queue.append(target)
    assert not broken, "broken links:\n" + "\n".join(broken)
    assert not missing_headers, "answers without the policy's headers:\n" + "\n".join(
        missing_headers
    )
    pages = {address_of(page) for page in published_site.pages}
    unreached = sorted(pages - set(seen) - {"/404.html"})
    assert not unreached, "pages no link leads to:\n" + "\n".join(unreached)
    assert len(seen) > len(pages), "the crawl found no stylesheet or script"


# ---------------------------------------------------------------- the policy in a real browser


@pytest.mark.browser
def test_every_page_and_search_work_in_chromium_under_the_policy(nginx, published_site, browser):
    """Chromium enforces the Content-Security-Policy nginx sends: no page, and no
    search (Pagefind's script and WebAssembly), may trip it or log an error."""
    addresses = [address_of(name) for name in published_site.pages] + ["/search/?q=ketamine"]
    problems = read_in_chromium(browser, nginx, addresses)
    assert not problems, "\n".join(problems)


def read_in_chromium(browser, server: Nginx, addresses: list[str]) -> list[str]:
    """Open each address at the production address, answered by the local nginx with
    its headers; return console errors and warnings (CSP violations are errors)."""
    production = urlsplit(PRODUCTION_SITEURL)
    problems: list[str] = []

    def answer_from_nginx(route) -> None:
        url = urlsplit(route.request.url)
        if (url.scheme, url.netloc) != (production.scheme, production.netloc):
            problems.append(f"asked another site: {route.request.url}")
            route.abort("blockedbyclient")
            return
        answer = get(server, url.path + (f"?{url.query}" if url.query else ""))
        hop_by_hop = {"connection", "transfer-encoding", "content-length"}
        headers = {
            name: value for name, value in answer.headers.items() if name.lower() not in hop_by_hop
        }
        route.fulfill(status=answer.status, headers=headers, body=answer.body)

    context = browser.new_context()
    try:
        context.route("**/*", answer_from_nginx)
        page = context.new_page()

        def on_console(message) -> None:
            if message.type in ("error", "warning"):
                problems.append(f"{page.url}: {message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        # A page's own styles and scripts are fetched before its load event, and a
        # blocked one is reported as it is blocked: "load" is enough. Only the search
        # fetches later (Pagefind's index and WebAssembly), so it is the last address
        # and is waited on until its results show and the network is quiet.
        for address in addresses:
            page.goto(PRODUCTION_SITEURL + address, wait_until="load")
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return problems
