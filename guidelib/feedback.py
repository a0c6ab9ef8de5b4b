"""Where readers report a problem: the FEEDBACK_URL setting, checked and filled in.

The setting is a link template, an issue tracker's "new issue" address or a
`mailto:`, with `{title}` and `{url}` where the page's title and address go
(both URL-encoded), so a report says which page it is about. The settings
files check it (publishing needs one); the theme fills it in for each page
with the `report_link` filter. Nothing is sent by script.
"""

from __future__ import annotations

import string
from urllib.parse import quote

PLACEHOLDERS = ("title", "url")
SCHEMES = ("https://", "mailto:")
EXAMPLE = "https://github.com/OWNER/REPO/issues/new?title={title}&body={url}"


def problem(template: str) -> str | None:
    """What is wrong with a non-empty FEEDBACK_URL, or None when it will do."""
    if not template.startswith(SCHEMES):
        return f"FEEDBACK_URL {template!r} does not start with https:// or mailto:"
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return f"FEEDBACK_URL {template!r} has a {{ or }} with no partner"
    unknown = sorted(fields - set(PLACEHOLDERS))
    if unknown:
        return f"FEEDBACK_URL has an unknown placeholder {{{unknown[0]}}}"
    if "url" not in fields:
        return "FEEDBACK_URL has no {url}, so a report would not say which page it is about"
    return None


def report_link(template: str, title: str, url: str) -> str:
    """The template with this page's title and address filled in; '' when it is
    unset or malformed (plugins/feedback has then stopped the build at its line)."""
    if not template or problem(template):
        return ""
    return template.format(title=quote(title, safe=""), url=quote(url, safe=""))
