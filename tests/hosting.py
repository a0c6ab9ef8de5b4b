"""The hosting policy as each host reads it: small parsers of `deploy/_headers`
(Netlify, Cloudflare Pages), `netlify.toml` and `deploy/nginx.conf`, and the
rules by which each host decides which headers an address gets. Shared by
tests/test_hosting.py (the three files agree and meet the policy) and
tests/test_server.py (nginx itself sends them).

The parsers read only what these files use; they are not general parsers of
the three formats.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from tests.sitebuild import ROOT

HEADERS_FILE = ROOT / "deploy" / "_headers"
NETLIFY_TOML = ROOT / "netlify.toml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"

YEAR = 365 * 24 * 3600

# Addresses of each kind of file, as the published site has them.
ADDRESSES = {
    "page": ["/", "/about/", "/faq/treatment/", "/index.html", "/side-effects/index.html"],
    "404 page": ["/404.html", "/no-such-page/"],
    "stylesheet or script": [
        "/theme/css/main.css",
        "/theme/js/search.js",
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-ui.js",
        "/pagefind/pagefind-ui.css",
        "/pagefind/pagefind-entry.json",
        "/pagefind/wasm.en.pagefind",
    ],
    "feed or crawler file": ["/feeds/updates.atom.xml", "/sitemap.xml", "/robots.txt"],
    "fingerprinted": [
        "/pagefind/fragment/en_0ebb8e8.pf_fragment",
        "/pagefind/index/en_1a16fe4.pf_index",
        "/pagefind/pagefind.en_494afa1748.pf_meta",
    ],
}
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
]
POLICY_HEADERS = [*SECURITY_HEADERS, "Cache-Control"]


# ---------------------------------------------------------------- _headers and netlify.toml


@dataclass
class Rule:
    """One rule of `_headers` or netlify.toml: a path pattern and its headers."""

    pattern: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    detached: list[str] = field(default_factory=list)  # `! Name` (Cloudflare Pages only)


def parse_headers_file(text: str) -> list[Rule]:
    """`_headers`: a path at the start of a line, then indented `Name: value` or `! Name`."""
    rules: list[Rule] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            assert stripped.startswith("/"), f"_headers:{number}: a rule must start with '/'"
            rules.append(Rule(stripped))
            continue
        assert rules, f"_headers:{number}: a header before any path"
        if stripped.startswith("!"):
            rules[-1].detached.append(stripped[1:].strip())
            continue
        name, colon, value = stripped.partition(":")
        assert colon and name.strip() and value.strip(), f"_headers:{number}: not 'Name: value'"
        rules[-1].headers.append((name.strip(), value.strip()))
    return rules


def parse_netlify_toml(text: str) -> list[Rule]:
    """netlify.toml's [[headers]] tables, in order."""
    return [
        Rule(table["for"], [(name, str(value)) for name, value in table["values"].items()])
        for table in tomllib.loads(text).get("headers", [])
    ]


def cloudflare_pattern(pattern: str) -> re.Pattern[str]:
    """Cloudflare Pages: `*` matches anything, `:name` one path segment, the rest literally."""
    regex = "(.*)".join(re.escape(part) for part in pattern.split("*"))
    regex = re.sub(r"\\?:[A-Za-z]\w*", "([^/]+)", regex)
    return re.compile(f"^{regex}$")


