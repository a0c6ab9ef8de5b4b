"""Schema.org structured data (JSON-LD) for every page, made from what it shows.

Each page gets `page.json_ld`, one JSON-LD graph holding:
- a MedicalWebPage for topic pages: name and description (the title and
  summary as plain text), lastReviewed (the review date shown), the audience
  (patients), what the page is about (STRUCTURED_DATA_ABOUT: ketamine as a
  therapy, with its legal status), its citations (the page's reference list,
  each with the address the reference links to) and the publisher (the
  site). `reviewedBy` appears only when the page records a clinician's
  review (`Reviewed_by`, plugins/editorial); it is never filled in otherwise.
- a BreadcrumbList for every page but the home page (FAQ topic pages
  included), the same trail the breadcrumb shows.

Worked out after every page is read (the reference lists and the
navigation must exist), so templates only print `page.json_ld`.
"""

from __future__ import annotations

import json

from guidelib.plaintext import plain_text

CONTEXT = "https://schema.org"


def _address(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}" if siteurl else f"/{url}"


def _citation(reference) -> dict:
    csl = reference.reference.csl
    url = (
        f"https://doi.org/{csl['DOI']}"
        if csl.get("DOI")
        else csl.get("URL") or reference.reference.pubmed_url or ""
    )
    # The work's title, not the whole formatted reference: the page shows that
    # already, and repeating it here would cost every page's first round trip
    # about a kilobyte.
    citation = {"@type": "CreativeWork", "name": " ".join(str(csl["title"]).split())}
    if url:
        citation["url"] = url
    return citation


def medical_web_page(page, settings: dict) -> dict:
    siteurl = settings.get("SITEURL", "")
    data = {
        "@type": "MedicalWebPage",
        "name": plain_text(page.title),
        "description": plain_text(page.summary),
        "url": _address(siteurl, page.url),
        "medicalAudience": {"@type": "Patient"},
        "about": settings["STRUCTURED_DATA_ABOUT"],
        "publisher": {"@type": "Organization", "name": settings["SITENAME"]},
        "inLanguage": settings.get("DEFAULT_LANG", "en"),
    }
    if getattr(page, "reviewed", None):
        data["lastReviewed"] = page.reviewed.isoformat()
    record = getattr(page, "review_record", None)
    if record:  # only a review an editor recorded; never one made up
        data["reviewedBy"] = {"@type": "Person", "name": record.name, "jobTitle": record.role}
    references = getattr(page, "references", None) or []
    if references:
        data["citation"] = [_citation(reference) for reference in references]
    return data


def breadcrumb_list(page, settings: dict) -> dict:
    """The breadcrumb the page shows (page.breadcrumb, from the navigation plugin)."""
    siteurl = settings.get("SITEURL", "")
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": plain_text(name),
                "item": _address(siteurl, url),
            }
            for number, (name, url) in enumerate(page.breadcrumb, start=1)
        ],
    }


def describe(build) -> None:
    settings = build.settings
    faq_topics = build.context.get("FAQ_TOPIC_PAGES", [])
    for page in build.all_pages + list(faq_topics):
        graph = []
        if getattr(page, "kind", "") == "topic":
            graph.append(medical_web_page(page, settings))
        if getattr(page, "breadcrumb", None):
            graph.append(breadcrumb_list(page, settings))
        page.json_ld = script_safe_json({"@context": CONTEXT, "@graph": graph}) if graph else ""


def script_safe_json(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block (FAQ pages use it too)."""
    # "</" would end the <script> element early; JSON allows "<\/" instead.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
