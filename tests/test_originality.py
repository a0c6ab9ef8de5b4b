"""Rule 1 of the content: our own words. Facts carry over from the seeds, sentences do not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.sitebuild import ROOT

SHARED = ROOT.parent / "shared"
OVERLAP = SHARED / "tools" / "overlap.py"
SEEDS = SHARED / "seeds"


@pytest.mark.skipif(
    not (OVERLAP.is_file() and SEEDS.is_dir()),
    reason="../shared/seeds and ../shared/tools/overlap.py are not beside this checkout",
)
def test_content_shares_no_ten_word_run_with_the_seed_articles():
    result = subprocess.run(
        [sys.executable, str(OVERLAP), str(SEEDS), str(ROOT / "content")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "Rewrite in your own words:\n" + result.stdout
