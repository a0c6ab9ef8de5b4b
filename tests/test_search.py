"""Site search (issue 7, item 1): Pagefind's index, the search page, the header's search box.

The index is checked twice: through its files (Pagefind 1.5 writes one
fragment per page, gzip-compressed JSON after a `pagefind_dcd` signature,
holding the page's address, title and indexed text), and in the browser,
where Pagefind's own script searches it as a reader's browser does. The
browser tests serve the built site over HTTP (Pagefind fetches its index;
file:// addresses cannot) and read the page Chromium leaves after the search.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.browsing import QuietHandler, address, served, wait_for_search
from tests.conftest import PRODUCTION_SITEURL
from tests.sitebuild import a_word_only_on, copy_fixture, run_make, text_of, words

SEARCH_PAGE = "search/index.html"
NOT_INDEXED = {"404.html", SEARCH_PAGE}  # utility pages, not answers to a search
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def indexed_pages(output: Path) -> dict[str, dict]:
    """Every page in Pagefind's index, by address: its title, text and word count."""
    pages = {}
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), f"{path.name}: not a Pagefind fragment"
        fragment = json.loads(data[len(FRAGMENT_SIGNATURE) :])
        pages[fragment["url"]] = fragment
    return pages


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def index(site) -> dict[str, dict]:
    return indexed_pages(site.output)


def content_pages(site) -> dict:
    return {name: page for name, page in site.pages.items() if name not in NOT_INDEXED}


# ---------------------------------------------------------------- the index


def test_the_index_covers_every_content_page_and_no_utility_page(site, index):
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    expected = {address(name) for name in content_pages(site)}
    assert set(index) == expected
    assert entry["languages"]["en"]["page_count"] == len(expected)
    assert address("404.html") not in index and address(SEARCH_PAGE) not in index


def test_each_result_is_titled_as_its_page(site, index):
    for name, page in content_pages(site).items():
        title = plain(index[address(name)]["meta"]["title"])
        assert title == text_of(page.select_one("h1")), name


def test_only_the_main_content_is_indexed(site, index):
    """Not the header, navigation, breadcrumbs, disclaimer, footer, references or review dates."""
    home = site.pages["index.html"]
    disclaimer = text_of(home.select_one(".app-disclaimer__body"))
    footer_note = text_of(home.select_one(".app-footer__note"))
    for name, page in content_pages(site).items():
        text = plain(index[address(name)]["content"])
        # The article comes first: nothing from the header, navigation or breadcrumbs before it.
        assert text.startswith(text_of(page.select_one("h1"))), name
        assert disclaimer not in text, f"{name}: the disclaimer is indexed"
        assert footer_note not in text, f"{name}: the footer is indexed"
        assert "Page last reviewed" not in text, f"{name}: the review dates are indexed"
        for reference in page.select(".app-references__item"):
            entry = text_of(reference).split(" Back to text")[0]
            assert entry not in text, f"{name}: its reference list is indexed"


def test_make_publish_builds_the_index_too(published_site):
    assert set(indexed_pages(published_site.output)) == {
        address(name) for name in content_pages(published_site)
    }
    page = published_site.pages[SEARCH_PAGE]
    assert page.select_one(f'script[src="{PRODUCTION_SITEURL}/pagefind/pagefind-ui.js"]')


def test_a_failed_index_leaves_the_previous_output_untouched(tmp_path):
    """Like a failed Pelican build: the old site stays, and the reason is printed."""
    content = copy_fixture("minimal", tmp_path)
    output = tmp_path / "output"
    assert run_make("html", content=content, output=output).returncode == 0
    (output / "previous-build").write_text("kept")
    # Pagefind reads its settings from PAGEFIND_* variables too: index no file at all.
    result = run_make(
        "html", content=content, output=output, env={"PAGEFIND_GLOB": "no-such-folder/*.html"}
    )
    assert result.returncode != 0
    assert "Pagefind was not able to build an index" in result.stderr
    assert "The search index could not be built: output/ was left as it was." in result.stderr
    assert (output / "previous-build").read_text() == "kept"
    assert not Path(f"{output}.new").exists()


# ---------------------------------------------------------------- the pages


def test_every_page_has_a_search_box_that_works_without_script(site):
    for name, page in site.pages.items():
        form = page.select_one('header form[role="search"]')
        assert form is not None, f"{name}: no search box in the header"
        assert form.get("method") == "get", name
        assert site.resolve(name, form["action"]) == site.output / SEARCH_PAGE, name
        field = form.select_one('input[type="search"][name="q"]')
        label = form.select_one(f'label[for="{field["id"]}"]')
        assert label is not None and text_of(label), f"{name}: the search box has no label"
        assert form.select_one('button[type="submit"]'), f"{name}: no search button"


