"""Blocks of text written once in `content/snippets/*.md` and shown on many pages.

The medical disclaimer is the reason: its wording must be the same on every
page, so it lives in one Markdown file an editor can change, and templates
show it as `SNIPPETS.disclaimer`. Snippets go through Pelican's own reader,
so Markdown settings and Typogrify apply to them as to pages.
"""

from __future__ import annotations

import os

from pelican.contents import Content
from pelican.readers import Readers

from guidelib.problems import report


class Snippet(Content):
    """A piece of a page, not a page: no title, URL or template of its own."""

    mandatory_properties = ()
    default_template = None


def load_snippets(build) -> None:
    context = settings = build.context
    folder = settings["SNIPPETS_PATH"]
    base = settings["PATH"]
    readers = Readers(settings)
    snippets = {}
    folder_path = os.path.join(base, folder)
    names = sorted(os.listdir(folder_path)) if os.path.isdir(folder_path) else []
    for name in names:
        stem, extension = os.path.splitext(name)
        if extension != ".md":
            continue
        snippet = readers.read_file(
            base_path=base,
            path=os.path.join(folder, name),
            content_class=Snippet,
            context=context,
        )
        snippets[stem] = snippet.content
    for required in settings["SNIPPETS_REQUIRED"]:
        if not snippets.get(required, "").strip():
            report(
                os.path.join(folder_path, f"{required}.md"),
                1,
                f"the '{required}' snippet is missing or empty; the theme shows it on every page",
                f"write its text in {folder}/{required}.md",
            )
    context["SNIPPETS"] = snippets
