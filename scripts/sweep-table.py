#!/usr/bin/env python3
"""Collects a sweep's run settings and evaluation JSON into one Markdown table (or CSV with --csv).

    scripts/sweep-table.py OUT_DIR [--csv]

Reads OUT_DIR/run-*/run.json (what `gankit train` was asked) and OUT_DIR/run-*/evaluation.json (`gankit evaluate
--json`); the columns are the settings that differ between runs, then every scalar score. Standard library only.
"""
import csv
import json
import pathlib
import re
import sys


def scalars(obj):
    return {k: v for k, v in obj.items() if isinstance(v, (bool, int, float, str))}


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    out = pathlib.Path(argv[0])
    rows = []
    for run in sorted(out.glob("run-*"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
        if not run.is_dir():
            continue
        settings = json.loads((run / "run.json").read_text()) if (run / "run.json").exists() else {}
        evaluation = run / "evaluation.json"
        scores = scalars(json.loads(evaluation.read_text())) if evaluation.exists() else {"status": "no evaluation"}
        rows.append((run.name, scalars(settings), scores))
    if not rows:
        print(f"no run-* folders in {out}", file=sys.stderr)
        return 1
    setting_keys = sorted({k for _, s, _ in rows for k in s})
    varying = [k for k in setting_keys if len({json.dumps(s.get(k)) for _, s, _ in rows}) > 1]
    score_keys = []
    for _, _, e in rows:
        score_keys += [k for k in e if k not in score_keys]
    header = ["run"] + varying + score_keys
    table = [[name] + [s.get(k, "") for k in varying] + [e.get(k, "") for k in score_keys] for name, s, e in rows]

    def fmt(v):
        return f"{v:.4g}" if isinstance(v, float) else str(v)

    if "--csv" in argv:
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(table)
    else:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in table:
            print("| " + " | ".join(fmt(v) for v in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