def netlify_pattern(pattern: str) -> re.Pattern[str]:
    """Netlify (its headers parser): per segment, `*` alone matches the rest, even
    nothing; `*` inside a segment anything; `:name` one segment; a final `/` is optional."""
    parts = []
    for part in filter(None, pattern.split("/")):
        if part.startswith(":"):
            parts.append("([^/]+)")
        elif part == "*":
            parts.append("?(.*)")
        else:
            parts.append("(.*)".join(re.escape(piece) for piece in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def cloudflare_headers(rules: list[Rule], path: str) -> dict[str, str]:
    """What Cloudflare Pages sends: every matching rule in order; `! Name` drops what
    earlier rules set, and a header set again is joined to the earlier value with ', '."""
    headers: dict[str, tuple[str, str]] = {}  # lower-case name: (name, value)
    set_before: set[str] = set()
    for rule in rules:
        if not cloudflare_pattern(rule.pattern).match(path):
            continue
        for name in rule.detached:
            headers.pop(name.lower(), None)
        for name, value in rule.headers:
            key = name.lower()
            if key in set_before and key in headers:
                headers[key] = (headers[key][0], f"{headers[key][1]}, {value}")
            else:
                headers[key] = (name, value)
                set_before.add(key)
    return dict(headers.values())


def netlify_headers(rules: list[Rule], path: str) -> dict[str, str]:
    """What Netlify sends: every matching rule; for a header set by several, the
    later one wins. Netlify does not know `! Name` lines and skips them."""
    headers: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if netlify_pattern(rule.pattern).match(path):
            for name, value in rule.headers:
                headers[name.lower()] = (name, value)
    return dict(headers.values())


# ---------------------------------------------------------------- nginx


@dataclass
class Location:
    modifier: str  # "", "=", "~", "~*" or "^~"
    pattern: str
    directives: list[list[str]]


@dataclass
class NginxServer:
    """The directives of deploy/nginx.conf (a server block's contents) and its locations."""

    directives: list[list[str]]
    locations: list[Location]

    def values(self, name: str) -> list[list[str]]:
        return [arguments for directive, *arguments in self.directives if directive == name]


NGINX_TOKEN = re.compile(
    r"""\s+ | \#[^\n]*                        # space, comments: dropped
    | "((?:[^"\\]|\\.)*)" | '((?:[^'\\]|\\.)*)'  # quoted strings
    | ([{};]) | ([^\s{};"'\#]+)               # marks, words""",
    re.VERBOSE,
)


def nginx_tokens(text: str) -> list[str]:
    """Words, quoted strings (unquoted) and the `{`, `}` and `;` marks; comments dropped."""
    tokens, position = [], 0
    while position < len(text):
        match = NGINX_TOKEN.match(text, position)
        assert match, f"nginx.conf: cannot read {text[position : position + 30]!r}"
        position = match.end()
        double, single, mark, word = match.groups()
        for value in (double, single, mark, word):
            if value is not None:
                tokens.append(value)
                break
    return tokens


def parse_nginx(text: str) -> NginxServer:
    """deploy/nginx.conf: directives, and `location [modifier] pattern { ... }` blocks."""
    tokens = nginx_tokens(text)
    directives: list[list[str]] = []
    locations: list[Location] = []
    current: list[list[str]] = directives
    statement: list[str] = []
    for item in tokens:
        if item == ";":
            current.append(statement)
            statement = []
        elif item == "{":
            assert statement[0] == "location" and current is directives, (
                f"nginx.conf: only location blocks are expected, got {statement}"
            )
            modifier, pattern = statement[1:] if len(statement) == 3 else ("", statement[1])
            locations.append(Location(modifier, pattern, []))
            current, statement = locations[-1].directives, []
        elif item == "}":
            assert current is not directives and not statement, "nginx.conf: unbalanced '}'"
            current = directives
        else:
            statement.append(item)
    assert not statement and current is directives, "nginx.conf: unfinished directive or block"
    return NginxServer(directives, locations)


def nginx_location(server: NginxServer, path: str) -> Location:
    """The location nginx picks: exact `=`, else the longest prefix unless it is `^~`
    and a regex matches (regexes tried in order)."""
    for location in server.locations:
        if location.modifier == "=" and location.pattern == path:
            return location
    prefixes = [
        location
        for location in server.locations
        if location.modifier in ("", "^~") and path.startswith(location.pattern)
    ]
    longest = max(prefixes, key=lambda location: len(location.pattern), default=None)
    if longest is None or longest.modifier != "^~":
        for location in server.locations:
            if location.modifier in ("~", "~*"):
                flags = re.IGNORECASE if location.modifier == "~*" else 0
                if re.search(location.pattern, path, flags):
                    return location
    assert longest is not None, f"nginx.conf: no location for {path}"
    return longest


def nginx_headers(server: NginxServer, path: str, *, status: int = 200) -> dict[str, str]:
    """The add_header headers nginx sends for `path` (a missing file: its error page's).

    A location with add_header of its own would replace the server's list;
    variables take the value the location `set`s."""
    if status != 200:
        error_pages = {
            code: arguments[-1]
            for arguments in server.values("error_page")
            for code in arguments[:-1]
        }
        path = error_pages[str(status)]
    location = nginx_location(server, path)
    variables = {
        arguments[0]: arguments[1]
        for directive, *arguments in location.directives
        if directive == "set"
    }
    own = [arguments for directive, *arguments in location.directives if directive == "add_header"]
    headers = {}
    for name, value, *_always in own or server.values("add_header"):
        for variable, replacement in variables.items():
            value = value.replace(variable, replacement)
        headers[name] = value
    return headers
