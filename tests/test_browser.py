"""The built site in a real browser (issue 8, item 4): accessibility, keyboard,
search, small screens, print, dark mode, privacy, and screenshots for review.

One Chromium (Debian's, through Playwright; see tests/browsing.py) serves the
whole file; each kind of reader is one browser context, reused by the tests:
a desktop window, a 320 px phone, a desktop in dark mode, and the production
build (`make publish`) read at its real address, answered from 127.0.0.1.
Every page of the build is visited, plus the search page showing results.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WCAG_22_AA,
    Reader,
    address,
    axe_problems,
    served,
)
from tests.conftest import PRODUCTION_SITEURL
from tests.sitebuild import ROOT, a_word_only_on

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright for Python (pip install -r requirements.txt)"
)
axe_playwright = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="needs axe-playwright-python (pip install -r requirements.txt)",
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)"),
]

SCREENSHOTS = ROOT / "tests" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
SEARCHED_PAGE = "side-effects/index.html"  # the page a search for one of its own words finds
PAGE_TYPES = {  # screenshot name: built file (the search page is shown with results)
    "home": "index.html",
    "topic": "side-effects/index.html",
    "faq": "faq/index.html",
    "faq-topic": "faq/treatment/index.html",
    "glossary": "glossary/index.html",
    "search-results": "search/index.html",
    "404": "404.html",
}


# ---------------------------------------------------------------- the browser and the readers


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def local_site(site):
    with served(site.output) as base:
        yield base


@pytest.fixture(scope="session")
def local_published_site(published_site):
    with served(published_site.output) as base:
        yield base


@pytest.fixture(scope="module")
def reader_factory(browser):
    readers: list[Reader] = []

    def make(base: str, **options) -> Reader:
        readers.append(Reader(browser, base, **options))
        return readers[-1]

    yield make
    for reader in readers:
        reader.close()


@pytest.fixture(scope="module")
def desktop(reader_factory, local_site) -> Reader:
    return reader_factory(local_site, viewport=DESKTOP)


@pytest.fixture(scope="module")
def phone(reader_factory, local_site) -> Reader:
    return reader_factory(local_site, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture(scope="module")
def dark(reader_factory, local_site) -> Reader:
    return reader_factory(local_site, viewport=DESKTOP, color_scheme="dark")


@pytest.fixture(scope="module")
def production(reader_factory, local_published_site) -> Reader:
    return reader_factory(local_published_site, production=PRODUCTION_SITEURL, viewport=DESKTOP)


@pytest.fixture(scope="module")
def search_path(site) -> str:
    return f"/search/?q={quote(a_word_only_on(site, SEARCHED_PAGE))}"


@pytest.fixture(scope="module")
def every_path(site, search_path) -> list[str]:
    """Every built page's address, and the search page with results."""
    return [address(name) for name in site.pages] + [search_path]


@pytest.fixture(scope="module")
def axe():
    return axe_playwright.Axe()


# ---------------------------------------------------------------- accessibility


def test_every_page_meets_wcag_2_2_aa(desktop, every_path, axe):
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    page = desktop.open("/")
    problems = []
    for path in every_path:
        desktop.visit(page, path)
        problems += axe_problems(axe, page, options)
    page.close()
    assert not problems, f"{len(problems)} axe-core violations:\n" + "\n".join(problems)


def test_dark_mode_keeps_aa_contrast_on_every_page(dark, every_path, axe):
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    page = dark.open("/")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background != "rgb(255, 255, 255)", "dark mode did not apply: the page is white"
    problems = []
    for path in every_path:
        dark.visit(page, path)
        problems += axe_problems(axe, page, options)
    page.close()
    assert not problems, "contrast too low in dark mode:\n" + "\n".join(problems)


# ---------------------------------------------------------------- keyboard

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
          left: el.getBoundingClientRect().left, top: el.getBoundingClientRect().top,
          width: el.getBoundingClientRect().width};
}"""
FOCUS_AFTER_MAIN = """() => {
  const main = document.querySelector('main');
  const el = document.activeElement;
  return el !== main && !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(desktop, site):
    page = desktop.context.new_page()
    for name in site.pages:
        path = address(name)
        desktop.visit(page, path)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert first["tag"] == "a" and "app-skip-link" in first["cls"], f"{path}: {first}"
        # A focused skip link must be seen: on screen, not parked off to the left.
        assert first["left"] >= 0 and first["top"] >= 0 and first["width"] > 1, f"{path}: {first}"
        page.keyboard.press("Enter")
        focused = page.evaluate(FOCUSED)
        assert focused["tag"] == "main" and focused["id"] == "main-content", f"{path}: {focused}"
        # The next Tab goes on from the content, past the header and navigation.
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_AFTER_MAIN), f"{path}: Tab went back before <main>"
    page.close()


