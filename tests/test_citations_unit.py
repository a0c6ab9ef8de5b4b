"""Unit tests of the citation parser, numbering and AMA formatting."""

from __future__ import annotations

import json

import markdown
import pytest
from bs4 import BeautifulSoup

from plugins.citations import ama
from plugins.citations.ama import format_references
from plugins.citations.bibliography import Reference
from plugins.citations.markers import CiteItem, parse_group, rewrite_citations
from plugins.citations.render import PageCitations
from tests.sitebuild import settings


def cite_markdown(text: str):
    """Markdown → HTML with the site's own settings, then citations numbered."""
    html = markdown.Markdown(**settings()["MARKDOWN"]).convert(text)
    citations = PageCitations()
    scan = rewrite_citations(html, citations.cite)
    return BeautifulSoup(scan.html, "html.parser"), citations, scan


def numbers(soup) -> list[str]:
    return [sup.get_text("") for sup in soup.select("sup.app-cite")]


@pytest.mark.parametrize(
    "text",
    [
        "- a listed fact [@a]\n- another [@b]",
        "| Condition | Evidence |\n| --- | --- |\n| CRPS | moderate [@a] |\n| Other | weak [@b] |",
        "> a quoted fact [@a]\n>\n> and another [@b]",
        '<div class="app-care-card" markdown>\n\nUrgent fact [@a] and [@b]\n\n</div>',
        "1. first [@a]\n    - nested [@b]",
    ],
    ids=["list", "table", "blockquote", "care-card", "nested-list"],
)
def test_citations_are_found_wherever_markdown_puts_text(text):
    soup, citations, scan = cite_markdown(text)
    assert numbers(soup) == ["1", "2"]
    assert list(citations.numbers) == ["a", "b"]
    assert not scan.malformed
    assert "[@" not in soup.get_text()


def test_citation_in_link_text_moves_after_the_link():
    soup, _, _ = cite_markdown("See [the guideline [@a]](https://example.org/guide).")
    link = soup.find("a", href="https://example.org/guide")
    assert link.get_text() == "the guideline"
    assert link.find("sup") is None, "a link must not contain another link"
    assert link.find_next_sibling("sup")["class"] == ["app-cite"]


@pytest.mark.parametrize(
    "text",
    [
        "Write `[@key]` to cite.",
        "```\n[@key]\n```",
        "    [@indented; @code]",
        "Mail name@example.org or <name@example.org>.",
        "See <https://example.org/@user> and [a link](https://example.org/@key).",
    ],
    ids=["code-span", "fenced-block", "indented-block", "email", "at-in-url"],
)
def test_text_that_is_not_a_citation_is_left_alone(text):
    html = markdown.Markdown(**settings()["MARKDOWN"]).convert(text)
    citations = PageCitations()
    scan = rewrite_citations(html, citations.cite)
    assert scan.html == html
    assert not scan.malformed and not citations.numbers


def test_numbering_follows_first_use_and_reuses_numbers():
    soup, citations, _ = cite_markdown("X [@c]. Y [@a]. Z [@c]. W [@b; @a].")
    assert citations.numbers == {"c": 1, "a": 2, "b": 3}
    assert numbers(soup) == ["1", "2", "1", "2,3"]


def test_three_or_more_adjacent_numbers_collapse_into_a_range():
    soup, _, _ = cite_markdown("X [@a; @b; @c; @e]. Y [@d; @c; @b; @a]. Z [@a; @b].")
    # a=1 b=2 c=3 e=4 d=5
    assert numbers(soup) == ["1–4", "1–3,5", "1,2"]
    first = soup.select_one("sup.app-cite")
    assert [a["href"] for a in first.find_all("a")] == ["#ref-1", "#ref-4"]


def test_locators_are_shown_and_never_hidden_in_a_range():
    soup, _, _ = cite_markdown("X [@a; @b, p. 530; @c]. Y [@a, pp. 12–14].")
    assert numbers(soup) == ["1,2(p. 530),3", "1(pp. 12–14)"]


