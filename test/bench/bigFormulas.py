"""Peers of test/bench/bigFormulas.bench.ts, in float64 on the bench's point x_i = 0.5 + 0.3 sin(i): the chained
Rosenbrock function and the dense coupling log(1 + (sum c_i x_i)^2) + (sum x_i^2)^2 (c_i = i mod 5 + 1) of n
parameters, each written the vectorized way, its value alone and value and gradient by PyTorch's autograd
(forward and backward) and by numpy with the gradient written by hand. Reads n and the number of rounds as JSON
on stdin; prints JSON: median seconds per call."""
import json
import sys

import numpy as np
from timing import medians, versions

spec = json.load(sys.stdin)
n, rounds = spec["n"], spec["rounds"]
out = versions()
x = 0.5 + 0.3 * np.sin(np.arange(n, dtype=np.float64))
c = np.arange(n, dtype=np.float64) % 5 + 1


def rosenbrock_terms():
    """x_i, x_{i+1} - x_i^2 and 1 - x_i for i < n - 1: f = sum(100 d^2 + e^2)."""
    head = x[:-1]
    return head, x[1:] - head * head, 1 - head


def rosenbrock_numpy_value():
    _, d, e = rosenbrock_terms()
    return np.sum(100 * d * d + e * e)


def rosenbrock_numpy():
    head, d, e = rosenbrock_terms()
    g = np.zeros(n)
    g[:-1] = -400 * head * d - 2 * e
    g[1:] += 200 * d
    return np.sum(100 * d * d + e * e), g


def dense_numpy_value():
    s, q = c @ x, x @ x
    return np.log1p(s * s) + q * q


def dense_numpy():
    s, q = c @ x, x @ x
    return np.log1p(s * s) + q * q, (2 * s / (1 + s * s)) * c + (4 * q) * x


runs = {
    "rosenbrockNumpyValue": rosenbrock_numpy_value,
    "rosenbrockNumpy": rosenbrock_numpy,
    "denseNumpyValue": dense_numpy_value,
    "denseNumpy": dense_numpy,
}
try:
    import torch

    xt = torch.tensor(x, requires_grad=True)
    ct = torch.tensor(c)

    def rosenbrock(v):
        return torch.sum(100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2)

    def dense(v):
        return torch.log1p((ct @ v) ** 2) + (v @ v) ** 2

    def value(f):
        def run():
            with torch.no_grad():
                return f(xt)

        return run

    def value_and_gradient(f):
        def run():
            xt.grad = None
            f(xt).backward()

        return run

    # the hand-written gradients are the right ones (else the timing means nothing)
    for f, by_hand in ((rosenbrock, rosenbrock_numpy), (dense, dense_numpy)):
        value_and_gradient(f)()
        if not np.allclose(xt.grad.numpy(), by_hand()[1], rtol=1e-12, atol=1e-9):
            sys.exit(f"numpy's hand-written gradient differs from PyTorch's for {f.__name__}")

    runs["rosenbrockTorchValue"] = value(rosenbrock)
    runs["rosenbrockTorch"] = value_and_gradient(rosenbrock)
    runs["denseTorchValue"] = value(dense)
    runs["denseTorch"] = value_and_gradient(dense)
except ImportError:
    pass
out.update(zip(runs, medians(list(runs.values()), rounds)))
print(json.dumps(out))
