"""Give templates the site's navigation, worked out once per build.

Templates would otherwise loop over every page on every page they render
(a header that filters `pages` costs pages × pages). Here, after every page
is read, the context gets:
- PAGES_BY_SLUG: every page, hidden ones included, by slug;
- HEADER_LINKS: the header's menu as (title, url) links: topic pages with
  an `Order`, in reading order, then the pages HEADER_EXTRA_SLUGS names (the
  FAQ);
- FOOTER_LINKS: the footer's, the policy pages in their order.

Every page shows both menus, and Pelican works out a page's `url` anew each
time it is asked (most of a large site's rendering time went there), so
they are worked out here once.

and each page gets:
- `previous_page` and `next_page`: its neighbours in the guide's reading
  order (topic pages with an `Order`), for the previous/next links;
- `related_pages`: the pages its `Related: slug, slug` metadata names, for
  the "Related pages" list (a slug that names no page stops the build);
- `breadcrumb`: (title, url) pairs from the home page to this one, through
  the page its `Parent: slug` metadata names if it has one, for the
  breadcrumb and its structured data (none for the home page itself).
"""

from __future__ import annotations

from typing import NamedTuple

from guidelib.problems import report_metadata


def collect(build) -> None:
    context, pages, hidden = build.context, build.pages, build.hidden_pages
    # `pages` is already sorted by PAGE_ORDER_BY, so filtering keeps the order.
    guide = [page for page in pages if getattr(page, "in_guide", False)]
    policy = [page for page in pages if getattr(page, "kind", "") == "policy"]
    by_slug = context["PAGES_BY_SLUG"] = {page.slug: page for page in pages + hidden}
    extra = [by_slug[slug] for slug in context.get("HEADER_EXTRA_SLUGS", []) if slug in by_slug]
    context["HEADER_LINKS"] = _links(guide + extra)
    context["FOOTER_LINKS"] = _links(policy)
    _link_neighbours(guide)
    for page in pages + hidden:
        page.related_pages = _related(page, by_slug)
        page.breadcrumb = _breadcrumb(page, by_slug)


def _breadcrumb(page, by_slug: dict) -> list[tuple[str, str]]:
    """Home, the page named by `Parent:` if any, then the page itself."""
    url = page.url  # Pelican works it out from the settings at each asking
    if not url:
        return []
    trail = [("Home", "")]
    parent_slug = str(page.metadata.get("parent", "")).strip()
    if parent_slug:
        parent = by_slug.get(parent_slug)
        if parent is None or parent is page:
            report_metadata(
                page.source_path,
                "parent",
                f"'Parent: {parent_slug}' names no other page",
                "give the slug of the page this one belongs under, e.g. sources",
            )
        else:
            trail.append((_short_title(parent), parent.url))
    trail.append((_short_title(page), url))
    return trail


class Link(NamedTuple):
    title: str
    url: str


def _links(pages: list) -> list[Link]:
    return [Link(_short_title(page), page.url) for page in pages]


def _short_title(page) -> str:
    return getattr(page, "nav_title", "") or page.title


def _link_neighbours(guide: list) -> None:
    for index, page in enumerate(guide):
        page.previous_page = guide[index - 1] if index > 0 else None
        page.next_page = guide[index + 1] if index + 1 < len(guide) else None


def _related(page, by_slug: dict) -> list:
    """The pages named in `Related:`, in the order given."""
    related = []
    for slug in (s.strip() for s in str(page.metadata.get("related", "")).split(",")):
        if not slug:
            continue
        if slug not in by_slug or by_slug[slug] is page:
            report_metadata(
                page.source_path,
                "related",
                f"'Related: {slug}' names no other page",
                "list the slugs of other pages, separated by commas, e.g. side-effects, glossary",
            )
            continue
        related.append(by_slug[slug])
    return related
