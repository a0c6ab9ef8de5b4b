"""The hosting files (issue 8, item 2): one policy, written three times.

`deploy/_headers` (Netlify, Cloudflare Pages), `netlify.toml` and
`deploy/nginx.conf` are read here with small parsers of their own, and each
is asked, the way its host decides, which headers a given address gets. For
every kind of file (pages, the 404 page, the stylesheet and scripts, feeds,
fingerprinted files) the three must give the same headers, with the same
values, and those headers must meet the policy: a Content-Security-Policy
that allows nothing inline, frame-ancestors 'none', HSTS for at least a
year, nosniff, a Referrer-Policy, a Permissions-Policy, and long cache
lifetimes only for files whose names change with their content.

The parsers live in tests/hosting.py. tests/test_server.py checks nginx itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PRODUCTION_SITEURL
from tests.hosting import (
    ADDRESSES,
    HEADERS_FILE,
    NETLIFY_TOML,
    NGINX_CONF,
    POLICY_HEADERS,
    YEAR,
    cloudflare_headers,
    netlify_headers,
    nginx_headers,
    parse_headers_file,
    parse_netlify_toml,
    parse_nginx,
)

# ---------------------------------------------------------------- the three files


@pytest.fixture(scope="module")
def hosts() -> dict[str, Callable[[str], dict[str, str]]]:
    """Each host's answer to: which policy headers does this address get?"""
    headers_rules = parse_headers_file(HEADERS_FILE.read_text(encoding="utf-8"))
    toml_rules = parse_netlify_toml(NETLIFY_TOML.read_text(encoding="utf-8"))
    server = parse_nginx(NGINX_CONF.read_text(encoding="utf-8"))

    def nginx(path: str) -> dict[str, str]:
        missing = path == "/no-such-page/"
        return nginx_headers(server, path, status=404 if missing else 200)

    return {
        "_headers on Cloudflare Pages": lambda path: cloudflare_headers(headers_rules, path),
        "_headers on Netlify": lambda path: netlify_headers(headers_rules, path),
        "netlify.toml": lambda path: netlify_headers(toml_rules, path),
        "deploy/nginx.conf": nginx,
    }


def policy(headers: dict[str, str]) -> dict[str, str]:
    """The policy's headers, by their usual spelling (header names ignore case)."""
    by_name = {name.lower(): value for name, value in headers.items()}
    return {name: by_name[name.lower()] for name in POLICY_HEADERS if name.lower() in by_name}


def every_address() -> list:
    return [
        pytest.param(kind, path, id=f"{kind}: {path}")
        for kind, paths in ADDRESSES.items()
        for path in paths
    ]


@pytest.mark.parametrize(("kind", "path"), every_address())
def test_the_three_files_send_the_same_headers(hosts, kind, path):
    sent = {host: headers_for(path) for host, headers_for in hosts.items()}
    reference = sent["deploy/nginx.conf"]
    for host, headers in sent.items():
        assert policy(headers) == policy(reference), (
            f"{kind} {path}: {host} sends other headers than deploy/nginx.conf — "
            f"make the three files agree\n{host}: {headers}\ndeploy/nginx.conf: {reference}"
        )
    missing = [name for name in POLICY_HEADERS if name not in policy(reference)]
    assert not missing, f"{kind} {path}: no {', '.join(missing)}"


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (piece.strip() for piece in value.split(";"))):
        name, *sources = part.split()
        assert name.lower() not in directives, f"CSP: '{name}' twice"
        directives[name.lower()] = sources
    return directives


@pytest.mark.parametrize(("kind", "path"), every_address())
def test_the_security_headers_meet_the_policy(hosts, kind, path):
    headers = policy(hosts["deploy/nginx.conf"](path))

    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp.get("default-src") == ["'self'"], csp
    every_source = [source.lower() for sources in csp.values() for source in sources]
    for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:"):
        assert forbidden not in every_source, f"CSP allows {forbidden}"
    assert not any(source.startswith(("'sha", "'nonce-")) for source in every_source), (
        "CSP allows inline code by hash or nonce: move it into a file"
    )
    assert not any("://" in source for source in every_source), "CSP allows another site"
    assert csp.get("script-src") == ["'self'", "'wasm-unsafe-eval'"], csp.get("script-src")
    assert csp.get("style-src", ["'self'"]) == ["'self'"]
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("object-src") == ["'none'"]
    assert csp.get("base-uri") in (["'self'"], ["'none'"])
    assert csp.get("form-action") == ["'self'"]
    assert set(csp.get("img-src", ["'self'"])) <= {"'self'", "data:"}

    hsts = headers["Strict-Transport-Security"].lower()
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age and int(max_age[1]) >= YEAR, f"HSTS max-age under a year: {hsts}"
    assert "includesubdomains" in hsts

    assert headers["X-Content-Type-Options"].lower() == "nosniff"
    assert headers["Referrer-Policy"].lower() in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )
    features = {
        name.strip(): allowed.strip()
        for name, _, allowed in (
            item.partition("=") for item in headers["Permissions-Policy"].split(",")
        )
    }
    for feature in ("camera", "microphone", "geolocation", "browsing-topics"):
        assert features.get(feature) == "()", f"Permissions-Policy leaves {feature} on"


def cache_directives(value: str) -> dict[str, str]:
    return {
        name.strip().lower(): argument.strip()
        for name, _, argument in (item.partition("=") for item in value.split(","))
    }