def test_faq_answer_opens_and_closes_with_enter_and_space(desktop):
    page = desktop.open("/faq/treatment/")
    for _ in range(200):  # reach the first question as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("no question (<summary>) can be reached with Tab on /faq/treatment/")
    details = page.evaluate_handle("document.activeElement.parentElement").as_element()
    answer = details.query_selector(".app-details__text")
    assert details.evaluate("d => d.open") is False and answer.is_hidden(), "answer open at first"
    for key in ("Enter", "Enter", "Space", "Space"):
        was_open = details.evaluate("d => d.open")
        page.keyboard.press(key)
        assert details.evaluate("d => d.open") is not was_open, f"{key} did not toggle the answer"
        assert answer.is_visible() is not was_open, f"{key}: the answer's visibility did not follow"
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY", f"{key} moved focus"
    page.close()


# ---------------------------------------------------------------- search


def test_search_lists_the_page_with_the_word(desktop, site, search_path):
    page = desktop.open(search_path)
    links = page.locator(".pagefind-ui__result-link")
    found = {
        link.inner_text().strip(): link.evaluate("a => new URL(a.href).pathname")
        for link in links.all()
    }
    title = site.pages[SEARCHED_PAGE].select_one("h1").get_text(" ", strip=True)
    assert found == {title: address(SEARCHED_PAGE)}, f"{search_path}: {found}"
    assert page.locator("#app-search-no-script").is_hidden()
    page.close()


# ---------------------------------------------------------------- small screens

OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  // Name what sticks out, leaving out what scrolls inside its own box (wide tables).
  const clipping = ['auto', 'scroll', 'hidden', 'clip'];
  const scrolls = el => clipping.includes(getComputedStyle(el).overflowX);
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right <= width + 0.5) continue;
    let up = el.parentElement, inside = false;
    for (; up && up !== document.body; up = up.parentElement) if (scrolls(up)) inside = true;
    if (!inside) wide.push(name(el) + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 5)};
}"""


def test_no_page_scrolls_sideways_at_320px(phone, every_path):
    page = phone.open("/")
    problems = []
    for path in every_path:
        phone.visit(page, path)
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(
                f"{path}: {overflow['scrollWidth']}px wide in a {overflow['clientWidth']}px"
                f" window; sticking out: {', '.join(overflow['wide'])}"
            )
    page.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- print

AFTER = "el => getComputedStyle(el, '::after').content"


def test_print_hides_navigation_and_shows_references_and_link_addresses(production):
    """On the production build, whose links are full addresses, as a printed page needs."""
    page = production.context.new_page()
    page.emulate_media(media="print")
    production.visit(page, "/side-effects/")
    for hidden in (".app-skip-link", ".app-search", ".app-nav", ".app-breadcrumb", ".app-contents"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    assert page.locator(".app-references").is_visible(), "the references are not printed"
    assert page.locator(".app-references__item").first.is_visible()
    link = page.locator(".app-prose a[href$='/treatment-course/']").first
    target = f"{PRODUCTION_SITEURL}/treatment-course/"
    assert link.get_attribute("href") == target
    # Chromium gives the ::after content with attr(href) resolved.
    assert link.evaluate(AFTER) == f'" ({target})"', "the link's address is not printed"
    # Reference entries show their addresses already: no second copy after each link.
    assert page.locator(".app-references a").first.evaluate(AFTER) in ("none", "normal")
    # Every FAQ answer is printed, opened or not.
    production.visit(page, "/faq/treatment/")
    assert page.locator("details:not([open]) .app-details__text").first.is_visible()
    page.close()


# ---------------------------------------------------------------- privacy and errors


def test_no_request_leaves_the_machine_and_no_console_errors(
    browser, local_site, local_published_site, every_path
):
    """Both builds, every page: only 127.0.0.1 is asked, and nothing logs an error.

    Routed readers block and record any other host; the unrouted one reads the
    development build as a reader's browser does, favicon request and all.
    """
    readers = [
        Reader(browser, local_site, viewport=DESKTOP),
        Reader(browser, local_published_site, production=PRODUCTION_SITEURL, viewport=DESKTOP),
        Reader(browser, local_site, routed=False, viewport=DESKTOP),
    ]
    try:
        for reader in readers:
            page = reader.open("/")
            # Chromium asks for the site's icon once, after the first page loads.
            page.wait_for_load_state("networkidle")
            for path in every_path:
                reader.visit(page, path)
            page.close()
    finally:
        for reader in readers:
            reader.close()
    offsite = sorted({line for reader in readers for line in reader.traffic.offsite})
    errors = sorted({line for reader in readers for line in reader.traffic.errors})
    assert not offsite, "requests to other hosts (blocked):\n" + "\n".join(offsite)
    assert not errors, "console errors:\n" + "\n".join(errors)


# ---------------------------------------------------------------- screenshots


def test_screenshots_of_each_page_type(desktop, phone, dark, search_path):
    """For a person to review (tests/screenshots/, not committed): each type of page,
    on a desktop, on a 320 px phone and in dark mode."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for reader, variant in ((desktop, "desktop"), (phone, "320px"), (dark, "dark")):
        page = reader.context.new_page()
        for kind, name in PAGE_TYPES.items():
            path = search_path if kind == "search-results" else address(name)
            reader.visit(page, path)
            file = SCREENSHOTS / f"{kind}-{variant}.png"
            page.screenshot(path=file, full_page=True)
            assert Path(file).stat().st_size > 1000, file
        page.close()
