"""The Makefile: every command an editor can run is described by `make help`."""

from __future__ import annotations

import re
import subprocess

from tests.sitebuild import ROOT


def test_make_help_describes_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.MULTILINE).group(1).split()
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "help"], capture_output=True, text=True)
    described = set(re.findall(r"make (\w+)", result.stdout))
    missing = [t for t in phony if t not in described and t not in {"help", "venv"}]
    assert not missing, f"make help does not describe: {missing}"
