#!/usr/bin/python3
"""PyTorch inversion of an ONNX fixture's own network: the reference for SimLab's inversion of the imported model
(src/onnx/pytorch-inversion.test.ts).

The network is onnx_fixtures.py's PyTorch module with the weights the test extracted from the .onnx file, so the
two sides share weights and nothing else: PyTorch's convolutions and autograd here, the importer and TF.js there.
The loop is SPEC §4, written from the spec, not from SimLab's TypeScript:

    r_t = rep(t)                                       fixed
    loss_i(x) = ||rep(x_i) - r_t,i|| / ||r_t,i||       per sample
    x = s; m = 0; best = s; best_loss = loss(s)
    repeat T times:
        l = loss(x); where l < best_loss: best = x, best_loss = l       (pre-step iterate, strict)
        g = d(mean l)/dx; g = g / ||g|| per sample (a zero gradient: no step, momentum kept)
        m = momentum m + (1 - momentum) g; x = x - step m
        d = x - s scaled to ||d|| <= eps; x = clamp(s + d, 0, 1)
    score x once more and update best

Usage: onnx-reference-inversion.py --model cnn --weights DIR --seeds S.npy --targets T.npy --out result.json
       [--iterations 200 --step-size 0.125 --momentum 0.9 --eps 1000]
Seeds and targets are NHWC float32 in [0, 1] (SimLab's layout); the result holds per-sample best and seed losses.
"""
import argparse
import json

import numpy as np
import torch

from onnx_fixtures import MODELS, load_weights


def invert(features, seeds, targets, iterations, step_size, momentum, eps):
    with torch.no_grad():
        r_t = features(targets.clone(memory_format=torch.contiguous_format))
        r_norm = r_t.norm(dim=1)

    def loss(x):
        # Standard NCHW strides: a 1-channel tensor can carry channels-last strides (from numpy, permute or a conv
        # gradient), which makes convolutions return channels-last outputs that the model's .view rejects.
        x = x.clone(memory_format=torch.contiguous_format)
        return (features(x) - r_t).norm(dim=1) / r_norm

    flat = lambda v: v.reshape(v.shape[0], -1)
    per_sample = lambda v: v.reshape(-1, *([1] * (seeds.dim() - 1)))
    x = seeds.clone()
    m = torch.zeros_like(seeds)
    best = seeds.clone()
    with torch.no_grad():
        best_loss = loss(seeds)
    seed_loss = best_loss.clone()
    for _ in range(iterations):
        x.requires_grad_(True)
        l = loss(x)
        (g,) = torch.autograd.grad(l.mean(), x)
        x = x.detach()
        l = l.detach()
        improved = l < best_loss
        best[improved] = x[improved]
        best_loss = torch.where(improved, l, best_loss)
        norm = flat(g).norm(dim=1)
        active = norm > 0
        g = g / per_sample(torch.where(active, norm, torch.ones_like(norm)))
        m_next = momentum * m + (1 - momentum) * g
        x_next = x - step_size * m_next
        d = flat(x_next - seeds)
        scale = torch.clamp(eps / d.norm(dim=1), max=1.0)
        x_next = torch.clamp(seeds + (d * scale[:, None]).reshape(seeds.shape), 0, 1)
        x = torch.where(per_sample(active), x_next, x)
        m = torch.where(per_sample(active), m_next, m)
    with torch.no_grad():
        final = loss(x)
    improved = final < best_loss
    best_loss = torch.where(improved, final, best_loss)
    return best_loss, seed_loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--seeds", required=True)
    parser.add_argument("--targets", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--step-size", type=float, default=1 / 8)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--eps", type=float, default=1000.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = load_weights(MODELS[args.model](), args.weights).eval()
    nchw = lambda path: torch.tensor(np.load(path).astype(np.float32).transpose(0, 3, 1, 2))
    best, seed = invert(model.features, nchw(args.seeds), nchw(args.targets), args.iterations, args.step_size, args.momentum, args.eps)
    result = {
        "model": args.model,
        "torch": torch.__version__,
        "iterations": args.iterations,
        "bestLosses": best.tolist(),
        "seedLosses": seed.tolist(),
    }
    with open(args.out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