def test_back_links_name_every_marker_that_cites_a_source():
    soup, citations, _ = cite_markdown("X [@a]. Y [@b]. Z [@a; @b]. W [@a; @a].")
    assert citations.backlinks == {
        "a": ["cite-1", "cite-3", "cite-4"],
        "b": ["cite-2", "cite-3"],
    }
    assert [sup["id"] for sup in soup.select("sup.app-cite")] == [f"cite-{n}" for n in range(1, 5)]


def test_id_prefix_keeps_several_answers_on_one_page_apart():
    citations = PageCitations(prefix="faq-3-")
    html = citations.cite([CiteItem("a")])
    assert 'id="faq-3-cite-1"' in html and 'href="#faq-3-ref-1"' in html


@pytest.mark.parametrize(
    "raw",
    ["[@ key]", "[@key;]", "[@key; ]", "[@]", "[@key,]", "[@key one]"],
)
def test_groups_that_do_not_parse(raw):
    assert parse_group(raw) is None


def test_groups_that_parse():
    assert parse_group("[@a; @b:2018, p.&nbsp;5]") == [CiteItem("a"), CiteItem("b:2018", "p. 5")]


@pytest.mark.parametrize(
    ("text", "malformed"),
    [
        ("A fact [@ key].", "[@ key]"),
        ("A fact [@key.", "[@key."),
        ("A fact [@key;].", "[@key;]"),
    ],
)
def test_malformed_citations_are_reported_and_left_visible(text, malformed):
    soup, citations, scan = cite_markdown(text)
    assert scan.malformed == [malformed]
    assert not citations.numbers


# ---------------------------------------------------------------- AMA formatting


def reference(key: str, **csl) -> Reference:
    return Reference(key, 1, "review", {"id": key, **csl})


def test_ama_journal_article_with_more_than_six_authors():
    authors = [
        {"family": name, "given": "A. B."}
        for name in ["Abel", "Baker", "Cole", "Dean", "Eve", "Ford", "Gray"]
    ]
    article = reference(
        "art",
        type="article-journal",
        title="Ketamine & pain: a review",
        author=authors,
        **{"container-title": "Anesthesia & Analgesia", "container-title-short": "Anesth Analg"},
        issued={"date-parts": [[2019]]},
        volume=129,
        issue=1,
        page="241-254",
        DOI="10.1213/ANE.0000000000004185",
    )
    html = format_references([article])["art"]
    assert html == (
        "Abel AB, Baker AB, Cole AB, et al. Ketamine &amp; pain: a review. "
        "<i>Anesth Analg</i>. 2019;129(1):241-254. "
        '<a href="https://doi.org/10.1213/ANE.0000000000004185">doi:10.1213/ANE.0000000000004185</a>'
    )


def test_ama_book_chapter():
    chapter = reference(
        "chap",
        type="chapter",
        title="Ketamine",
        author=[{"family": "Smith", "given": "J."}],
        editor=[{"family": "Jones", "given": "K."}],
        **{"container-title": "Textbook of Pharmacology", "publisher-place": "Washington, DC"},
        publisher="Example Press",
        issued={"date-parts": [[2019]]},
        page="100-120",
    )
    html = format_references([chapter])["chap"]
    assert html == (
        "Smith J. Ketamine. In: Jones K, ed. <i>Textbook of Pharmacology</i>. "
        "Example Press; 2019:100-120."
    )


def test_ama_web_page_by_an_organisation():
    page = reference(
        "web",
        type="webpage",
        title="FDA warns about compounded ketamine",
        author=[{"literal": "US Food and Drug Administration"}],
        **{"container-title": "FDA"},
        issued={"date-parts": [[2023, 10, 10]]},
        URL="https://www.fda.gov/example?a=1&b=2",
    )
    html = format_references([page])["web"]
    assert html == (
        "US Food and Drug Administration. FDA warns about compounded ketamine. FDA. "
        "October 10, 2023. "
        '<a href="https://www.fda.gov/example?a=1&amp;b=2">https://www.fda.gov/example?a=1&amp;b=2</a>'
    )


