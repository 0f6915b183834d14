#!/usr/bin/env python3
"""Fetch a similarity matrix and its robustness trend from a SimLab server and print them.

    python examples/python/fetch_matrix.py                 # the newest READY inverted matrix
    python examples/python/fetch_matrix.py <matrix-id>     # a given matrix

Environment: SIMLAB_URL (default http://127.0.0.1:4000), SIMLAB_TOKEN (optional; a viewer token is enough).
Needs only `requests`. The CSV export (/export/matrix/<id>.csv) loads straight into pandas as well.
"""
import os
import sys

import requests

URL = os.environ.get("SIMLAB_URL", "http://127.0.0.1:4000").rstrip("/")
HEADERS = {"Authorization": f"Bearer {os.environ['SIMLAB_TOKEN']}"} if os.environ.get("SIMLAB_TOKEN") else {}

LATEST = """
query Latest { matrices(first: 1, filter: { status: READY, source: INVERTED }) { edges { node { id } } } }
"""

MATRIX = """
query Matrix($id: ID!) {
  matrix(id: $id) {
    id metric source status offDiagonalMean
    models { id name eps architecture { id } }
    values
    trend { rowSpearman columnSpearman points { modelId architectureId eps rowMean columnMean } }
  }
}
"""


def graphql(query, variables=None):
    """POST a GraphQL operation; raise with the server's error code and message on failure."""
    response = requests.post(f"{URL}/graphql", json={"query": query, "variables": variables or {}}, headers=HEADERS, timeout=30)
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        raise SystemExit(f"{error.get('extensions', {}).get('code')}: {error['message']}")
    return body["data"]


def main():
    if len(sys.argv) > 1:
        matrix_id = sys.argv[1]
    else:
        edges = graphql(LATEST)["matrices"]["edges"]
        if not edges:
            raise SystemExit("no READY inverted matrix on the server yet; run a study first")
        matrix_id = edges[0]["node"]["id"]
    matrix = graphql(MATRIX, {"id": matrix_id})["matrix"]
    if matrix is None:
        raise SystemExit(f"no matrix {matrix_id}")

    names = [m["name"] for m in matrix["models"]]
    width = max(len(n) for n in names)
    print(f"{matrix['source'].lower()} {matrix['metric'].lower()} CKA, {len(names)} models, off-diagonal mean {matrix['offDiagonalMean']:.3f}")
    print(" " * width + " " + " ".join(f"{i:>6d}" for i in range(len(names))))
    for i, (name, row) in enumerate(zip(names, matrix["values"])):
        cells = " ".join("   n/a" if v is None else f"{v:6.3f}" for v in row)
        print(f"{name:>{width}} {cells}   [{i}]")

    trend = matrix["trend"]
    if trend:
        print("\nrobustness trend (eps vs mean similarity to the others)")
        for p in sorted(trend["points"], key=lambda p: (p["architectureId"], p["eps"])):
            # A mean is null when every model of the matrix has one architecture (no cross-architecture cells).
            row, column = (("  n/a" if v is None else f"{v:.3f}") for v in (p["rowMean"], p["columnMean"]))
            print(f"  {p['architectureId']:>10} eps={p['eps']:<5g} row mean {row}  column mean {column}")
        rho = trend["rowSpearman"]
        print(f"Spearman(eps, row mean) = {'n/a' if rho is None else f'{rho:.3f}'}")

    csv = requests.get(f"{URL}/export/matrix/{matrix_id}.csv", headers=HEADERS, timeout=30)
    csv.raise_for_status()
    print(f"\nCSV export: {len(csv.text.splitlines()) - 1} rows from {URL}/export/matrix/{matrix_id}.csv")


if __name__ == "__main__":
    main()
