"""The peer of `symgrad minimize "mean((W*x + b - y)^2)" --csv FILE --method lbfgs`, for test/bench/bigCsv.mjs:
pandas.read_csv, then scipy's L-BFGS-B on the same cost with its exact gradient, from W = b = 0. Prints the
time of each part and the result."""
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import minimize

start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
x = frame["x"].to_numpy(dtype=np.float64)
y = frame["y"].to_numpy(dtype=np.float64)
read = time.perf_counter() - start


def cost(p):
    r = p[0] * x + p[1] - y
    return np.mean(r * r), np.array([2 * np.mean(r * x), 2 * np.mean(r)])


start = time.perf_counter()
result = minimize(cost, np.zeros(2), jac=True, method="L-BFGS-B")
fit = time.perf_counter() - start
print(f"read_csv {read:.2f} s, L-BFGS-B {fit:.2f} s ({result.nit} iterations, {result.nfev} evaluations)")
print(f"W = {result.x[0]:.6f}, b = {result.x[1]:.6f}, cost {result.fun:.6f}")
