"""A real browser on the built site: Debian's Chromium, driven by Playwright.

Why this module and not pytest-playwright: that plugin expects a browser that
Playwright downloads itself, and nothing may be downloaded here. We start the
Chromium that Debian installs (`.ci/run` installs it) with `executable_path`,
headless, with a fresh profile (Playwright's own temporary one) and with
every background service that would reach the internet turned off.

The site is served over HTTP from 127.0.0.1 (Pagefind fetches its index, so
file:// addresses cannot do). Every request the browser makes passes through
a `Reader`, which lets through only the local server (and a production address
that it serves from the local server) and records everything else; it also
records console errors and uncaught script errors, so a test can say "none"
(see `Reader`).
axe-core comes bundled in axe-playwright-python (its `axe.min.js`).
HTML_CodeSniffer, run beside it because it finds faults axe-core passes
(link colours on coloured card headings, for one), comes from npm: `make test`
installs it (package.json) before the tests run.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

from tests.sitebuild import a_word_only_on

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).is_file()), None
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
# axe-core's tags for WCAG 2.2 level A and AA (2.0, 2.1 and 2.2 success criteria).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOST = "127.0.0.1"
HTMLCS = Path(__file__).resolve().parent.parent / "node_modules/html_codesniffer/build/HTMLCS.js"


def address(name: str) -> str:
    """The address of a built file: side-effects/index.html → /side-effects/."""
    return "/" + name.removesuffix("index.html")


def search_address(site, name: str = "side-effects/index.html") -> str:
    """The search page asked for a word that only the built page NAME has."""
    return f"/search/?q={quote(a_word_only_on(site, name))}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path, handler_class: type = QuietHandler) -> Iterator[str]:
    """Serve FOLDER on 127.0.0.1 at a free port; yield its base address, stop at the end."""
    handler = functools.partial(handler_class, directory=str(folder))
    httpd = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass
class Traffic:
    """What a browser context did that a reader's browser must not do."""

    offsite: list[str] = field(default_factory=list)  # requests to any other host, blocked
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


# A proxy that answers nothing: a context that is not routed sends other hosts' requests
# here (and fails them), while 127.0.0.1, its bypass, is asked directly.
DEAD_PROXY = {"server": f"http://{LOCAL_HOST}:9", "bypass": LOCAL_HOST}


class Reader:
    """One kind of reader (a browser context: window, colour scheme) on one served site.

    Every request is routed: only the local server answers, and with PRODUCTION
    (e.g. https://guide.example.org) the production build's absolute addresses
    are answered from the local server too, so a published site is read at its
    real address. A request to any other host is blocked and recorded, and so
    are console errors and uncaught script errors.

    `routed=False` is the reader's browser as it is: Chromium skips some requests
    (the /favicon.ico every browser asks for) when requests are routed, so this
    context is only watched, and DEAD_PROXY stops other hosts' requests instead.
    """

    def __init__(self, browser, local: str, production: str | None = None, routed=True, **options):
        self.base = production or local
        self.traffic = Traffic()
        if not routed:
            options["proxy"] = DEAD_PROXY
        self.context = browser.new_context(**options)
        local_host = urlsplit(local).netloc
        production_host = urlsplit(production).netloc if production else None
        traffic = self.traffic

        def route(route) -> None:
            url = urlsplit(route.request.url)
            if url.netloc == local_host:
                route.continue_()
            elif url.netloc == production_host:
                path = url.path + (f"?{url.query}" if url.query else "")
                answer = self.context.request.get(local + path, fail_on_status_code=False)
                route.fulfill(response=answer)
            else:
                traffic.offsite.append(f"{route.request.frame.url}: asked {route.request.url}")
                route.abort("blockedbyclient")

        def request(request) -> None:
            url = urlsplit(request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.netloc != local_host:
                traffic.offsite.append(f"{request.frame.url}: asked {request.url}")

        def console(message) -> None:
            if message.type == "error":
                page = message.page.url if message.page else "?"
                source = message.location.get("url") or page
                traffic.errors.append(f"{page}: {message.text} ({source})")

        def uncaught(error) -> None:
            traffic.errors.append(f"{error.page.url if error.page else '?'}: {error.error}")

        if routed:
            self.context.route("**/*", route)
        else:
            self.context.on("request", request)
        self.context.on("console", console)
        self.context.on("weberror", uncaught)

    def open(self, path: str):
        """A new tab showing PATH, loaded; on the search page, with its results shown."""
        page = self.context.new_page()
        self.visit(page, path)
        return page

    def visit(self, page, path: str) -> None:
        page.goto(self.base + path)
        if path.startswith("/search/?q="):
            wait_for_search(page)

    def close(self) -> None:
        self.context.close()


def wait_for_search(page) -> None:
    """Wait until the search page shows its results, or says there are none."""
    page.wait_for_function(
        "document.querySelector('.pagefind-ui__result-link')"
        " || /^No results/.test(document.querySelector('.pagefind-ui__message')"
        "?.textContent || '')"
    )
    page.wait_for_load_state("networkidle")


def axe_problems(axe, page, options: dict) -> list[str]:
    """Run axe-core on PAGE; one line per violation: page, rule, impact, first targets, help.

    axe-core is injected only when the page does not have it yet, so a second run on
    the same loaded page (say, after switching to the dark scheme) costs only the run.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    response = page.evaluate(
        "options => axe.run(document, options)", {**options, "resultTypes": ["violations"]}
    )
    where = urlsplit(page.url)
    name = where.path + (f"?{where.query}" if where.query else "")
    problems = []
    for violation in response["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        more = len(targets) - 3
        shown = ", ".join(targets[:3]) + (f" (+{more} more)" if more > 0 else "")
        problems.append(
            f"{name}: {violation['id']} ({violation['impact']}) at {shown} — {violation['help']}"
        )
    return problems


HTMLCS_ERRORS = """() => new Promise(resolve => HTMLCS.process('WCAG2AA', document, () => resolve(
  HTMLCS.getMessages().filter(message => message.type === HTMLCS.ERROR).map(message => ({
    code: message.code.split('.').slice(-2).join('.'),
    text: message.msg.slice(0, 100),
    element: (message.element.outerHTML || String(message.element)).slice(0, 80),
  }))
)))"""


def htmlcs_problems(page, where: str) -> list[str]:
    """Run HTML_CodeSniffer's WCAG 2.x AA errors on PAGE (injected once per
    loaded page); one line per error: page, `where` (width and scheme), code."""
    if not page.evaluate("typeof window.HTMLCS === 'object'"):
        page.evaluate(HTMLCS.read_text(encoding="utf-8"))
    path = urlsplit(page.url).path
    return [
        f"{path} ({where}): {error['code']} at {error['element']} — {error['text']}"
        for error in page.evaluate(HTMLCS_ERRORS)
    ]
