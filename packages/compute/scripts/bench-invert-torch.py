"""PyTorch reference for `npm run bench` (src/bench/invert.bench.ts): SPEC section 4's inversion loop, timed on
the CPU, on the same network, weights, images, batch and iterations as SimLab.

The network is rebuilt from a TF.js layers model directory (model.json + weights.bin) of the sequential
conv / max-pool / flatten / dense kind (the reference CNN; src/models/reference-cnn.ts). Kernels are converted
from TF.js's HWIO / [in, out] layouts, and Flatten keeps TF.js's NHWC order, so both compute the same function;
the seed losses printed beside the time check that (SimLab compares them with its own).

usage: /usr/bin/python3 bench-invert-torch.py MODEL_DIR SEEDS.npy TARGETS.npy ITERATIONS THREADS RUNS
prints one JSON line: {"ms": median wall ms of one run of ITERATIONS iterations, "wall": [ms per run],
  "cpu": [process CPU ms per run], "threads": n, "seedLosses": [...], "losses": [...], "torch": version}
"""

import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_tfjs(model_dir):
    """The layers of a sequential TF.js model as (kind, config, weights) with weights in torch layouts."""
    with open(os.path.join(model_dir, "model.json")) as f:
        model = json.load(f)
    specs = [w for group in model["weightsManifest"] for w in group["weights"]]
    raw = b"".join(
        open(os.path.join(model_dir, p), "rb").read()
        for group in model["weightsManifest"]
        for p in group["paths"]
    )
    weights, offset = {}, 0
    for spec in specs:
        if spec["dtype"] != "float32":
            raise SystemExit(f"weight {spec['name']} is {spec['dtype']}; only float32 is supported")
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        weights[spec["name"]] = np.frombuffer(raw, np.float32, count, offset).reshape(spec["shape"])
        offset += 4 * count
    topology = model["modelTopology"]
    config = topology.get("model_config", topology)["config"]
    layers = config["layers"] if isinstance(config, dict) else config
    out = []
    for layer in layers:
        kind, cfg = layer["class_name"], layer["config"]
        name = cfg["name"]
        if kind == "Conv2D":
            if cfg.get("padding") != "valid" or cfg.get("dilation_rate", [1, 1]) != [1, 1]:
                raise SystemExit(f"conv {name}: only valid padding without dilation is supported")
            w = torch.from_numpy(weights[f"{name}/kernel"].transpose(3, 2, 0, 1).copy())  # HWIO -> OIHW
            b = torch.from_numpy(weights[f"{name}/bias"].copy())
            out.append(("conv", {"stride": cfg["strides"], "activation": cfg["activation"]}, (w, b)))
        elif kind == "MaxPooling2D":
            if cfg.get("padding") != "valid":
                raise SystemExit(f"pool {name}: only valid padding is supported")
            out.append(("pool", {"size": cfg["pool_size"], "stride": cfg["strides"]}, None))
        elif kind == "Flatten":
            out.append(("flatten", {}, None))
        elif kind == "Dense":
            w = torch.from_numpy(weights[f"{name}/kernel"].T.copy())  # [in, out] -> [out, in]
            b = torch.from_numpy(weights[f"{name}/bias"].copy())
            out.append(("dense", {"activation": cfg["activation"], "name": name}, (w, b)))
        elif kind == "InputLayer":
            continue
        else:
            raise SystemExit(f"layer {name} is a {kind}; this reference handles Conv2D, MaxPooling2D, Flatten, Dense")
    return out


def activate(x, name):
    if name == "relu":
        return F.relu(x)
    if name == "linear":
        return x
    raise SystemExit(f"activation {name} is not supported")


def representation(layers):
    """rep(x): every layer before the final Dense (SPEC section 2), x in NCHW."""
    body = layers[: max(i for i, l in enumerate(layers) if l[0] == "dense")]

    def rep(x):
        for kind, cfg, params in body:
            if kind == "conv":
                x = activate(F.conv2d(x, params[0], params[1], stride=cfg["stride"]), cfg["activation"])
            elif kind == "pool":
                x = F.max_pool2d(x, cfg["size"], cfg["stride"])
            elif kind == "flatten":
                x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # NHWC order, as TF.js flattens
            else:
                x = activate(F.linear(x, params[0], params[1]), cfg["activation"])
        return x

    return rep


def invert(rep, seeds, r_t, iterations, step_size=1 / 8, momentum=0.9, eps=1000.0):
    """SPEC section 4 (use_best, per-sample normalised gradient, L2 momentum step, eps ball, clamp)."""
    r_norm = r_t.norm(dim=1)
    b = seeds.shape[0]
    x, m = seeds.clone(), torch.zeros_like(seeds)
    best, best_loss = seeds.clone(), torch.full((b,), float("inf"))
    seed_loss = None
    for _ in range(iterations):
        x.requires_grad_(True)
        loss = (rep(x) - r_t).norm(dim=1) / r_norm
        (g,) = torch.autograd.grad(loss.mean(), x)
        with torch.no_grad():
            if seed_loss is None:
                seed_loss = loss.clone()
            better = loss < best_loss
            best_loss = torch.where(better, loss, best_loss)
            best[better] = x[better]
            norm = g.flatten(1).norm(dim=1)
            active = (norm > 0).view(-1, 1, 1, 1)
            g = g / torch.where(norm > 0, norm, torch.ones_like(norm)).view(-1, 1, 1, 1)
            m = torch.where(active, momentum * m + (1 - momentum) * g, m)
            x = torch.where(active, x - step_size * m, x)
            d = x - seeds
            d_norm = d.flatten(1).norm(dim=1).clamp_min(1e-12).view(-1, 1, 1, 1)
            x = (seeds + d * torch.clamp(eps / d_norm, max=1.0)).clamp(0, 1)
    with torch.no_grad():
        final = (rep(x) - r_t).norm(dim=1) / r_norm
        better = final < best_loss
        best_loss = torch.where(better, final, best_loss)
        if seed_loss is None:
            seed_loss = final
    return best_loss, seed_loss


def main():
    model_dir, seeds_path, targets_path = sys.argv[1:4]
    iterations, threads, runs = (int(v) for v in sys.argv[4:7])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    rep = representation(load_tfjs(model_dir))
    to_nchw = lambda a: torch.from_numpy(np.load(a).astype(np.float32)).permute(0, 3, 1, 2).contiguous()
    seeds, targets = to_nchw(seeds_path), to_nchw(targets_path)
    with torch.no_grad():
        r_t = rep(targets)
    invert(rep, seeds, r_t, 3)  # warm-up: first-call allocations and kernel selection
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        losses, seed_losses = invert(rep, seeds, r_t, iterations)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(
        json.dumps(
            {
                "ms": statistics.median(wall),
                "wall": wall,
                "cpu": cpu,
                "threads": torch.get_num_threads(),
                "seedLosses": seed_losses.tolist(),
                "losses": losses.tolist(),
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
