"""The built site in a real browser (issue 8, item 4): accessibility, keyboard,
search, small screens, print, dark mode, privacy, and screenshots for review.

One Chromium (Debian's, through Playwright; see tests/browsing.py) serves the
whole file. Every page of the build, and the search page showing results, is
fetched once by `tour`, which reads it six ways (WCAG 2.2 AA, dark-mode
contrast, 320 px width, where the heading starts on a phone, keyboard,
requests and errors); the tests of those six assert on what it found. Other
tests use one browser context per kind of reader: a desktop window, a 320 px
phone, a desktop in dark mode, and the production build (`make publish`) read
at its real address, answered from 127.0.0.1.

The tour is made once per worker process, so this file's tests must run in
one: `make test` hands out whole files (`--dist loadfile`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HTMLCS,
    WCAG_22_AA,
    Reader,
    Traffic,
    address,
    axe_problems,
    htmlcs_problems,
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
TALL_PHONE = {"width": 390, "height": 844}
TITLE_WITHIN = 250  # px from the top of a 390 x 844 screen: the page's heading starts there
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


# ---------------------------------------------------------------- one visit per page

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
SMALL_TARGETS = """() => {
  // Links outside running text that WCAG 2.2 (2.5.8) wants at least 24 x 24 px.
  const small = [];
  for (const a of document.querySelectorAll('.app-heading-link, .app-references__backlink')) {
    const r = a.getBoundingClientRect();
    if (r.width > 0 && (r.width < 24 || r.height < 24))
      small.push(a.className + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
  }
  return small.slice(0, 3);
}"""
PINNED = """() => [...document.querySelectorAll('body *')]
  .filter(el => ['sticky', 'fixed'].includes(getComputedStyle(el).position))
  .slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))"""
WCAG_RULES = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
CONTRAST_RULE = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
# At 320 px, the AA rules whose result depends on the width (the rest are
# checked at 1,280 px); contrast at 320 px is HTML_CodeSniffer's, below.
NARROW_RULES = {
    "runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "target-size"]}
}


@dataclass
class Tour:
    """What one reader found on every page, each kind of problem in its own list."""

    wcag: list[str] = field(default_factory=list)  # axe-core, light scheme, every AA rule
    narrow: list[str] = field(default_factory=list)  # axe-core at 320 px, width-bound rules
    dark_background: str = ""  # the home page's background in the dark scheme
    dark_contrast: list[str] = field(default_factory=list)  # axe-core, dark scheme
    sideways: list[str] = field(default_factory=list)  # wider than a 320 px window
    title_low: list[str] = field(default_factory=list)  # heading too far down a phone
    small_targets: list[str] = field(default_factory=list)  # links under 24 x 24 px
    pinned: list[str] = field(default_factory=list)  # sticky or fixed: could hide focus
    htmlcs: list[str] = field(default_factory=list)  # HTML_CodeSniffer, 4 ways
    keyboard: list[str] = field(default_factory=list)  # the skip link and where Tab goes
    traffic: Traffic = field(default_factory=Traffic)  # other hosts asked, console errors


def title_too_low(page, path: str) -> list[str]:
    """On a phone, the page's own heading must come into view before the header
    fills the screen (the navigation folds behind "Menu")."""
    page.set_viewport_size(TALL_PHONE)
    top = page.evaluate("Math.round(document.querySelector('h1').getBoundingClientRect().top)")
    page.set_viewport_size(DESKTOP)
    if top <= TITLE_WITHIN:
        return []
    return [f"{path}: the heading starts {top}px down a 390 x 844 screen (at most {TITLE_WITHIN})"]


def every_width_and_scheme(page, check) -> list[str]:
    """CHECK(page, where) at 1,280 and 320 px, light and dark; back to light, 1,280."""
    problems = []
    for viewport, width in ((DESKTOP, "1280 px"), (PHONE, "320 px")):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            problems += check(page, f"{width}, {scheme}")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="light")
    return problems


def at_320px(page, path: str, axe) -> tuple[list[str], list[str]]:
    """At 320 px: what sticks out sideways, and axe-core's width-bound rules."""
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(OVERFLOW)
    narrow = axe_problems(axe, page, NARROW_RULES)
    page.set_viewport_size(DESKTOP)
    return sideways(overflow, path), narrow


