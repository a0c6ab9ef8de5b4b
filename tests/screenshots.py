"""`make screenshots`: pictures of each type of page for a person to review.

    python -m tests.screenshots [OUTPUT]   (OUTPUT: a built site, output/ by default)

Each type of page (home, a topic page, the FAQ and one of its topics, the
glossary, search with results, the 404 page) on a desktop, on a 320 px phone
and in dark mode, as full-page JPEGs in tests/screenshots/ (not committed).
They are for looking at, not a check: what a browser can check is checked
by tests/test_accessibility.py and tests/test_browser.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    Reader,
    address,
    search_address,
    served,
)
from tests.sitebuild import ROOT, BuiltSite

FOLDER = ROOT / "tests" / "screenshots"
PAGE_TYPES = {  # picture name: built file (the search page is shown with results)
    "home": "index.html",
    "topic": "side-effects/index.html",
    "faq": "faq/index.html",
    "faq-topic": "faq/treatment/index.html",
    "glossary": "glossary/index.html",
    "search-results": "search/index.html",
    "404": "404.html",
}
READERS = {  # picture suffix: the browser context's options
    "desktop": {"viewport": DESKTOP},
    "320px": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
}


def take(browser, site: BuiltSite, folder: Path, page_types: dict[str, str]) -> list[Path]:
    """A picture of each of PAGE_TYPES for each of READERS, written into FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    pictures = []
    with served(site.output) as base:
        for variant, options in READERS.items():
            reader = Reader(browser, base, **options)
            page = reader.context.new_page()
            for kind, name in page_types.items():
                is_search = kind == "search-results"
                reader.visit(page, search_address(site) if is_search else address(name))
                # JPEG: a tall page encodes in half the time of PNG, and reads as well.
                pictures.append(folder / f"{kind}-{variant}.jpg")
                page.screenshot(path=pictures[-1], full_page=True, type="jpeg", quality=85)
            reader.close()
    return pictures


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "output"
    if not (output / "index.html").is_file():
        print(f"{output}: no built site here — run make html first", file=sys.stderr)
        return 1
    if CHROMIUM is None:
        print("make screenshots: no Chromium — apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pictures = take(browser, BuiltSite.read(output), FOLDER, PAGE_TYPES)
        browser.close()
    print(f"{len(pictures)} pictures in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
