"""How a reader uses the built site in a real browser (issue 8, item 4): the
menu on a phone and a wide screen, the charts table on a phone, answers
opened from the keyboard, search, print, and `make screenshots`.

One Chromium (Debian's, through Playwright; see tests/browsing.py and the
`browser` fixture in tests/conftest.py) serves the whole run. Each test uses
a browser context for its kind of reader: a desktop window, a 320 px phone,
and the production build (`make publish`) read at its real address, answered
from 127.0.0.1. Every page read for accessibility is tests/test_accessibility.py.
"""

from __future__ import annotations

import pytest

from tests.browsing import (
    DESKTOP,
    PHONE,
    Reader,
    address,
    search_address,
    served,
)
from tests.conftest import PRODUCTION_SITEURL
from tests.screenshots import take

pytestmark = pytest.mark.browser

SEARCHED_PAGE = "side-effects/index.html"  # the page a search for one of its own words finds


# ---------------------------------------------------------------- the readers


@pytest.fixture(scope="module")
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
def production(reader_factory, local_published_site) -> Reader:
    return reader_factory(local_published_site, production=PRODUCTION_SITEURL, viewport=DESKTOP)


# ---------------------------------------------------------------- small and wide screens


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


def test_search_lists_the_page_with_the_word(desktop, site):
    search_path = search_address(site, SEARCHED_PAGE)
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


def test_make_screenshots_takes_each_page_type_for_each_reader(browser, site, tmp_path):
    """`make screenshots` (tests/screenshots.py), on the smallest page type."""
    pictures = take(browser, site, tmp_path, {"404": "404.html"})
    assert sorted(p.name for p in pictures) == ["404-320px.jpg", "404-dark.jpg", "404-desktop.jpg"]
    for picture in pictures:
        assert picture.read_bytes()[:3] == b"\xff\xd8\xff", f"{picture.name} is not a JPEG"
        assert picture.stat().st_size > 1000, picture.name