def sideways(overflow, path: str) -> list[str]:
    if not overflow:
        return []
    wide = ", ".join(overflow["wide"])
    return [
        f"{path}: {overflow['scrollWidth']}px wide in a {overflow['clientWidth']}px"
        f" window; sticking out: {wide}"
    ]


def skip_link_problems(page, path: str) -> list[str]:
    """Tab from the top: the skip link comes first, is seen, and Enter moves focus to
    <main>, from where the next Tab goes on into the content."""
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    if first["tag"] != "a" or "app-skip-link" not in first["cls"]:
        return [f"{path}: the first Tab stop is not the skip link: {first}"]
    # A focused skip link must be seen: on screen, not parked off to the left.
    if first["left"] < 0 or first["top"] < 0 or first["width"] <= 1:
        return [f"{path}: the focused skip link is not on screen: {first}"]
    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED)
    if focused["tag"] != "main" or focused["id"] != "main-content":
        return [f"{path}: the skip link did not move focus to <main>: {focused}"]
    page.keyboard.press("Tab")
    if not page.evaluate(FOCUS_AFTER_MAIN):
        return [f"{path}: Tab after the skip link went back before <main>"]
    return []


@pytest.fixture(scope="module")
def tour(browser, local_site, every_path, axe) -> Tour:
    """Every page of the development build, each fetched once and read six ways.

    Loading a page costs more than looking at it again, so one visit does it all:
    axe-core on every WCAG 2.2 AA rule; the dark scheme switched on and contrast
    checked again (the page re-styles in place, axe-core stays injected); the
    window narrowed to 320 px, then set to a 390 x 844 phone, and widened back;
    then the keyboard, last, since it moves focus. The reader is not routed, so
    it asks for what a reader's browser asks for (the favicon too); requests to
    other hosts are recorded and fail.
    """
    reader = Reader(browser, local_site, routed=False, viewport=DESKTOP)
    found = Tour(traffic=reader.traffic)
    page = reader.open("/")
    page.wait_for_load_state("networkidle")  # Chromium asks for the icon after the first load
    page.emulate_media(color_scheme="dark")
    found.dark_background = page.evaluate(
        "getComputedStyle(document.documentElement).backgroundColor"
    )
    for path in every_path:
        page.emulate_media(color_scheme="light")
        reader.visit(page, path)
        found.wcag += axe_problems(axe, page, WCAG_RULES)
        found.small_targets += [f"{path}: {link}" for link in page.evaluate(SMALL_TARGETS)]
        found.pinned += [f"{path}: {element}" for element in page.evaluate(PINNED)]
        page.emulate_media(color_scheme="dark")
        found.dark_contrast += axe_problems(axe, page, CONTRAST_RULE)
        page.emulate_media(color_scheme="light")
        if HTMLCS.is_file():  # cheap enough for every width and scheme
            found.htmlcs += every_width_and_scheme(page, htmlcs_problems)
        wide, narrow = at_320px(page, path, axe)
        found.sideways += wide
        found.narrow += narrow
        found.title_low += title_too_low(page, path)
        found.keyboard += skip_link_problems(page, path)
    reader.close()
    return found


def test_every_page_meets_wcag_2_2_aa(tour):
    assert not tour.wcag, f"{len(tour.wcag)} axe-core violations:\n" + "\n".join(tour.wcag)


def test_html_codesniffer_finds_no_wcag_aa_error_at_either_width_or_scheme(tour):
    """HTML_CodeSniffer beside axe-core: it caught the link colour on coloured
    card headings that axe-core passed. Errors only (warnings and notices need a
    person's judgement), at 1,280 and 320 px, light and dark."""
    if not HTMLCS.is_file():
        pytest.skip(f"needs {HTMLCS.name}: make test installs it with npm ci (package.json)")
    assert not tour.htmlcs, f"{len(tour.htmlcs)} HTML_CodeSniffer errors:\n" + "\n".join(
        tour.htmlcs
    )


