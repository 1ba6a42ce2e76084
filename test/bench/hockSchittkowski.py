"""scipy's SLSQP and trust-constr on the Hock-Schittkowski problems, for test/bench/hockSchittkowski.bench.ts.

Reads a JSON list of problems on stdin (cost, gradient, constraints and bounds as formulas with exact
gradients from symgrad, start point) and writes one JSON object per problem and method on stdout: final cost,
largest violation, and counts of cost (nfev) and gradient (njev) evaluations; the first line names the
versions of scipy and Python.
"""
import json
import sys
import time
import warnings

import numpy as np
from scipy.optimize import minimize

NAMES = {name: getattr(np, name) for name in
         ["sin", "cos", "tan", "exp", "log", "sqrt", "arctan", "sinh", "cosh", "tanh", "abs", "pi", "e"]}
NAMES["atan"] = np.arctan


def compiled(params, text):
    code = compile(text.replace("^", "**"), text, "eval")
    return lambda x: float(eval(code, NAMES, dict(zip(params, x))))


def solve(problem, method):
    params = problem["params"]
    counts = {"f": 0, "g": 0}
    cost = compiled(params, problem["cost"])
    grad = [compiled(params, g) for g in problem["gradient"]]

    def f(x):
        counts["f"] += 1
        return cost(x)

    def jac(x):
        counts["g"] += 1
        return np.array([g(x) for g in grad])

    constraints = []
    for c in problem["constraints"]:
        sign = -1.0 if c["relation"] == "<=" else 1.0
        value = compiled(params, c["value"])
        gradient = [compiled(params, g) for g in c["gradient"]]
        constraints.append({
            "type": "eq" if c["relation"] == "==" else "ineq",
            "fun": (lambda v, s: lambda x: s * v(x))(value, sign),
            "jac": (lambda gs, s: lambda x: s * np.array([g(x) for g in gs]))(gradient, sign),
        })
    bounds = [(None if lo is None else lo, None if hi is None else hi) for lo, hi in problem["bounds"]]
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = minimize(f, np.array(problem["init"], dtype=float), jac=jac, method=method,
                              bounds=bounds if any(lo is not None or hi is not None for lo, hi in bounds) else None,
                              constraints=constraints)
            x = result.x
        except Exception as error:  # a solver that fails outright counts as not reaching the optimum
            return {"number": problem["number"], "method": method, "error": str(error)}
    seconds = time.perf_counter() - started
    violation = 0.0
    for c in constraints:
        v = c["fun"](x)
        violation = max(violation, abs(v) if c["type"] == "eq" else max(0.0, -v))
    for xi, (lo, hi) in zip(x, bounds):
        if lo is not None:
            violation = max(violation, lo - xi)
        if hi is not None:
            violation = max(violation, xi - hi)
    return {"number": problem["number"], "method": method, "cost": cost(x), "maxViolation": violation,
            "evaluations": counts["f"], "gradientEvaluations": counts["g"], "seconds": seconds}


import scipy  # noqa: E402

print(json.dumps({"scipy": scipy.__version__, "python": sys.version.split()[0]}), flush=True)
for problem in json.load(sys.stdin):
    for method in ["SLSQP", "trust-constr"]:
        print(json.dumps(solve(problem, method)), flush=True)