def test_only_the_search_page_loads_pagefind_and_script(site):
    for name, page in site.pages.items():
        assets = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link")]
        loads = [asset for asset in assets if "pagefind" in asset or asset.endswith(".js")]
        if name == SEARCH_PAGE:
            assert [
                site.resolve(name, asset).relative_to(site.output).as_posix() for asset in loads
            ] == [
                "pagefind/pagefind-ui.css",
                "pagefind/pagefind-ui.js",
                "theme/js/search.js",
            ]
            assert all(site.resolve(name, asset).is_file() for asset in loads)
        else:
            assert loads == [], f"{name} loads {loads}"


def test_the_search_page_has_no_inline_script_or_style(site):
    """A Content-Security-Policy without 'unsafe-inline' must not break search."""
    page = site.pages[SEARCH_PAGE]
    for script in page.select("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    assert not page.select("[style]") and not page.select("style")
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_the_search_page_makes_sense_without_script(site):
    page = site.pages[SEARCH_PAGE]
    message = page.select_one("#app-search-no-script")
    assert "Search needs JavaScript" in text_of(message)
    targets = {site.resolve(SEARCH_PAGE, a["href"]) for a in message.select("a[href]")}
    assert targets == {site.output / "index.html", site.output / "faq" / "index.html"}


# ---------------------------------------------------------------- in the browser


class AlsoInAFolder(QuietHandler):
    """Serves the built site, also under /guide/ (a site published in a folder)."""

    def translate_path(self, path: str) -> str:
        return super().translate_path(path.removeprefix("/guide"))


@pytest.fixture(scope="module")
def server(site):
    with served(site.output, AlsoInAFolder) as base:
        yield base


def search_in_browser(browser, url: str) -> BeautifulSoup:
    """The search page as Chromium shows it once the search in its address has run."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_search(page)
        return BeautifulSoup(page.content(), "html.parser")
    finally:
        context.close()


def results(dom: BeautifulSoup) -> dict[str, str]:
    """Each result's title and address."""
    return {text_of(a): a["href"] for a in dom.select(".pagefind-ui__result-link")}


@pytest.mark.browser
@pytest.mark.parametrize("name", ["side-effects/index.html", "glossary/index.html"])
def test_a_search_finds_the_page_with_the_word(site, server, browser, name):
    word = a_word_only_on(site, name)
    dom = search_in_browser(browser, f"{server}/search/?q={quote(word)}")
    title = text_of(site.pages[name].select_one("h1"))
    assert results(dom).get(title) == address(name), f"searched {word!r}: {results(dom)}"
    assert dom.select_one("#app-search-no-script").has_attr("hidden")
    # Each result shows an excerpt with the word in it.
    excerpt = dom.select_one(".pagefind-ui__result-excerpt")
    assert excerpt is not None and word in text_of(excerpt).lower()


@pytest.mark.browser
def test_results_lead_into_a_site_published_in_a_folder(site, server, browser):
    name = "side-effects/index.html"
    word = a_word_only_on(site, name)
    dom = search_in_browser(browser, f"{server}/guide/search/?q={quote(word)}")
    title = text_of(site.pages[name].select_one("h1"))
    assert results(dom).get(title) == "/guide" + address(name)


@pytest.mark.browser
def test_words_of_the_disclaimer_find_only_pages_that_use_them(site, server, browser):
    """The disclaimer is on every page, but outside what is indexed: searching one
    of its words lists only pages whose own text has the word, never every page."""
    articles = {
        title: text_of(page.select_one("article")).lower()
        for page in site.pages.values()
        if page.select_one("article") and (title := text_of(page.select_one("h1")))
    }
    disclaimer = text_of(site.pages["index.html"].select_one(".app-disclaimer"))

    # Pagefind matches word stems ("reading" finds "read"): a page counts as
    # using the word when its text has the word's first four letters.
    def pages_using(word: str) -> set[str]:
        return {title for title, text in articles.items() if word[:4] in text}

    word = min(words(disclaimer), key=lambda w: len(pages_using(w)))
    using = pages_using(word)
    assert len(using) < len(articles) / 2, f"{word!r} is on most pages anyway: pick another"
    dom = search_in_browser(browser, f"{server}/search/?q={quote(word)}")
    found = set(results(dom))
    assert found <= using, f"{word!r} found pages whose own text lacks it: {found - using}"
    if not using:
        assert text_of(dom.select_one(".pagefind-ui__message")).startswith("No results")