def test_at_320px_every_scrolling_box_takes_the_keyboard_and_targets_are_big_enough(tour):
    assert not tour.narrow, "axe-core at 320 px:\n" + "\n".join(tour.narrow)


def test_dark_mode_keeps_aa_contrast_on_every_page(tour):
    assert tour.dark_background != "rgb(255, 255, 255)", "dark mode did not apply: page is white"
    assert not tour.dark_contrast, "contrast too low in dark mode:\n" + "\n".join(
        tour.dark_contrast
    )


def test_no_page_scrolls_sideways_at_320px(tour):
    assert not tour.sideways, "\n".join(tour.sideways)


def test_small_links_outside_the_text_are_at_least_24_px_square(tour):
    assert not tour.small_targets, "\n".join(tour.small_targets)


def test_nothing_is_pinned_to_the_screen_to_hide_the_focused_element(tour):
    """WCAG 2.2, 2.4.11 Focus Not Obscured: with no sticky or fixed element,
    nothing can cover what has keyboard focus. A new one needs a test of its own."""
    assert not tour.pinned, "\n".join(tour.pinned)


def test_on_a_phone_the_page_heading_starts_near_the_top(tour):
    assert not tour.title_low, "\n".join(tour.title_low)


def test_on_a_phone_the_menu_is_folded_and_opens_from_the_keyboard(phone):
    page = phone.open("/side-effects/")
    toggle, first_link = page.locator("summary.app-menu__toggle"), page.locator(".app-nav__link")
    assert toggle.is_visible() and first_link.first.is_hidden(), "the menu is not folded"
    toggle.focus()
    page.keyboard.press("Enter")
    assert first_link.first.is_visible(), "Enter on Menu did not open the list"
    assert page.locator(".app-nav__link").count() >= 15
    page.keyboard.press("Enter")
    assert first_link.first.is_hidden(), "Enter on Menu did not fold the list again"
    page.close()


def test_on_a_phone_the_charts_table_shows_every_column_without_scrolling(phone):
    """Its rows stack, each cell under its column's name (the Sources too)."""
    page = phone.open("/how-long-relief-lasts/")
    cells = page.locator(".app-chart__table td")
    assert cells.count() >= 3
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.app-chart__table th, .app-chart__table td')]"
        ".map(cell => cell.getBoundingClientRect().right))"
    )
    assert widest <= PHONE["width"], f"a cell ends at {widest}px in a {PHONE['width']}px window"
    labels = {cell.evaluate("c => getComputedStyle(c, '::before').content") for cell in cells.all()}
    assert '"Sources"' in labels, labels
    page.close()


def test_on_a_wide_screen_the_list_shows_and_menu_does_not(desktop):
    page = desktop.open("/side-effects/")
    assert page.locator("summary.app-menu__toggle").is_hidden()
    assert page.locator(".app-nav__link").first.is_visible()
    page.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(tour):
    assert not tour.keyboard, "\n".join(tour.keyboard)


def test_no_request_leaves_the_machine_and_no_console_errors(tour):
    """The development build, every page: only 127.0.0.1 is asked, nothing logs an error.
    (The publish build is read the same way behind nginx, under its security headers,
    by tests/test_server.py.)"""
    offsite, errors = sorted(set(tour.traffic.offsite)), sorted(set(tour.traffic.errors))
    assert not offsite, "requests to other hosts (failed):\n" + "\n".join(offsite)
    assert not errors, "console errors:\n" + "\n".join(errors)


# ---------------------------------------------------------------- keyboard


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
            # JPEG: a tall page encodes in half the time of PNG, and reads as well.
            file = SCREENSHOTS / f"{kind}-{variant}.jpg"
            page.screenshot(path=file, full_page=True, type="jpeg", quality=85)
            assert Path(file).stat().st_size > 1000, file
        page.close()
