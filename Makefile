# Makefile for the ketamine pain guide, a Pelican site.
# Targets follow pelican-quickstart 4.12's names; `make help` lists them.
# Every target that needs Python first makes sure the virtual environment
# exists and matches requirements.txt, so a fresh clone needs nothing else.

PY ?= python3
VENV ?= .venv
VENV_STAMP := $(VENV)/.requirements-installed
PELICAN := $(VENV)/bin/pelican

BASEDIR := $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py

# Every problem as one plain `path:line: what — fix` line, none hidden by
# Pelican's de-duplication of similar messages (which, in the one long
# process of `make devserver`, would hide a problem that comes back).
LOGOPTS := --logs-dedup-min-level DEBUG --log-handler plain
# Strict builds: any warning fails the build (the strict_build plugin lists
# every problem as path:line before failing).
STRICT := --fatal warnings $(LOGOPTS)
PELICANOPTS ?=

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

PORT ?= 8000
SERVER ?= 127.0.0.1

GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_COMMIT_MESSAGE ?= Generate Pelican site

# Build into a scratch folder, then swap it in: a failed build leaves the
# previous output/ untouched instead of half-written (why we do not use
# Pelican's DELETE_OUTPUT_DIRECTORY). `make html` and `make publish` share
# build_site; publish checks, minifies and precompresses the scratch folder
# before it swaps it in. $(1) is the settings file, $(2) the scratch folder.
#
# The scratch folder starts as the build before last (`make html`: see
# reuse_old_build; `make publish` starts from nothing), and the build writes
# over it: writing over a file costs a fifth of making a new one and its
# folder, and on a large site making them was most of a rebuild. What that
# base holds and this build did not write (a page since deleted) is then
# removed: anything whose inode was not changed since the build started
# ($(2).started; every write, copy or touch changes it). Pagefind's folder is
# left out of that rule: Pagefind does not write again an index file it finds
# already there (their names are hashes of their contents), so a file of the
# current index may be old. Files of earlier indexes, which nothing refers
# to, stay there until they outnumber twice the pages; then the index is
# made afresh. Stale pages are removed before Pagefind runs, so they are
# never indexed.
#
# The search index (Pagefind, into pagefind/) is built in the scratch folder
# too, so a site is never swapped in without its index. What it leaves out of
# the index is in pagefind.yml, which Pagefind reads from this folder. Its
# log is shown only when it fails.
# PYTHONHASHSEED is fixed because Pelican collects the content files in a
# set: with Python's random hash seed, the order pages are read in, and so
# any list made in that order (the Sources page's "Cited on"), changed from
# one build to the next, and the same commit did not build the same site.
define build_site
	@mkdir -p "$(2)" && touch "$(2).started"
	@PYTHONHASHSEED=0 "$(PELICAN)" "$(INPUTDIR)" -o "$(2)" -s "$(1)" $(STRICT) $(PELICANOPTS) \
		|| { $(call set_aside,$(2)); echo "Build failed: output/ was left as it was." >&2; exit 1; }
	@cd "$(2)" && find . ! -type d ! -path "./pagefind/*" ! -cnewer "$$PWD.started" -delete \
		&& find . -mindepth 1 -type d -empty -delete && rm -f "$$PWD.started"
	@indexed=$$(find "$(2)/pagefind/fragment" -type f 2>/dev/null | wc -l); \
		pages=$$(find "$(2)" -name "*.html" | wc -l); \
		[ "$$indexed" -le $$((2 * pages)) ] || rm -rf "$(2)/pagefind"
	@log=$$(cd "$(BASEDIR)" && $(PAGEFIND) --site "$(2)" --quiet 2>&1) \
		|| { printf '%s\n' "$$log" >&2; $(call set_aside,$(2)); \
			echo "The search index could not be built: output/ was left as it was." >&2; exit 1; }
endef

