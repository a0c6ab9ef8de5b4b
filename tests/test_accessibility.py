"""Every page of the built site in a real browser, read for accessibility.

Every page of the development build, and the search page showing results,
is fetched once by `tour`, which reads it six ways: axe-core on every WCAG
2.2 AA rule; contrast in the dark scheme; HTML_CodeSniffer at 1,280 and
320 px, light and dark; the 320 px layout; where the heading starts on a
phone; the keyboard; and what the page asks for and logs. The tests below
assert on what it found. (How a reader uses a page, the menu, answers,
search and print, is tests/test_browser.py.)

The tour is made once per worker process, so this file's tests must run in
one: `make test` hands out whole files (`--dist loadfile`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.browsing import (
    DESKTOP,
    HTMLCS,
    PHONE,
    WCAG_22_AA,
    Reader,
    Traffic,
    address,
    axe_problems,
    htmlcs_problems,
    search_address,
)

axe_playwright = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="needs axe-playwright-python (pip install -r requirements.txt)",
)

pytestmark = pytest.mark.browser

TALL_PHONE = {"width": 390, "height": 844}
TITLE_WITHIN = 250  # px from the top of a 390 x 844 screen: the page's heading starts there


@pytest.fixture(scope="module")
def every_path(site) -> list[str]:
    """Every built page's address, and the search page with results."""
    return [address(name) for name in site.pages] + [search_address(site)]


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


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(tour):
    assert not tour.keyboard, "\n".join(tour.keyboard)


def test_no_request_leaves_the_machine_and_no_console_errors(tour):
    """The development build, every page: only 127.0.0.1 is asked, nothing logs an error.
    (The publish build is read the same way behind nginx, under its security headers,
    by tests/test_server.py.)"""
    offsite, errors = sorted(set(tour.traffic.offsite)), sorted(set(tour.traffic.errors))
    assert not offsite, "requests to other hosts (failed):\n" + "\n".join(offsite)
    assert not errors, "console errors:\n" + "\n".join(errors)
