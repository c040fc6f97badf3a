"""The charts in other Python processes, as the book build's kernels make them: the same exports and the same
source lists from every process, whatever its time zone or string-hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tariffbook.charts import tables


def test_exports_are_byte_identical_across_processes_and_time_zones(tmp_path, built):
    """The same spec gives the same SVG and PNG bytes in another process, in another time zone."""
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(built["japan"].to_dict()))
    script = (
        "import json, sys, hashlib; from tariffbook.charts import exports as e; import vl_convert as v;"
        "s = json.load(open(sys.argv[1])); e._utc();"
        "print(hashlib.sha256(e.normalise_svg(v.vegalite_to_svg(e.export_spec(s))).encode()).hexdigest(),"
        "hashlib.sha256(v.vegalite_to_png(e.export_spec(s), scale=2)).hexdigest())"
    )
    digests = {
        tz: subprocess.run(
            [sys.executable, "-c", script, str(spec_file)],
            env=dict(os.environ, TZ=tz),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for tz in ("UTC", "America/New_York")
    }
    assert digests["UTC"] == digests["America/New_York"] and len(digests["UTC"].split()) == 2


def test_a_source_list_is_the_same_in_every_process():
    """Two sources of one publisher with no date share a label; their order under a chart came from a set, so each
    process (each string-hash seed) wrote the page differently, and the incremental build saw outputs change."""
    # (the HTS viewer sources this test used are gone since December 2026: the rows quote the USITC's own text)
    ids = ["dominion-2025-06-steel-50", "dominion-2025-06-aluminium-50"]
    assert len({tables.source_label(s) for s in ids}) < len(ids)  # the tie this test is about
    code = f"from tariffbook.charts.tables import source_list; print(source_list({ids!r}))"
    lists = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(lists) == 1
    (html_,) = lists
    assert html_.index("aluminium-50") < html_.index("steel-50")