# `make html`'s base: the build before last, if no scratch folder is left.
define reuse_old_build
	@[ -d "$(1)" ] || [ ! -d "$(OUTPUTDIR).old" ] || mv "$(OUTPUTDIR).old" "$(1)"
endef

# A failed build's scratch folder $(1) is kept as the next build's base.
set_aside = rm -rf "$(OUTPUTDIR).old" "$(1).started"; mv "$(1)" "$(OUTPUTDIR).old"

# Pagefind's own program, from the pagefind[bin] package: `python -m pagefind`
# only starts Python to hand over to it (a fifth of a second each build).
# Looked up when a recipe runs, so after the virtual environment exists.
PAGEFIND = $(or $(firstword $(wildcard $(VENV)/lib/python3*/site-packages/pagefind_bin/pagefind)),"$(VENV)/bin/python" -m pagefind)

# Replace output/ by the finished scratch folder $(1); the output it replaces
# is kept as $(OUTPUTDIR).old, the base of the next `make html`.
define swap_in
	@rm -rf "$(OUTPUTDIR).old" && { [ ! -d "$(OUTPUTDIR)" ] || mv "$(OUTPUTDIR)" "$(OUTPUTDIR).old"; } \
		&& mv "$(1)" "$(OUTPUTDIR)"
endef

help:
	@echo 'Usage: make TARGET'
	@echo ''
	@echo '  make html         build the site and its search index into output/ (development settings)'
	@echo '  make test         run every test: lint, build checks, the built site'
	@echo '  make lint         check the Python code style with ruff'
	@echo '  make check        check the built site: links, disclaimers, citations, dates, accessibility'
	@echo '  make linkcheck    build, then check every external link live (needs the internet)'
	@echo '  make screenshots  build, then save pictures of each type of page to look at (tests/screenshots/)'
	@echo '  make bench        time build and checks on synthetic sites (SIZES=100,1000,5000), beside plain Pelican'
	@echo '  make clean        remove output/, caches and build scratch folders'
	@echo '  make regenerate   rebuild whenever a file changes (no server)'
	@echo '  make serve        serve output/ at http://$(SERVER):$(PORT)/'
	@echo '  make devserver    rebuild on every change and serve at http://$(SERVER):$(PORT)/'
	@echo '  make publish      build, check, minify and precompress the production site (needs SITEURL=https://...)'
	@echo '  make github       publish, then push output/ to the $(GITHUB_PAGES_BRANCH) branch'
	@echo ''
	@echo 'Options: DEBUG=1 for Pelican debug messages, PORT=8000, SERVER=127.0.0.1'

# The virtual environment is (re)built when missing or older than requirements.txt.
$(VENV_STAMP): requirements.txt
	@test -x "$(VENV)/bin/python" || $(PY) -m venv "$(VENV)" \
		|| { echo "Could not create $(VENV): install Python 3.11+ with venv (apt-get install python3-venv)." >&2; exit 1; }
	"$(VENV)/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
	@touch "$@"

venv: $(VENV_STAMP)

html: $(VENV_STAMP)
	$(call reuse_old_build,$(OUTPUTDIR).new)
	$(call build_site,$(CONFFILE),$(OUTPUTDIR).new)
	$(call swap_in,$(OUTPUTDIR).new)

# The production site: built with publishconf.py into a fresh scratch folder,
# checked there with every site check (HTML validity included), and only then
# minified and precompressed (publish/, which explains why in that order) and
# swapped in for output/. Any failure removes the scratch folder and leaves
# output/ as it was. Two runs on the same commit give the same bytes.
PUBLISH_SCRATCH := $(OUTPUTDIR).publish

