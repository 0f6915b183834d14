"""Does a study replicate on other seeds? Compare two `simlab study` reports of the same design whose models
differ only in their training seed (zoo v2's replicate-1 and replicate-2 halves, say), cell for cell.

compare_studies.py compares two designs on the models they share; here the studies share no model, so models are
matched by what the design fixes (architecture, training eps and norm), which must name exactly one model in
each report. For the matched models the script prints:

- each like-for-like group's mean debiased CKA (SPEC §5) in both studies, natural and inverted;
- how well the matrices agree cell by cell: Pearson and Spearman correlation of the matched off-diagonal cells,
  and their mean absolute difference;
- each model's trend measures (mean debiased CKA to the other architectures: inverted row and column, natural)
  in both studies, with the Spearman correlation of each measure across models.

    python3 examples/python/replicate_studies.py docs/results/mnist-paper-r1/report.json \
        docs/results/mnist-paper-r2/report.json

Means only, as in compare_studies.py: the studies' own summaries give the headline intervals. Needs Python 3 only.
"""

import math
import sys

from compare_studies import GROUPS, debiased, group_means, load


def design_key(model):
    return (model["architecture"], model["eps"], model.get("norm", "l2"))


def by_design(report, name):
    """{design key: model id}; refuses a report in which two models share a key (seed replicates)."""
    out = {}
    for model in report["models"]:
        key = design_key(model)
        if key in out:
            raise SystemExit(
                f"{name} holds two models of {key[0]} at {key[2]} eps {key[1]} ({out[key]}, {model['id']}): "
                "pass studies with one model per architecture and eps (one replicate each)"
            )
        out[key] = model["id"]
    return out


def ranks(values):
    """Ranks 1..n, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def spearman(x, y):
    return pearson(ranks(x), ranks(y))


def values(matrix, pairs):
    """Debiased CKA of the (row id, column id) `pairs`, in their order."""
    index = {model_id: i for i, model_id in enumerate(matrix["ids"])}
    return [debiased(matrix, index[r], index[c]) for r, c in pairs]


def trend_measures(report, ids, models):
    """{id: (inverted row, inverted column, natural row)}: mean debiased CKA to models of other architectures."""
    out = {}
    for model_id in ids:
        others = [o for o in ids if models[o]["architecture"] != models[model_id]["architecture"]]
        rows, columns = [(model_id, o) for o in others], [(o, model_id) for o in others]
        mean = lambda kind, pairs: sum(values(report[kind], pairs)) / len(pairs)
        out[model_id] = (mean("inverted", rows), mean("inverted", columns), mean("natural", rows))
    return out


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: replicate_studies.py A/report.json B/report.json")
    (a, models_a), (b, models_b) = load(argv[1]), load(argv[2])
    design_a, design_b = by_design(a, "A"), by_design(b, "B")
    keys = [key for key in design_a if key in design_b]
    if len(keys) < 2:
        raise SystemExit(f"the reports match on {len(keys)} architecture x eps design point(s); at least 2 are needed")
    ids_a, ids_b = [design_a[k] for k in keys], [design_b[k] for k in keys]
    label = lambda r: (
        f"{r['params']['preset']}, {r['pairs']['count']} pairs, {r['params']['inversion']['iterations']} iterations"
    )
    same_pairs = a["pairs"]["seedIndices"] == b["pairs"]["seedIndices"] and (
        a["pairs"]["targetIndices"] == b["pairs"]["targetIndices"]
    )
    print(f"A: {label(a)}\nB: {label(b)}")
    print(f"{len(keys)} design points matched; the same seed/target pairs: {'yes' if same_pairs else 'NO'}")
    shared = [i for i in ids_a if i in models_b]
    if shared:
        print(f"models in both (not independent replicates): {', '.join(shared)}")
    print()

    fmt = lambda v: f"{v:.3f}" if v is not None else "-"
    print(f"{'cells (debiased CKA means)':30} {'n':>5}  {'natural A':>9} {'natural B':>9}  {'inverted A':>10} {'inverted B':>10}")
    ma, mb = group_means(a, models_a, ids_a), group_means(b, models_b, ids_b)
    for name, _ in GROUPS:
        x, y = ma[name], mb[name]
        if x["cells"] == 0:
            continue  # seed replicates: one model per design point in each study
        print(
            f"{name:30} {x['cells']:>5}  {fmt(x['natural']):>9} {fmt(y['natural']):>9}  "
            f"{fmt(x['inverted']):>10} {fmt(y['inverted']):>10}"
        )
    print()

    print("cell-by-cell agreement of B with A (off-diagonal cells of the matched models)")
    for kind in ("natural", "inverted"):
        pairs = lambda ids: [(r, c) for r in ids for c in ids if r != c]
        x, y = values(a[kind], pairs(ids_a)), values(b[kind], pairs(ids_b))
        mad = sum(abs(p - q) for p, q in zip(x, y)) / len(x)
        print(
            f"  {kind:9} {len(x):>5} cells  Pearson {pearson(x, y):.3f}  Spearman {spearman(x, y):.3f}  "
            f"mean |B - A| {mad:.3f}"
        )
    print()

    ta, tb = trend_measures(a, ids_a, models_a), trend_measures(b, ids_b, models_b)
    names = ("inverted row", "inverted column", "natural row")
    print(f"{'architecture, eps':22} " + "  ".join(f"{n + ' A / B':>22}" for n in names))
    for key, ia, ib in zip(keys, ids_a, ids_b):
        point = f"{key[0]}, {key[2]} eps {key[1]}"
        print(f"{point:22} " + "  ".join(f"{ta[ia][k]:>10.3f} / {tb[ib][k]:<9.3f}" for k in range(3)))
    print(
        "Spearman across models, A vs B: "
        + ", ".join(
            f"{n} {spearman([ta[i][k] for i in ids_a], [tb[i][k] for i in ids_b]):.2f}" for k, n in enumerate(names)
        )
    )


if __name__ == "__main__":
    main(sys.argv)