def test_ama_undated_blog_post_keeps_its_own_punctuation():
    post = reference(
        "blog",
        type="post-weblog",
        title="How long does it last? Check it out!",
        author=[{"family": "Mercer", "given": "David"}],
        **{"container-title": "example.com"},
        issued={"literal": "n.d."},
    )
    assert format_references([post])["blog"] == (
        "Mercer D. How long does it last? Check it out! example.com. n.d."
    )


def test_a_bibliography_formatted_again_is_the_same_and_an_edit_is_seen():
    """`make devserver` rebuilds in one process, and the formatted bibliography is
    kept between builds: the same entries give the same text, an edited entry its new one."""
    post = reference("kept", type="post-weblog", title="First title", issued={"literal": "n.d."})
    first = format_references([post])
    assert format_references([post]) == first
    first["kept"] = "changed by a caller"
    assert format_references([post])["kept"] != "changed by a caller", "the kept copy was shared"
    edited = reference("kept", type="post-weblog", title="Second title", issued={"literal": "n.d."})
    assert "Second title" in format_references([edited])["kept"]
    assert "First title" in format_references([post])["kept"]


@pytest.fixture
def next_build(monkeypatch):
    """Starts a later build, in a process of its own: nothing kept in memory
    (nor at the test's start, from other tests)."""

    def start():
        monkeypatch.setattr(ama, "_FORMATTED", {})

    start()
    return start


def test_a_later_build_takes_the_bibliography_from_the_cache_folder(tmp_path, next_build):
    post = reference("kept", type="post-weblog", title="First title", issued={"literal": "n.d."})
    first = format_references([post], tmp_path)
    assert len(list(tmp_path.glob("bibliography-*.json"))) == 1
    next_build()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ama, "_format", lambda references: pytest.fail("formatted again"))
        assert format_references([post], tmp_path) == first


def test_an_edited_entry_is_formatted_anew_despite_the_cache_folder(tmp_path, next_build):
    post = reference("kept", type="post-weblog", title="First title", issued={"literal": "n.d."})
    format_references([post], tmp_path)
    next_build()
    edited = reference("kept", type="post-weblog", title="Second title", issued={"literal": "n.d."})
    assert "Second title" in format_references([edited], tmp_path)["kept"]
    assert len(list(tmp_path.glob("bibliography-*.json"))) == 2


@pytest.mark.parametrize("damage", ["{not json", '{"kept": 3}', "[]", ""])
def test_a_damaged_copy_in_the_cache_folder_is_formatted_again(tmp_path, next_build, damage):
    post = reference("kept", type="post-weblog", title="First title", issued={"literal": "n.d."})
    first = format_references([post], tmp_path)
    (kept,) = tmp_path.glob("bibliography-*.json")
    kept.write_text(damage, encoding="utf-8")
    next_build()
    assert format_references([post], tmp_path) == first
    assert json.loads(kept.read_text(encoding="utf-8")) == first  # and kept whole again


def test_the_cache_folder_keeps_only_the_newest_bibliographies(tmp_path, next_build):
    for number in range(ama.KEPT_FILES + 3):
        next_build()
        post = reference("kept", type="post-weblog", title=f"Title {number}")
        format_references([post], tmp_path)
    assert len(list(tmp_path.glob("bibliography-*.json"))) == ama.KEPT_FILES
    next_build()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ama, "_format", lambda references: pytest.fail("formatted again"))
        newest = reference("kept", type="post-weblog", title=f"Title {ama.KEPT_FILES + 2}")
        assert f"Title {ama.KEPT_FILES + 2}" in format_references([newest], tmp_path)["kept"]