publish: $(VENV_STAMP)
	@test -n "$$SITEURL" || { echo "make publish: set SITEURL to the site's address, e.g. SITEURL=https://example.org make publish" >&2; exit 1; }
	@rm -rf "$(PUBLISH_SCRATCH)"
	$(call build_site,$(PUBLISHCONF),$(PUBLISH_SCRATCH))
	@"$(VENV)/bin/python" -m sitecheck "$(PUBLISH_SCRATCH)" --siteurl "$$SITEURL" \
		|| { rm -rf "$(PUBLISH_SCRATCH)"; echo "make publish: not published: fix the problems listed above; output/ was left as it was." >&2; exit 1; }
	@"$(VENV)/bin/python" -m publish "$(PUBLISH_SCRATCH)" \
		|| { rm -rf "$(PUBLISH_SCRATCH)"; echo "make publish: not published: output/ was left as it was." >&2; exit 1; }
	$(call swap_in,$(PUBLISH_SCRATCH))

# HTML_CodeSniffer, which the browser tests run beside axe-core, comes from
# the npm registry at the version package-lock.json pins.
HTMLCS := node_modules/html_codesniffer/build/HTMLCS.js

$(HTMLCS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make test: npm is needed to install HTML_CodeSniffer for the browser tests: install Node.js (apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch "$@"

# The tests run on every core (pytest-xdist), a whole file to a worker as
# workers become free ("loadfile"): a file's tests share its fixtures, made
# once per worker (the browser tests share one visit of every page).
test: $(VENV_STAMP) $(HTMLCS) lint
	"$(VENV)/bin/python" -m pytest -n auto --dist loadfile --no-loadscope-reorder

# The editor's report on the built site (output/): one line per problem.
check: $(VENV_STAMP)
	"$(VENV)/bin/python" -m sitecheck "$(OUTPUTDIR)"

# External links, checked live by lychee (settings in lychee.toml, cache in
# .lycheecache); linkcheck/ prints the report. LINKCHECK_BUILD= checks
# OUTPUTDIR as it is, without building; LINKCHECKOPTS adds options, e.g.
# --config extra.toml (merged over lychee.toml) or --cache-dir DIR.
LINKCHECK_BUILD ?= html
LINKCHECKOPTS ?=

linkcheck: $(VENV_STAMP) $(LINKCHECK_BUILD)
	"$(VENV)/bin/python" -m linkcheck "$(OUTPUTDIR)" --content "$(INPUTDIR)" $(LINKCHECKOPTS)

# Pictures of each type of page, light, dark and 320 px, for a person to look at.
screenshots: html
	"$(VENV)/bin/python" -m tests.screenshots "$(OUTPUTDIR)"

# Speed goals live here, not in timed tests (bench/run.py says what it measures).
SIZES ?= 100,1000,5000
REPEAT ?= 3

bench: $(VENV_STAMP)
	"$(VENV)/bin/python" -m bench.run --sizes "$(SIZES)" --repeat "$(REPEAT)"

lint: $(VENV_STAMP)
	"$(VENV)/bin/ruff" check .
	"$(VENV)/bin/ruff" format --check .

clean:
	rm -rf "$(OUTPUTDIR)" "$(OUTPUTDIR)".new* "$(OUTPUTDIR)".old "$(OUTPUTDIR)".publish* cache .pytest_cache .ruff_cache

regenerate: $(VENV_STAMP)
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(LOGOPTS) $(PELICANOPTS)

serve: $(VENV_STAMP)
	"$(PELICAN)" -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(SERVER) $(PELICANOPTS)

# Every rebuild lists its problems as `make html` does, and the server keeps
# running. The search index is not rebuilt on each change (that keeps a
# rebuild under a second): search shows the index of the last `make html`.
devserver: $(VENV_STAMP)
	@echo "devserver: rebuilding on every change; the search index is not rebuilt here (run make html for it)."
	"$(PELICAN)" -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(SERVER) $(LOGOPTS) $(PELICANOPTS)

github: publish
	"$(VENV)/bin/ghp-import" -m "$(GITHUB_PAGES_COMMIT_MESSAGE)" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)" --no-jekyll
	git push origin $(GITHUB_PAGES_BRANCH)

.PHONY: help venv html publish test check linkcheck screenshots bench lint clean regenerate serve devserver github
