#!/usr/bin/env python3
"""Where did each inversion end up: nearer its seed or its target? Reads pixels, not only numbers.

    python examples/python/inversion_distances.py                  # every READY inversion (newest 20)
    python examples/python/inversion_distances.py <inversion-id>   # one inversion

For each inversion it downloads the seed and target of every pair (/inversions/<id>/seeds.npy, targets.npy)
and the inverted images of every batch, and prints the mean pixel-space L2 distance of the inverted image to
its target and to its seed. Inverting through a robust model should move the seed towards the target's
appearance (SPEC §4); a standard model changes features it uses without changing how the image looks.

Environment: SIMLAB_URL (default http://127.0.0.1:4000), SIMLAB_TOKEN (optional). Needs `requests`, `numpy`.
"""
import io
import os
import sys

import numpy as np
import requests

URL = os.environ.get("SIMLAB_URL", "http://127.0.0.1:4000").rstrip("/")
HEADERS = {"Authorization": f"Bearer {os.environ['SIMLAB_TOKEN']}"} if os.environ.get("SIMLAB_TOKEN") else {}

INVERSION_FIELDS = """
  id status pairCount model { name eps } seedImagesUrl targetImagesUrl batches { index imagesUrl }
"""
LIST = f"query {{ inversions(first: 20, filter: {{ status: READY }}) {{ edges {{ node {{ {INVERSION_FIELDS} }} }} }} }}"
ONE = f"query One($id: ID!) {{ inversion(id: $id) {{ {INVERSION_FIELDS} }} }}"


def graphql(query, variables=None):
    """POST a GraphQL operation; raise with the server's error code and message on failure."""
    response = requests.post(f"{URL}/graphql", json={"query": query, "variables": variables or {}}, headers=HEADERS, timeout=30)
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        raise SystemExit(f"{error.get('extensions', {}).get('code')}: {error['message']}")
    return body["data"]


def npy(path):
    """GET a .npy from the server as a numpy array; the server's JSON error message on failure."""
    response = requests.get(f"{URL}{path}", headers=HEADERS, timeout=120)
    if not response.ok:
        raise SystemExit(f"GET {path} answered {response.status_code}: {response.text}")
    return np.load(io.BytesIO(response.content))


def distances(inversion):
    """Mean L2 distance (over pairs) of inverted images to their targets and to their seeds."""
    seeds = npy(inversion["seedImagesUrl"])
    targets = npy(inversion["targetImagesUrl"])
    batches = sorted(inversion["batches"], key=lambda b: b["index"])
    inverted = np.concatenate([npy(b["imagesUrl"]) for b in batches])
    if not (seeds.shape == targets.shape == inverted.shape):
        raise SystemExit(f"shapes differ: seeds {seeds.shape}, targets {targets.shape}, inverted {inverted.shape}")
    flat = lambda a: a.reshape(len(a), -1).astype(np.float64)  # noqa: E731
    to_target = np.linalg.norm(flat(inverted) - flat(targets), axis=1).mean()
    to_seed = np.linalg.norm(flat(inverted) - flat(seeds), axis=1).mean()
    return to_target, to_seed


def main():
    if len(sys.argv) > 1:
        inversion = graphql(ONE, {"id": sys.argv[1]})["inversion"]
        if inversion is None:
            raise SystemExit(f"no inversion {sys.argv[1]}")
        inversions = [inversion]
    else:
        inversions = [e["node"] for e in graphql(LIST)["inversions"]["edges"]]
        if not inversions:
            raise SystemExit("no READY inversion on the server yet; run a study first")
    print(f"{'inversion':<36}  {'model':<24} {'eps':>5} {'pairs':>6}  {'to target':>9}  {'to seed':>9}")
    for inversion in inversions:
        if inversion["seedImagesUrl"] is None:
            print(f"{inversion['id']:<36}  (no dataset pixels stored; the server stores them at its next start)")
            continue
        to_target, to_seed = distances(inversion)
        model = inversion["model"]
        print(f"{inversion['id']:<36}  {model['name']:<24} {model['eps']:>5g} {inversion['pairCount']:>6d}  {to_target:9.4f}  {to_seed:9.4f}")


if __name__ == "__main__":
    main()
