"""FAQPage structured data (schema.org JSON-LD) for an FAQ topic page.

Every question shown on the page, each with its answer as plain text
(guidelib/plaintext.py), so the data says exactly what readers see. Titles too go
through plain_text: Typogrify has put HTML entities in them.
"""

from __future__ import annotations

from guidelib.plaintext import plain_text
from plugins.structured_data import script_safe_json


def faq_page_json_ld(entries, page) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": plain_text(page.title),
        "mainEntity": [
            {
                "@type": "Question",
                "name": plain_text(entry.title),
                "acceptedAnswer": {"@type": "Answer", "text": entry.text},
            }
            for entry in entries
        ],
    }
    return script_safe_json(data)
