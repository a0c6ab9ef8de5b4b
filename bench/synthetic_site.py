"""Write a synthetic site shaped like ours, for measuring build and check costs.

Usage: python bench/synthetic_site.py PAGES FOLDER [--citations N]

Each page has a title, summary, publication and review dates, key points
(pages in the reading order), five `##` sections, N
citations (default 10) spread over a shared bibliography, and five links to
other pages. Every bibliography entry is cited somewhere, as the real site
requires. Page 0 is the home page, and a policy page holds the full
disclaimer, so the site checker can run on the result. There is one FAQ
entry per ten pages, shown on an FAQ page, each related to a page.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = 50
GUIDE_LENGTH = 12  # pages with an Order, in the header, as on the real site
LINKS_PER_PAGE = 5
SECTIONS = 5


# The full disclaimer, which every page's disclaimer block links to.
DISCLAIMER_PAGE = """Title: Medical disclaimer
Slug: disclaimer
Kind: policy
Summary: The full medical disclaimer.
Published: 2025-06-01
Reviewed: 2026-01-15
Next_review: 2027-01-15

This page gives facts, not advice. Ask your own doctor.
"""


FAQ_PAGE = """Title: Common questions
Slug: faq
Kind: utility
Template: faq
Summary: Short answers to common questions.
Published: 2025-06-01
Reviewed: 2026-01-15
Next_review: 2027-01-15

The questions, by topic.
"""
FAQ_TOPICS = ["basics", "evidence", "treatment", "effects-and-risks", "access-and-cost"]


def faq_entry(number: int, pages: int) -> str:
    topic = FAQ_TOPICS[number % len(FAQ_TOPICS)]
    return f"""Title: What does synthetic question {number} ask?
Topic: {topic}
Order: {number}
Related: page-{(number * 10) % pages}

A short answer about ketamine and pain [@ref{number % REFERENCES:03d}].
"""


def reference_entry(number: int) -> str:
    return f"""- id: ref{number:03d}
  type: article-journal
  kind: review
  title: Synthetic study number {number} of ketamine for pain
  author:
    - {{family: Author{number}, given: A. B.}}
    - {{family: Second, given: C.}}
  container-title: Journal of Synthetic Results
  issued: {{date-parts: [[{2000 + number % 25}]]}}
  volume: {number}
  issue: 2
  page: {number}-{number + 9}
  DOI: 10.5555/synthetic.{number}
  PMID: "{10_000 + number}"
"""


def page_text(index: int, pages: int, citations: int) -> str:
    home = ["Save_as: index.html", "URL:"] if index == 0 else []  # page 0 is the home page
    lines = [
        f"Title: Synthetic page {index}",
        f"Slug: page-{index}",
        *home,
        *([f"Order: {index}"] if index < GUIDE_LENGTH else []),
        f"Summary: A synthetic page, number {index}, for measuring the build.",
        "Published: 2025-06-01",
        "Reviewed: 2026-01-15",
        "Next_review: 2027-01-15",
        "",
    ]
    cited = [(index * citations + n) % REFERENCES for n in range(citations)]
    links = [(index + step * 7) % pages for step in range(1, LINKS_PER_PAGE + 1)]
    if index < GUIDE_LENGTH:  # a page in the reading order opens with its key points
        lines += ["## Key points", ""]
        lines += [f"- A key point about page {index} [@ref{key:03d}]." for key in cited[:3]]
        lines.append("")
    per_section = max(1, -(-citations // SECTIONS))
    for section in range(SECTIONS):
        lines += [f"## What does section {section + 1} say?", ""]
        keys = cited[section * per_section : (section + 1) * per_section]
        for key in keys:
            lines.append(f"A sentence of plain text about ketamine and pain [@ref{key:03d}].")
        if section < len(links):
            lines.append(
                f"See [page {links[section]}]({{filename}}/pages/page-{links[section]}.md)."
            )
        lines.append("")
    return "\n".join(lines)


def write_site(pages: int, folder: Path, citations: int = 10) -> Path:
    """Create FOLDER/content and return it."""
    content = folder / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "pages").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "snippets", content / "snippets")
    (content / "references.yaml").write_text(
        "\n".join(reference_entry(n) for n in range(REFERENCES)), encoding="utf-8"
    )
    (content / "pages" / "disclaimer.md").write_text(DISCLAIMER_PAGE, encoding="utf-8")
    (content / "pages" / "faq.md").write_text(FAQ_PAGE, encoding="utf-8")
    shutil.copy(ROOT / "content" / "pages" / "search.md", content / "pages")  # the header's form
    (content / "faq").mkdir()
    for number in range(max(1, pages // 10)):
        (content / "faq" / f"question-{number}.md").write_text(
            faq_entry(number, pages), encoding="utf-8"
        )
    for index in range(pages):
        (content / "pages" / f"page-{index}.md").write_text(
            page_text(index, pages, citations), encoding="utf-8"
        )
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--citations", type=int, default=10)
    arguments = parser.parse_args()
    print(write_site(arguments.pages, arguments.folder, arguments.citations))


if __name__ == "__main__":
    main()
