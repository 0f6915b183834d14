#!/usr/bin/env python3
"""Import an ONNX model (exported from PyTorch, Keras or JAX; docs/onnx.md) into a SimLab server and print what
the server read from it.

    python examples/python/import_onnx.py model.onnx --name my-resnet18-eps0 --architecture my-resnet18
    python examples/python/import_onnx.py model.onnx --name my-resnet18-eps1 --architecture my-resnet18 \
        --norm L2 --eps 1

Uploads the file (POST /uploads?filename=model.onnx), calls importModel under the architecture you name (created
on first use; later models of the same network join it, so trends group them), waits for the import job and
prints the model's format, input shape, classes, parameters and default representation layer. Exits non-zero
with the server's error code and message when the model is refused (e.g. UNSUPPORTED_MODEL, naming the operator).

Environment: SIMLAB_URL (default http://127.0.0.1:4000), SIMLAB_TOKEN (a runner token: importing writes).
Needs only `requests`.
"""
import argparse
import hashlib
import os
import time

import requests

URL = os.environ.get("SIMLAB_URL", "http://127.0.0.1:4000").rstrip("/")
HEADERS = {"Authorization": f"Bearer {os.environ['SIMLAB_TOKEN']}"} if os.environ.get("SIMLAB_TOKEN") else {}

IMPORT = """
mutation Import($input: ImportModelInput!) {
  importModel(input: $input) { cached model { id } job { id } }
}
"""

JOB = "query Job($id: ID!) { job(id: $id) { status message error { code message } } }"

MODEL = """
query Model($id: ID!) {
  model(id: $id) {
    id name status format weightsHash inputShape classes parameterCount representationLayer representationSize
    norm eps architecture { id family origin }
  }
}
"""


def graphql(query, variables=None):
    """POST a GraphQL operation; exit with the server's error code and message on failure."""
    response = requests.post(f"{URL}/graphql", json={"query": query, "variables": variables or {}}, headers=HEADERS, timeout=30)
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        raise SystemExit(f"{error.get('extensions', {}).get('code')}: {error['message']}")
    return body["data"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="the .onnx file")
    parser.add_argument("--name", required=True, help="unique model name")
    parser.add_argument("--architecture", required=True, help="your architecture's name, e.g. my-resnet18")
    parser.add_argument("--family", help='e.g. "resnet" (default: the architecture name)')
    parser.add_argument("--norm", choices=["L2", "LINF"], help="threat model of adversarial training, if any")
    parser.add_argument("--eps", type=float, default=0, help="training eps (default 0: standard training)")
    args = parser.parse_args()

    with open(args.file, "rb") as f:
        data = f.read()
    upload = requests.post(f"{URL}/uploads", params={"filename": "model.onnx"}, data=data, headers=HEADERS, timeout=300)
    if upload.status_code != 201:
        raise SystemExit(f"upload refused ({upload.status_code}): {upload.text}")

    architecture = {"name": args.architecture, **({"family": args.family} if args.family else {})}
    payload = graphql(IMPORT, {"input": {
        "name": args.name, "architecture": architecture, "uploadIds": [upload.json()["id"]],
        "eps": args.eps, **({"norm": args.norm} if args.norm else {}),
    }})["importModel"]
    if payload["job"]:
        while True:
            job = graphql(JOB, {"id": payload["job"]["id"]})["job"]
            if job["status"] in ("COMPLETED", "FAILED", "CANCELLED"):
                break
            time.sleep(0.5)
        if job["status"] != "COMPLETED":
            error = job["error"] or {}
            raise SystemExit(f"import {job['status'].lower()}: {error.get('code')}: {error.get('message')}")

    model = graphql(MODEL, {"id": payload["model"]["id"]})["model"]
    arch = model["architecture"]
    print(f"model {model['name']} ({model['id']}): {model['status'].lower()}{' (already imported)' if payload['cached'] else ''}")
    for label, value in [
        ("architecture", f"{arch['id']} (family {arch['family']}, {arch['origin'].lower()})"),
        ("format", model["format"]),
        ("input", f"{'x'.join(str(d) for d in model['inputShape'])} (height x width x channels, pixels in [0, 1])"),
        ("classes", model["classes"]),
        ("parameters", f"{model['parameterCount']:,}"),
        ("representation", f"{model['representationLayer']} ({model['representationSize']} units)"),
        ("trained", f"eps {model['eps']}{' ' + model['norm'] if model['norm'] else ''}"),
        ("weightsHash", model["weightsHash"]),
    ]:
        print(f"  {label:<15}{value}")
    # The server's hash of an ONNX model is the file's sha256: anyone can check it with `sha256sum model.onnx`.
    same = model["weightsHash"] == hashlib.sha256(data).hexdigest()
    print(f"  sha256 of {os.path.basename(args.file)} {'matches' if same else 'DIFFERS'}")


if __name__ == "__main__":
    main()
