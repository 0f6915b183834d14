#!/usr/bin/env python3
"""Writes the numpy reference fixtures for SimLab's CKA tests (packages/compute/src/similarity/fixtures/).

An implementation independent of the TypeScript one, written from the papers' formulas:
- linear CKA through centred Gram matrices, HSIC(K, L) = tr(HKH HLH) (Kornblith et al. 2019, eq. 3);
- debiased CKA through the unbiased HSIC estimator of Song et al. 2012 (their eq. 5) on the raw Gram matrices,
  no feature centring (the estimator is translation invariant; the TypeScript side centres and uses the
  closed form of Kornblith et al.'s demo instead);
- RBF CKA as in Kornblith et al.'s demo `gram_rbf`: sigma^2 = threshold^2 * median of the squared distances
  over the full n x n matrix, diagonal zeros included;
- minibatch CKA (Nguyen et al. 2021) computed directly: the mean over consecutive batches of each batch's own
  unbiased HSIC, then CKA = mean HSIC(K, L) / sqrt(mean HSIC(K, K) * mean HSIC(L, L)).

Run from anywhere: python3 packages/compute/scripts/make-cka-fixtures.py (needs numpy only). Deterministic.
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "similarity" / "fixtures"
RBF_THRESHOLD = 0.5


def centred(gram):
    n = gram.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    return h @ gram @ h


def cka_from_grams(k, l):
    kc, lc = centred(k), centred(l)
    return float(np.sum(kc * lc) / np.sqrt(np.sum(kc * kc) * np.sum(lc * lc)))


def linear_cka(x, y):
    return cka_from_grams(x @ x.T, y @ y.T)


def unbiased_hsic(k, l):
    """Song et al. 2012, eq. (5): (tr(Kt Lt) + 1'Kt1 1'Lt1/((n-1)(n-2)) - 2/(n-2) 1'Kt Lt 1) / (n(n-3))."""
    n = k.shape[0]
    kt, lt = k.copy(), l.copy()
    np.fill_diagonal(kt, 0.0)
    np.fill_diagonal(lt, 0.0)
    one = np.ones(n)
    trace = np.trace(kt @ lt)
    sums = (one @ kt @ one) * (one @ lt @ one) / ((n - 1) * (n - 2))
    cross = 2.0 / (n - 2) * (one @ kt @ lt @ one)
    return float((trace + sums - cross) / (n * (n - 3)))


def debiased_cka(x, y, centre_first=False):
    if centre_first:  # only where huge column means would cost float64 digits in the raw Gram matrix
        x, y = x - x.mean(0), y - y.mean(0)
    k, l = x @ x.T, y @ y.T
    return unbiased_hsic(k, l) / np.sqrt(unbiased_hsic(k, k) * unbiased_hsic(l, l))


def rbf_gram(x, threshold):
    sq_distances = np.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=2)  # exact pairwise differences
    sigma2 = threshold**2 * np.median(sq_distances)
    return np.exp(-sq_distances / (2.0 * sigma2))


def rbf_cka(x, y, threshold):
    return cka_from_grams(rbf_gram(x, threshold), rbf_gram(y, threshold))


def minibatch_cka(x, y, batch_size):
    kl, kk, ll = [], [], []
    for start in range(0, x.shape[0], batch_size):
        xb, yb = x[start : start + batch_size], y[start : start + batch_size]
        assert xb.shape[0] >= 4, "every batch needs at least 4 rows"
        k, l = xb @ xb.T, yb @ yb.T
        kl.append(unbiased_hsic(k, l))
        kk.append(unbiased_hsic(k, k))
        ll.append(unbiased_hsic(l, l))
    return float(np.mean(kl) / np.sqrt(np.mean(kk) * np.mean(ll)))


def kornblith_demo():
    """SPEC §3 reference inputs: Kornblith et al.'s public demo."""
    np.random.seed(1337)
    x = np.random.randn(100, 10)
    y = np.random.randn(100, 10) + x
    return x, y


def related(rng, n, p, q, noise):
    x = rng.standard_normal((n, p))
    y = x @ rng.standard_normal((p, q)) / np.sqrt(p) + noise * rng.standard_normal((n, q))
    return x, y


def cases():
    rng = np.random.default_rng(20240601)
    x, y = kornblith_demo()
    yield "kornblith", x, y, 20, False
    x, y = related(rng, 200, 12, 7, 0.8)
    yield "tall", x, y, 50, False  # n > p, q: feature form
    x, y = related(rng, 24, 60, 40, 1.0)
    y = np.tanh(y)
    yield "wide", x, y, 12, False  # n < p, q: Gram form
    x, y = related(rng, 300, 8, 6, 0.5)
    yield "large-mean", x + 1e4, y - 1e4, 60, True  # column means of +-1e4, std ~1


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    out = []
    for name, x, y, batch_size, centre_first in cases():
        x, y = np.ascontiguousarray(x, dtype="<f8"), np.ascontiguousarray(y, dtype="<f8")
        np.save(OUT / f"{name}-x.npy", x)
        np.save(OUT / f"{name}-y.npy", y)
        out.append({
            "name": name,
            "x": f"{name}-x.npy",
            "y": f"{name}-y.npy",
            "n": x.shape[0], "p": x.shape[1], "q": y.shape[1],
            "linear": linear_cka(x - x.mean(0), y - y.mean(0)) if centre_first else linear_cka(x, y),
            "debiased": debiased_cka(x, y, centre_first),
            "rbf": {"threshold": RBF_THRESHOLD, "value": rbf_cka(x, y, RBF_THRESHOLD)},
            "minibatch": {"batchSize": batch_size, "value": minibatch_cka(x - x.mean(0), y - y.mean(0), batch_size)
                          if centre_first else minibatch_cka(x, y, batch_size)},
        })
    k = out[0]
    spec = {"linear": 0.55761, "debiased": 0.51346, "rbf": 0.65483}  # SPEC §3
    got = {"linear": k["linear"], "debiased": k["debiased"], "rbf": k["rbf"]["value"]}
    for key, want in spec.items():
        assert abs(got[key] - want) < 5e-6, f"{key}: numpy gives {got[key]:.6f}, SPEC says {want}"
    (OUT / "expected.json").write_text(json.dumps({
        "generator": "packages/compute/scripts/make-cka-fixtures.py",
        "numpy": np.__version__,
        "cases": out,
    }, indent=2) + "\n")
    for case in out:
        print(f"{case['name']:>10}  n={case['n']:<4} p={case['p']:<3} q={case['q']:<3} linear={case['linear']:.6f} "
              f"debiased={case['debiased']:.6f} rbf={case['rbf']['value']:.6f} minibatch={case['minibatch']['value']:.6f}")


if __name__ == "__main__":
    main()