@pytest.mark.parametrize(("kind", "path"), every_address())
def test_long_cache_lifetimes_only_for_fingerprinted_files(hosts, kind, path):
    cache = cache_directives(policy(hosts["deploy/nginx.conf"](path))["Cache-Control"])
    if kind == "fingerprinted":
        assert int(cache.get("max-age", 0)) >= YEAR and "immutable" in cache, cache
        assert "no-cache" not in cache and "no-store" not in cache, cache
    else:
        # Kept, but checked with the server before each use (or within the hour).
        assert "immutable" not in cache, f"{path} keeps its name when it changes: {cache}"
        assert "no-cache" in cache or int(cache.get("max-age", YEAR)) <= 3600, cache


def test_nginx_sends_the_headers_with_errors_too():
    server = parse_nginx(NGINX_CONF.read_text(encoding="utf-8"))
    for name, _value, *flags in server.values("add_header"):
        assert flags == ["always"], f"add_header {name}: add 'always', or a 404 goes without it"
    assert ["404", "/404.html"] in server.values("error_page")
    for location in server.locations:
        assert any(
            directive == "set" and arguments[0] == "$cache_control"
            for directive, *arguments in location.directives
        ), f"location {location.pattern}: set $cache_control (or the header is left out)"
        assert not any(directive == "add_header" for directive, *_ in location.directives), (
            f"location {location.pattern}: an add_header here drops the server's headers"
        )


def test_nginx_serves_precompressed_files():
    server = parse_nginx(NGINX_CONF.read_text(encoding="utf-8"))
    assert ["on"] in server.values("brotli_static")
    assert ["on"] in server.values("gzip_static")
    assert ["on"] in server.values("gzip_vary")


# ---------------------------------------------------------------- the published site


def built_address(output: Path, file: Path) -> str:
    return "/" + file.relative_to(output).as_posix()


def test_the_headers_file_has_nothing_jinja_would_read():
    # publishconf.py writes it as a template page (TEMPLATE_PAGES), through Jinja.
    text = HEADERS_FILE.read_text(encoding="utf-8")
    assert "{" not in text and "}" not in text, f"{HEADERS_FILE}: no curly braces, please"


def test_the_headers_file_is_at_the_root_of_the_publish_build(published_site):
    published = published_site.output / "_headers"
    assert published.is_file(), (
        "make publish did not write deploy/_headers to the root (TEMPLATE_PAGES, publishconf.py)"
    )
    assert parse_headers_file(published.read_text(encoding="utf-8")) == parse_headers_file(
        HEADERS_FILE.read_text(encoding="utf-8")
    )


def test_only_files_named_by_their_content_are_cached_for_long(published_site, hosts):
    output = published_site.output
    nginx = hosts["deploy/nginx.conf"]
    long_lived = set()
    for file in sorted(output.rglob("*")):
        if not file.is_file() or file.suffix in (".gz", ".br"):
            continue
        address = built_address(output, file)
        if "immutable" in nginx(address)["Cache-Control"]:
            long_lived.add(address)
            assert re.search(r"_[0-9a-f]{7,}\.pf_[a-z]+$", file.name), (
                f"{address} is cached for a year but its name has no content hash"
            )
    for example in ADDRESSES["fingerprinted"]:
        folder = example.rsplit("/", 1)[0]
        assert any(address.startswith(folder + "/") for address in long_lived), (
            f"no built file under {folder}/ is cached for long: Pagefind's names changed?"
        )
    for fixed in ADDRESSES["stylesheet or script"]:
        assert (output / fixed.lstrip("/")).is_file(), f"{fixed} is not in the publish build"


EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
SUBRESOURCES = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src"}


def csp_blocks(page: BeautifulSoup) -> list[str]:
    """What on a page the Content-Security-Policy would block, or lets another site serve."""
    found = []
    for element in page.find_all(True):
        if element.has_attr("style"):
            found.append(f"style attribute on <{element.name}>")
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event handler {name} on <{element.name}>")
            if isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                found.append(f"javascript: address in <{element.name} {name}>")
        if element.name == "style":
            found.append("<style> element")
        if element.name == "base":
            found.append("<base> element")
        if element.name == "script" and not element.has_attr("src"):
            kind = element.get("type", "").strip().lower()
            if kind in EXECUTABLE_SCRIPT_TYPES:
                found.append("inline <script>")
        attribute = SUBRESOURCES.get(element.name) or (
            "href" if element.name == "link" and "stylesheet" in element.get("rel", []) else None
        )
        address = element.get(attribute, "") if attribute else ""
        if address.startswith(("http:", "https:", "//")) and not address.startswith(
            PRODUCTION_SITEURL + "/"
        ):
            found.append(f"<{element.name}> from another site: {address}")
        if element.name == "form":
            action = element.get("action", "")
            if action.startswith(("http:", "https:", "//")) and not action.startswith(
                PRODUCTION_SITEURL + "/"
            ):
                found.append(f"form posting to another site: {action}")
    return found


def test_the_published_pages_need_nothing_the_policy_blocks(published_site):
    problems = [
        f"{name}: {problem}"
        for name, page in published_site.pages.items()
        for problem in csp_blocks(page)
    ]
    assert not problems, "the Content-Security-Policy would block:\n" + "\n".join(problems)


def test_the_checker_of_pages_finds_what_the_policy_blocks():
    page = BeautifulSoup(
        '<p style="color:red" onclick="go()">x</p><style>p{}</style>'
        '<script>alert(1)</script><script type="application/ld+json">{}</script>'
        '<a href="javascript:go()">y</a><script src="https://cdn.example.com/x.js"></script>',
        "html.parser",
    )
    assert csp_blocks(page) == [
        "style attribute on <p>",
        "event handler onclick on <p>",
        "<style> element",
        "inline <script>",
        "javascript: address in <a href>",
        "<script> from another site: https://cdn.example.com/x.js",
    ]
