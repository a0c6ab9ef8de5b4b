"""An Atom feed of content updates, from content/data/changelog.yaml.

This site has no blog, so a feed of articles would be empty. What followers
need to know is when guidance changes: each time editors review a page they
add a short, dated note to the changelog, and this plugin publishes the
notes, newest first, as `feeds/updates.atom.xml` (UPDATES_FEED_SAVE_AS), and
gives each page its own (`page.history`) for "What changed on this page".
Every entry is checked: a real date, a page that exists, a note that says
what changed; mistakes are reported as `path:line: what — fix`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import yaml
from feedgenerator import Atom1Feed
from pelican.generators import Generator

from guidelib import yaml_lines
from guidelib.plaintext import plain_text
from guidelib.problems import report


@dataclass(frozen=True)
class Update:
    day: date
    page: object  # the Page it changed
    note: str
    line: int


class UpdatesFeedGenerator(Generator):
    """Reads the changelog once the pages are known, writes the feed."""

    def generate_context(self) -> None:
        path = os.path.join(self.path, self.settings["CHANGELOG_PATH"])
        pages = self.context.get("pages", []) + self.context.get("hidden_pages", [])
        self.updates = read_changelog(path, {page.slug: page for page in pages})
        self.context["CONTENT_UPDATES"] = self.updates
        # Each page's own entries, newest first, for "What changed on this page".
        for page in pages:
            page.history = []
        for update in self.updates:
            update.page.history.append(update)

    def generate_output(self, writer) -> None:
        save_as = self.settings.get("UPDATES_FEED_SAVE_AS")
        if not save_as or not self.updates:
            return
        siteurl = self.settings.get("SITEURL", "")
        feed = Atom1Feed(
            title=f"{self.settings['SITENAME']}: updates",
            link=f"{siteurl}/",
            feed_url=f"{siteurl}/{save_as}",
            description="When a page of the guide is reviewed or changed, and what changed.",
            language=self.settings.get("DEFAULT_LANG", "en"),
        )
        domain = siteurl.split("://")[-1].split("/")[0] or "localhost"
        for update in self.updates:
            stamp = datetime.combine(update.day, time(), tzinfo=UTC)
            title = plain_text(update.page.title)
            feed.add_item(
                title=f"{title}: updated {update.day:%-d %B %Y}",
                link=f"{siteurl}/{update.page.url}",
                description=update.note,
                pubdate=stamp,
                updateddate=stamp,
                unique_id=f"tag:{domain},{update.day.isoformat()}:{update.page.slug}",
            )
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")


def read_changelog(path: str, pages_by_slug: dict) -> list[Update]:
    """The changelog's entries, newest first; each mistake reported with its line."""
    if not os.path.isfile(path):
        return []
    try:
        node = yaml_lines.compose(path)
    except yaml_lines.Malformed as error:
        line, what = yaml_lines.malformed(error)
        report(path, line, what, "check the indentation, and put a note that holds ': ' in quotes")
        return []
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        report(
            path, 1, "the changelog must be a list", "start each entry with '- date: YYYY-MM-DD'"
        )
        return []
    updates = []
    for item in node.value:
        line = yaml_lines.line_of(item)
        try:
            entry = yaml_lines.construct(item)
        except ValueError as error:  # a date YAML reads as a date but the calendar lacks
            report(path, line, f"a date is not a real date ({error})", "write it as YYYY-MM-DD")
            continue
        update = _update(path, line, entry if isinstance(entry, dict) else {}, pages_by_slug)
        if update:
            updates.append(update)
    return sorted(updates, key=lambda u: (u.day, u.page.slug), reverse=True)


def _update(path: str, line: int, entry: dict, pages_by_slug: dict) -> Update | None:
    day, slug, note = entry.get("date"), str(entry.get("page", "")), str(entry.get("note", ""))
    if not isinstance(day, date):
        report(path, line, f"'date: {day}' is not a date", "write it as YYYY-MM-DD")
        return None
    if slug not in pages_by_slug:
        report(
            path, line, f"'page: {slug}' names no page", "give the Slug of the page that changed"
        )
        return None
    if len(note.split()) < 3:
        report(path, line, "the note does not say what changed", "write a short sentence")
        return None
    return Update(day, pages_by_slug[slug], note.strip(), line)
