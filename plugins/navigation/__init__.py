"""Give templates the site's navigation, worked out once per build.

Templates would otherwise loop over every page on every page they render
(a header that filters `pages` costs pages × pages). Here, after every page
is read, the context gets:
- GUIDE_PAGES: topic pages with an `Order`, in reading order (the header);
- HEADER_EXTRA_PAGES: the pages named in HEADER_EXTRA_SLUGS (the FAQ), shown
  in the header after the guide;
- POLICY_PAGES: policy pages in their order (the footer);
- PAGES_BY_SLUG: every page, hidden ones included, by slug.
"""

from __future__ import annotations

from pelican import signals


def collect(generators) -> None:
    if not generators:
        return
    context = generators[0].context
    pages = [page for g in generators for page in getattr(g, "pages", [])]
    hidden = [page for g in generators for page in getattr(g, "hidden_pages", [])]
    # `pages` is already sorted by PAGE_ORDER_BY, so filtering keeps the order.
    context["GUIDE_PAGES"] = [page for page in pages if getattr(page, "in_guide", False)]
    context["POLICY_PAGES"] = [page for page in pages if getattr(page, "kind", "") == "policy"]
    context["PAGES_BY_SLUG"] = {page.slug: page for page in pages + hidden}
    by_slug = context["PAGES_BY_SLUG"]
    extra = context.get("HEADER_EXTRA_SLUGS", [])
    context["HEADER_EXTRA_PAGES"] = [by_slug[slug] for slug in extra if slug in by_slug]


def register() -> None:
    signals.all_generators_finalized.connect(collect)
