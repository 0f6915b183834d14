"""Compare two `simlab study` reports on the models they share, cell for cell.

Two studies of one zoo with different settings (the quick preset on every model, the paper preset on a subset)
have different headline means partly because they cover different cells. This script restricts both reports to
the models they have in common and prints, for each like-for-like group of cells (SPEC §5: eps 0 of different
architectures, all different architectures, same architecture, seed replicates), the mean debiased CKA of the
natural and inverted matrices in each study, so the settings are the only difference left.

    python3 examples/python/compare_studies.py docs/results/mnist-quick/report.json \
        docs/results/mnist-paper/report.json

Means only: the reports hold each cell's interval, not the per-group values a paired interval of a mean needs
(the studies' own summaries give the headline intervals). Needs Python 3 only.
"""

import json
import sys

GROUPS = [
    ("eps 0, other architectures", lambda a, b: a["architecture"] != b["architecture"] and a["eps"] == 0 == b["eps"]),
    ("all other architectures", lambda a, b: a["architecture"] != b["architecture"]),
    ("same architecture", lambda a, b: a["architecture"] == b["architecture"]),
    (
        "seed replicates",
        lambda a, b: a["architecture"] == b["architecture"]
        and a["eps"] == b["eps"]
        and a.get("norm") == b.get("norm"),
    ),
]


def load(path):
    with open(path) as f:
        report = json.load(f)
    models = {m["id"]: m for m in report["models"]}
    return report, models


def debiased(matrix, row, column):
    cell = matrix["cells"][row][column]
    value = cell.get("debiased", {}).get("value")
    if value is None:
        raise SystemExit(f"cell {matrix['ids'][row]} x {matrix['ids'][column]} has no debiased CKA")
    return value


def group_means(report, models, ids):
    """{group: {"natural": mean, "inverted": mean, "cells": count}} over ordered pairs of `ids`."""
    out = {}
    for kind in ("natural", "inverted"):
        matrix = report[kind]
        index = {model_id: i for i, model_id in enumerate(matrix["ids"])}
        for name, belongs in GROUPS:
            values = [
                debiased(matrix, index[r], index[c])
                for r in ids
                for c in ids
                if r != c and belongs(models[r], models[c])
            ]
            entry = out.setdefault(name, {"cells": len(values)})
            entry[kind] = sum(values) / len(values) if values else None
    return out


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: compare_studies.py A/report.json B/report.json")
    (a, a_models), (b, b_models) = load(argv[1]), load(argv[2])
    shared = [model_id for model_id in a["inverted"]["ids"] if model_id in b_models]
    if len(shared) < 2:
        raise SystemExit(f"the reports share {len(shared)} model(s); a comparison needs at least 2")
    mismatched = [m for m in shared if a_models[m]["weightsHash"] != b_models[m]["weightsHash"]]
    if mismatched:
        raise SystemExit(f"models with the same id but different weights: {', '.join(mismatched)}")
    label = lambda r: (
        f"{r['params']['preset']}, {r['pairs']['count']} pairs, {r['params']['inversion']['iterations']} iterations"
    )
    print(f"A: {label(a)}\nB: {label(b)}\n{len(shared)} shared models: {', '.join(shared)}\n")
    print(f"{'cells (debiased CKA means)':30} {'n':>5}  {'natural A':>9} {'natural B':>9}  {'inverted A':>10} {'inverted B':>10}")
    ma, mb = group_means(a, a_models, shared), group_means(b, b_models, shared)
    fmt = lambda v: f"{v:.3f}" if v is not None else "-"
    for name, _ in GROUPS:
        x, y = ma[name], mb[name]
        print(
            f"{name:30} {x['cells']:>5}  {fmt(x['natural']):>9} {fmt(y['natural']):>9}  "
            f"{fmt(x['inverted']):>10} {fmt(y['inverted']):>10}"
        )


if __name__ == "__main__":
    main(sys.argv)
