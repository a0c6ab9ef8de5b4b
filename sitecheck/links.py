"""Links: every internal link lands on a built file and an existing anchor.

Also: no http:// addresses, new tabs opened safely, well-formed mailto: and
tel: links, link text that says where it goes, and no page that nothing
links to. External https:// links are left to `make linkcheck` (they need
the internet); an address under the production SITEURL counts as internal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from sitecheck.site import Finding, Page, Site

MAILTO = re.compile(r"^mailto:[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}(\?.*)?$")
TEL = re.compile(r"^tel:\+?[0-9][0-9 ().-]{4,}$")
BARE_ADDRESS = re.compile(r"^(https?://|www\.)")
VAGUE_TEXT = {"click here", "here", "read more", "more", "link", "this link", "this page"}
# Reference lists print each source's address as its text (AMA style): that
# is the one place a bare address is the right link text.
CITATION_LISTS = ("app-references", "app-sources")
NOT_LINKED_TO = {"404.html"}  # reached by the server on a missing page, not by links


@dataclass
class Kept:
    """What the site-wide part needs of a page, once its tree is gone."""

    ids: frozenset[str]  # the anchors other pages may link to
    targets: set[str]  # the built pages it links to
    anchors_elsewhere: list[tuple[str, str, Finding]]  # (page, anchor, the finding if missing)


def check_page(site: Site, page: Page) -> Iterator[Finding]:
    kept = Kept(frozenset(page.ids), set(), [])
    external = () if site.siteurl else ("https://",)  # no SITEURL: no https:// link is ours
    for element, address in page.addresses:
        if address.startswith(external) or (
            address.startswith("#") and unquote(address[1:]) in kept.ids
        ):
            continue  # most links: another site (make linkcheck), or a section of this page
        problem, target = _check_address(site, page, element, address, kept)
        if problem:
            yield problem
        elif target:
            kept.targets.add(target)
    for anchor in page.tree.iter("a"):
        yield from filter(None, _check_anchor_element(site, page, anchor))
    page.keep(__name__, kept)


def finish(site: Site, kept: dict[str, Kept]) -> Iterator[Finding]:
    for page in kept.values():
        for target, fragment, finding in page.anchors_elsewhere:
            if target in kept and fragment not in kept[target].ids:
                yield finding
    yield from _orphans(site, kept)


def _check_address(site: Site, page: Page, element, address: str, kept: Kept):
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
    landing = site.landing(page.name, address)
    if landing is None:
        return None, None  # external: make linkcheck
    target, path, fragment = landing.target, landing.path, landing.fragment
    if target not in site.files:
        return site.problem(
            page, element, f"the link '{path}' leads to no page",
            "check the {filename} path of the link in the Markdown",
            _needle(page, element, path),
        ), None  # fmt: skip
    anchor = unquote(fragment)
    if not anchor or (target == page.name and anchor in kept.ids):
        return None, target
    missing = site.problem(
        page, element, f"the link '{path}#{fragment}' points at a missing section",
        "check the heading or question it links to still exists",
        _needle(page, element, fragment),
    )  # fmt: skip
    if target != page.name:  # another page's anchors are known once every page is read
        kept.anchors_elsewhere.append((target, anchor, missing))
        return None, target
    return missing, None


def _needle(page: Page, element, address: str) -> str:
    """What to look for in the Markdown source: the link's text, else its address."""
    return page.text(element) or address


def _check_anchor_element(site: Site, page: Page, anchor) -> tuple[Finding | None, ...]:
    """What is wrong with a link's target and its text: (new tab, text), None where fine."""
    new_tab = text = None
    if anchor.get("target") == "_blank":
        rel = set((anchor.get("rel") or "").split())
        if not {"noopener", "noreferrer"} <= rel:
            new_tab = site.problem(
                page, anchor, "a link that opens a new tab lacks rel=\"noopener noreferrer\"",
                "add rel=\"noopener noreferrer\" (or do not open a new tab)", page.text(anchor),
            )  # fmt: skip
    if anchor.get("href") is not None:
        text = _text_problem(site, page, anchor)
    return new_tab, text


def _text_problem(site: Site, page: Page, anchor) -> Finding | None:
    text = _accessible_text(page, anchor)
    if not text:
        return site.problem(
            page, anchor, "a link has no text", "write words that say where the link goes",
            anchor.get("href"),
        )  # fmt: skip
    if text.lower().strip(" .…") in VAGUE_TEXT:
        return site.problem(
            page, anchor, f"the link text '{text}' does not say where it goes",
            "use the destination's name as the link text", text,
        )  # fmt: skip
    if BARE_ADDRESS.match(text) and not _in_citation_list(anchor):
        return site.problem(
            page, anchor, f"the link text is a bare address ({text})",
            "use the destination's name as the link text", text,
        )  # fmt: skip
    return None


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


def _orphans(site: Site, kept: dict[str, Kept]) -> Iterator[Finding]:
    """Pages that cannot be reached from the home page by following links."""
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        page = kept.get(queue.pop())
        for target in page.targets if page else ():
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for name in site.pages:
        if name not in seen and name not in NOT_LINKED_TO:
            yield site.page_problem(
                name, "no page links here, so readers cannot find it from the home page",
                "link to it from a page in the guide (or from the home page)",
            )  # fmt: skip
