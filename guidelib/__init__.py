"""The guide's shared floor: code that the plugins, the site checker and the
tests all use, and that is not a Pelican plugin itself.

- problems: one shape for every message, `path:line: what — fix`;
- lines: where something is in a content file (the one line-finder);
- yaml_lines: YAML read with the line of every item and field;
- plaintext: page HTML as the text a reader sees;
- doses: the rule for "this text mentions a dose";
- reading: how hard a text is to read (grade, sentence and paragraph length);
- review: the review-date arithmetic.
- fingerprints: what a build's work depends on, and the records that keep it;
- shared_work: a list of items shared with a forked process per spare core.

It is installed in the virtual environment with the rest of the project
(requirements.txt ends with `-e .`), so nothing edits `sys.path` to import it.
"""
