"""FAQPage structured data (schema.org JSON-LD) for the FAQ page.

Every question shown on the page, each with its answer as plain text
(answer_text.py), so the data says exactly what readers see. Titles too go
through answer_text: Typogrify has put HTML entities in them.
"""

from __future__ import annotations

import json

from faq.answer_text import answer_text


def faq_page_json_ld(entries, faq_page) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": answer_text(faq_page.title),
        "mainEntity": [
            {
                "@type": "Question",
                "name": answer_text(entry.title),
                "acceptedAnswer": {"@type": "Answer", "text": entry.text},
            }
            for entry in entries
        ],
    }
    # "</" would end the <script> element early; JSON allows "<\/" instead.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
