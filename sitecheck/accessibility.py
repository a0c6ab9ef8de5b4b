"""Accessibility checks that need no browser (WCAG 2.2 AA, the parts a parser can see).

The page declares its language; it has one h1 and no skipped heading level
(h2 then h4); every image has alt text; the landmarks header, nav, main and
footer are there (main once); ids are unique; tables have header cells; and
every form control has a label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from sitecheck.site import Finding, Page, Site

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LANDMARKS = ("header", "nav", "main", "footer")
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    tree = page.tree
    if not (tree.get("lang") or "").strip():
        yield site.page_problem(page, "<html> has no lang", "set DEFAULT_LANG in pelicanconf.py")
    yield from _headings(site, page)
    for image in tree.iter("img"):
        if image.get("alt") is None:
            yield site.problem(
                page, image, f"image {image.get('src')} has no alt text",
                "describe it for people who cannot see it (alt=\"\" if decorative)",
                image.get("src") or "",
            )  # fmt: skip
    for landmark in LANDMARKS:
        found = len(list(tree.iter(landmark)))
        if found == 0 or (landmark == "main" and found > 1):
            yield site.page_problem(
                page, f"the page has {found} <{landmark}> landmarks",
                "keep the theme's base.html layout: header, nav, one main, footer",
            )  # fmt: skip
    ids = Counter(page.ids)
    for duplicate in sorted(name for name, count in ids.items() if count > 1):
        element = tree.xpath(f"//*[@id='{duplicate}']")[1]
        yield site.problem(
            page, element, f"the id '{duplicate}' is used {ids[duplicate]} times",
            "give each heading or anchor a different name", duplicate,
        )  # fmt: skip
    for table in tree.iter("table"):
        if not list(table.iter("th")):
            cells = [page.text(cell) for cell in table.iter("td")][:2]
            yield site.problem(
                page, table, "a table has no header cells",
                "give the Markdown table a header row (| Column | Column |, then |---|---|)",
                ("<table", f"| {' | '.join(cells)}"),
            )  # fmt: skip
    yield from _form_labels(site, page)


def _headings(site: Site, page) -> Iterator[Finding]:
    headings = [el for el in page.tree.iter(*HEADINGS)]
    h1s = [el for el in headings if el.tag == "h1"]
    if len(h1s) != 1:
        yield site.page_problem(
            page, f"the page has {len(h1s)} h1 headings, not 1",
            "use ## for sections: the page title is the only h1",
        )  # fmt: skip
    level = 0
    for heading in headings:
        new = int(heading.tag[1])
        if level and new > level + 1:
            text = _heading_text(page, heading)
            yield site.problem(
                page, heading, f"the heading '{text}' skips from h{level} to h{new}",
                f"make it {'#' * (level + 1)} (one level below the heading before it)", text,
            )  # fmt: skip
        level = new


def _heading_text(page, heading) -> str:
    """A heading's words, without the "#" link to it that Markdown adds."""
    text = page.text(heading)
    for permalink in heading.iter():
        if "app-heading-link" in (permalink.get("class") or ""):
            text = text.removesuffix(page.text(permalink)).strip()
    return text


def _form_labels(site: Site, page) -> Iterator[Finding]:
    tree = page.tree
    labelled = {label.get("for") for label in tree.iter("label") if label.get("for")}
    for control in tree.iter("input", "select", "textarea"):
        if control.tag == "input" and (control.get("type") or "text") in UNLABELLED_INPUTS:
            continue
        named = control.get("aria-label") or control.get("aria-labelledby")
        wrapped = any(parent.tag == "label" for parent in control.iterancestors())
        if not (named or wrapped or control.get("id") in labelled):
            yield site.problem(
                page, control, f"a form field ({control.get('name') or control.tag}) has no label",
                "give it a <label for=…> or an aria-label",
            )  # fmt: skip
