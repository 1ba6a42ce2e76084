"""Peers of test/bench/matrix.bench.ts: the gradient of L2-regularized logistic regression with numpy
(vectorized, by hand) and PyTorch (autograd), on the data the bench sends as JSON on stdin (n, d, lambda and
a seed; the data are regenerated here by the same formulas). Prints JSON: median seconds per gradient."""
import json
import math
import sys
import time

spec = json.load(sys.stdin)
n, d, lam, rounds = spec["n"], spec["d"], spec["lambda"], spec["rounds"]
out = {"python": sys.version.split()[0]}

import numpy as np

i = np.arange(n, dtype=np.float64)[:, None]
j = np.arange(d, dtype=np.float64)[None, :]
X = np.sin(i * d + j)  # X[i, j] = sin(i*d + j), as the bench
y = np.where(np.cos(np.arange(n, dtype=np.float64)) > 0, 1.0, -1.0)
w = np.cos(np.arange(d, dtype=np.float64)) / 10
b = 0.1


def median(f):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def numpy_gradient():
    z = X @ w + b
    s = -y / (1 + np.exp(y * z))  # d/dz softplus(-y z)
    return X.T @ s / n + lam * w, s.mean()


out["numpy"] = np.__version__
out["numpyTime"] = median(numpy_gradient)
try:
    import torch

    Xt = torch.from_numpy(X)
    yt = torch.from_numpy(y)
    wt = torch.from_numpy(w.copy()).requires_grad_()
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)

    def torch_gradient():
        wt.grad = None
        bt.grad = None
        cost = torch.nn.functional.softplus(-yt * (Xt @ wt + bt)).mean() + lam / 2 * (wt * wt).sum()
        cost.backward()

    out["torch"] = torch.__version__
    out["torchTime"] = median(torch_gradient)
except ImportError:
    pass
print(json.dumps(out))
