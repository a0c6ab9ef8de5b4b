"""Links: every internal link lands on a built file and an existing anchor.

Also: no http:// addresses, new tabs opened safely, well-formed mailto: and
tel: links, link text that says where it goes, and no page that nothing
links to. External https:// links are left to `make linkcheck` (they need
the internet); an address under the production SITEURL counts as internal.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from sitecheck.site import Page, Problem, Site

MAILTO = re.compile(r"^mailto:[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}(\?.*)?$")
TEL = re.compile(r"^tel:\+?[0-9][0-9 ().-]{4,}$")
VAGUE_TEXT = {"click here", "here", "read more", "more", "link", "this link", "this page"}
# Reference lists print each source's address as its text (AMA style): that
# is the one place a bare address is the right link text.
CITATION_LISTS = ("app-references", "app-sources")
NOT_LINKED_TO = {"404.html"}  # reached by the server on a missing page, not by links
ATTRIBUTES = ("href", "src", "action")  # a form's action is a link too (the search box)


def check(site: Site) -> Iterator[Problem]:
    links: dict[str, set[str]] = {}  # page → the pages it links to
    for page in site.pages.values():
        targets = links.setdefault(page.name, set())
        for element, address in _addresses(page):
            problem, target = _check_address(site, page, element, address)
            if problem:
                yield problem
            elif target:
                targets.add(target)
        for anchor in page.tree.iter("a"):
            yield from _check_anchor_element(site, page, anchor)
    yield from _orphans(site, links)


def _addresses(page: Page):
    for attribute in ATTRIBUTES:
        for element in page.tree.xpath(f"//*[@{attribute}]"):
            yield element, element.get(attribute).strip()


def _check_address(site: Site, page: Page, element, address: str):
    """(problem, None) for a bad address; (None, target page name) for a good internal one."""
    if address.startswith("http://"):
        return site.problem(
            page,
            element,
            f"'{address}' is not secure (http://)",
            "use its https:// address",
            _needle(page, element, address),
        ), None
    if address.startswith("mailto:"):
        if not MAILTO.match(address):
            return site.problem(
                page, element, f"'{address}' is not a valid e-mail link",
                "write mailto:name@example.org", _needle(page, element, address),
            ), None  # fmt: skip
        return None, None
    if address.startswith("tel:"):
        if not TEL.match(address):
            return site.problem(
                page, element, f"'{address}' is not a valid phone link",
                "write tel: then the number with its country code, e.g. tel:+18005551234",
                _needle(page, element, address),
            ), None  # fmt: skip
        return None, None
    if site.siteurl and address.startswith(site.siteurl + "/"):
        address = "/" + address[len(site.siteurl) + 1 :]
    elif site.siteurl and address == site.siteurl:
        address = "/"
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None, None  # external: make linkcheck
    return _check_internal(site, page, element, parts.path, parts.fragment)


def _check_internal(site: Site, page: Page, element, path: str, fragment: str):
    if path:
        base = "" if path.startswith("/") else posixpath.dirname(page.name)
        target = posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/")))
        if target == ".":
            target = ""
        if path.endswith("/") or target == "" or target in site.folders:
            target = posixpath.join(target, "index.html") if target else "index.html"
        if target not in site.files:
            return site.problem(
                page, element, f"the link '{path}' leads to no page",
                "check the {filename} path of the link in the Markdown",
                _needle(page, element, path),
            ), None  # fmt: skip
    else:
        target = page.name
    if fragment:
        landing = site.pages.get(target)
        if landing is not None and unquote(fragment) not in landing.ids:
            return site.problem(
                page, element, f"the link '{path}#{fragment}' points at a missing section",
                "check the heading or question it links to still exists",
                _needle(page, element, fragment),
            ), None  # fmt: skip
    return None, target


def _needle(page: Page, element, address: str) -> str:
    """What to look for in the Markdown source: the link's text, else its address."""
    return page.text(element) or address


def _check_anchor_element(site: Site, page: Page, anchor) -> Iterator[Problem]:
    if anchor.get("target") == "_blank":
        rel = set((anchor.get("rel") or "").split())
        if not {"noopener", "noreferrer"} <= rel:
            yield site.problem(
                page, anchor, "a link that opens a new tab lacks rel=\"noopener noreferrer\"",
                "add rel=\"noopener noreferrer\" (or do not open a new tab)", page.text(anchor),
            )  # fmt: skip
    if anchor.get("href") is None:
        return
    text = _accessible_text(page, anchor)
    if not text:
        yield site.problem(
            page, anchor, "a link has no text", "write words that say where the link goes",
            anchor.get("href"),
        )  # fmt: skip
    elif text.lower().strip(" .…") in VAGUE_TEXT:
        yield site.problem(
            page, anchor, f"the link text '{text}' does not say where it goes",
            "use the destination's name as the link text", text,
        )  # fmt: skip
    elif re.match(r"^(https?://|www\.)", text) and not _in_citation_list(anchor):
        yield site.problem(
            page, anchor, f"the link text is a bare address ({text})",
            "use the destination's name as the link text", text,
        )  # fmt: skip


def _accessible_text(page: Page, anchor) -> str:
    if anchor.get("aria-label"):
        return anchor.get("aria-label").strip()
    text = page.text(anchor)
    if not text:
        text = " ".join(img.get("alt", "") for img in anchor.iter("img")).strip()
    return text


def _in_citation_list(element) -> bool:
    for ancestor in element.iterancestors():
        classes = (ancestor.get("class") or "").split()
        if any(name in classes for name in CITATION_LISTS):
            return True
    return False


def _orphans(site: Site, links: dict[str, set[str]]) -> Iterator[Problem]:
    """Pages that cannot be reached from the home page by following links."""
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        for target in links.get(queue.pop(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for name, page in site.pages.items():
        if name not in seen and name not in NOT_LINKED_TO:
            yield site.page_problem(
                page, "no page links here, so readers cannot find it from the home page",
                "link to it from a page in the guide (or from the home page)",
            )  # fmt: skip
