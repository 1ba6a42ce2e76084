/**
 * Hand-written objectives with exact gradients and Hessians, for the optimizer tests and benchmarks: the
 * classic unconstrained problems of Moré, Garbow & Hillstrom (1981, "Testing unconstrained optimization
 * software", problems 1–14 numbering kept in comments) as sums of squared residuals, convex quadratics, a
 * function with an indefinite Hessian at its start, and a logistic regression over data rows with a
 * closed-form optimum. problems.test.ts checks every derivative against finite differences.
 */
import type { Objective } from "../../src/optimize/index.js";

/** An objective with where to start and what is known about its minimum. */
export interface Problem {
  readonly name: string;
  readonly objective: Objective;
  readonly init: readonly number[];
  /** The global minimum value. */
  readonly minimum: number;
  /** The global minimizer, when unique. */
  readonly minimizer?: readonly number[];
}

/** Residuals r(x), their Jacobian J (m×n) and each residual's Hessian (n×n), at one point. */
interface Residuals {
  readonly r: number[];
  readonly jacobian: number[][];
  readonly hessians: number[][][];
}

/** f = Σ rᵢ², ∇f = 2Jᵀr, ∇²f = 2(JᵀJ + Σ rᵢ∇²rᵢ). */
function sumOfSquares(params: string[], residuals: (x: Float64Array) => Residuals): Objective {
  const n = params.length;
  const valueAndGradient = (x: Float64Array, out: Float64Array) => {
    const { r, jacobian } = residuals(x);
    out.fill(0);
    r.forEach((ri, i) => {
      for (let j = 0; j < n; j++) out[j]! += 2 * jacobian[i]![j]! * ri;
    });
    return r.reduce((sum, ri) => sum + ri * ri, 0);
  };
  return {
    params,
    value: (x) => residuals(x).r.reduce((sum, ri) => sum + ri * ri, 0),
    gradient: (x, out) => void valueAndGradient(x, out),
    valueAndGradient,
    hessian(x, out) {
      const { r, jacobian, hessians } = residuals(x);
      for (let j = 0; j < n; j++) {
        for (let l = 0; l < n; l++) {
          let sum = 0;
          r.forEach((ri, i) => {
            sum += jacobian[i]![j]! * jacobian[i]![l]! + ri * hessians[i]![j]![l]!;
          });
          out[j * n + l] = 2 * sum;
        }
      }
    },
  };
}

const zeros = (n: number): number[][] => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** MGH 1: Rosenbrock, (1 − a)² + 100(b − a²)². */
export const rosenbrock: Problem = {
  name: "Rosenbrock",
  objective: sumOfSquares(["a", "b"], ([a, b]) => ({
    r: [10 * (b! - a! * a!), 1 - a!],
    jacobian: [
      [-20 * a!, 10],
      [-1, 0],
    ],
    hessians: [
      [
        [-20, 0],
        [0, 0],
      ],
      zeros(2),
    ],
  })),
  init: [-1.2, 1],
  minimum: 0,
  minimizer: [1, 1],
};

/** MGH 2: Freudenstein and Roth; besides (5, 4) it has a local minimum 48.9842… near (11.41, −0.8968). */
export const freudensteinRoth: Problem = {
  name: "Freudenstein-Roth",
  objective: sumOfSquares(["a", "b"], ([a, b]) => ({
    r: [-13 + a! + ((5 - b!) * b! - 2) * b!, -29 + a! + ((b! + 1) * b! - 14) * b!],
    jacobian: [
      [1, 10 * b! - 3 * b! * b! - 2],
      [1, 3 * b! * b! + 2 * b! - 14],
    ],
    hessians: [
      [
        [0, 0],
        [0, 10 - 6 * b!],
      ],
      [
        [0, 0],
        [0, 6 * b! + 2],
      ],
    ],
  })),
  init: [0.5, -2],
  minimum: 0,
  minimizer: [5, 4],
};

/** MGH 7: the helical valley, with θ as Moré, Garbow & Hillstrom define it (not atan2). */
export const helicalValley: Problem = {
  name: "Helical valley",
  objective: sumOfSquares(["a", "b", "c"], ([a, b, c]) => {
    const turn = 2 * Math.PI;
    const theta = a! === 0 ? Math.sign(b!) / 4 : Math.atan(b! / a!) / turn + (a! < 0 ? 0.5 : 0);
    const r2 = a! * a! + b! * b!;
    const r = Math.sqrt(r2);
    const [ta, tb] = [-b! / (turn * r2), a! / (turn * r2)];
    const [taa, tab] = [(2 * a! * b!) / (turn * r2 * r2), (b! * b! - a! * a!) / (turn * r2 * r2)];
    const tbb = -taa;
    const r3 = r2 * r;
    return {
      r: [10 * (c! - 10 * theta), 10 * (r - 1), c!],
      jacobian: [
        [-100 * ta, -100 * tb, 10],
        [(10 * a!) / r, (10 * b!) / r, 0],
        [0, 0, 1],
      ],
      hessians: [
        [
          [-100 * taa, -100 * tab, 0],
          [-100 * tab, -100 * tbb, 0],
          [0, 0, 0],
        ],
        [
          [(10 * b! * b!) / r3, (-10 * a! * b!) / r3, 0],
          [(-10 * a! * b!) / r3, (10 * a! * a!) / r3, 0],
          [0, 0, 0],
        ],
        zeros(3),
      ],
    };
  }),
  init: [-1, 0, 0],
  minimum: 0,
  minimizer: [1, 0, 0],
};

/** MGH 13: Powell's singular function; the Hessian is singular at the minimizer 0. */
export const powellSingular: Problem = {
  name: "Powell singular",
  objective: sumOfSquares(["a", "b", "c", "d"], ([a, b, c, d]) => {
    const [s5, s10] = [Math.sqrt(5), Math.sqrt(10)];
    const [u, v] = [b! - 2 * c!, a! - d!];
    return {
      r: [a! + 10 * b!, s5 * (c! - d!), u * u, s10 * v * v],
      jacobian: [
        [1, 10, 0, 0],
        [0, 0, s5, -s5],
        [0, 2 * u, -4 * u, 0],
        [2 * s10 * v, 0, 0, -2 * s10 * v],
      ],
      hessians: [
        zeros(4),
        zeros(4),
        [
          [0, 0, 0, 0],
          [0, 2, -4, 0],
          [0, -4, 8, 0],
          [0, 0, 0, 0],
        ],
        [
          [2 * s10, 0, 0, -2 * s10],
          [0, 0, 0, 0],
          [0, 0, 0, 0],
          [-2 * s10, 0, 0, 2 * s10],
        ],
      ],
    };
  }),
  init: [3, -1, 0, 1],
  minimum: 0,
  minimizer: [0, 0, 0, 0],
};

/** MGH 5: Beale. */
export const beale: Problem = {
  name: "Beale",
  objective: sumOfSquares(["a", "b"], ([a, b]) => {
    const y = [1.5, 2.25, 2.625];
    return {
      r: y.map((yi, i) => yi - a! * (1 - b! ** (i + 1))),
      jacobian: y.map((_, i) => [-(1 - b! ** (i + 1)), a! * (i + 1) * b! ** i]),
      hessians: y.map((_, i) => [
        [0, (i + 1) * b! ** i],
        [(i + 1) * b! ** i, i === 0 ? 0 : a! * (i + 1) * i * b! ** (i - 1)],
      ]),
    };
  }),
  init: [1, 1],
  minimum: 0,
  minimizer: [3, 0.5],
};

/** MGH 14: Wood, as six residuals. */
export const wood: Problem = {
  name: "Wood",
  objective: sumOfSquares(["a", "b", "c", "d"], ([a, b, c, d]) => {
    const [s90, s10] = [Math.sqrt(90), Math.sqrt(10)];
    const h = (i: number, j: number, v: number) => {
      const m = zeros(4);
      m[i]![j] = v;
      return m;
    };
    return {
      r: [10 * (b! - a! * a!), 1 - a!, s90 * (d! - c! * c!), 1 - c!, s10 * (b! + d! - 2), (b! - d!) / s10],
      jacobian: [
        [-20 * a!, 10, 0, 0],
        [-1, 0, 0, 0],
        [0, 0, -2 * s90 * c!, s90],
        [0, 0, -1, 0],
        [0, s10, 0, s10],
        [0, 1 / s10, 0, -1 / s10],
      ],
      hessians: [h(0, 0, -20), zeros(4), h(2, 2, -2 * s90), zeros(4), zeros(4), zeros(4)],
    };
  }),
  init: [-3, -1, -3, -1],
  minimum: 0,
  minimizer: [1, 1, 1, 1],
};

/** (a² − 1)² + (b − a)²: minima at ±(1, 1); the Hessian is indefinite wherever 12a² < 2 + … (e.g. a = 0.1). */
export const doubleWell: Problem = {
  name: "Double well",
  objective: sumOfSquares(["a", "b"], ([a, b]) => ({
    r: [a! * a! - 1, b! - a!],
    jacobian: [
      [2 * a!, 0],
      [-1, 1],
    ],
    hessians: [
      [
        [2, 0],
        [0, 0],
      ],
      zeros(2),
    ],
  })),
  init: [0.1, -0.3],
  minimum: 0,
};

/** ½xᵀAx − bᵀx for a symmetric positive definite A (row-major n×n); its minimizer solves Ax = b. */
/** f(x) = x², one parameter "x" (∇f = 2x): small enough to check updates by hand. */
export const square: Objective = {
  params: ["x"],
  value: ([x]) => x! * x!,
  gradient: ([x], out) => void (out[0] = 2 * x!),
  valueAndGradient([x], out) {
    out[0] = 2 * x!;
    return x! * x!;
  },
};

export function quadratic(a: Float64Array, b: Float64Array): Objective {
  const n = b.length;
  const valueAndGradient = (x: Float64Array, out: Float64Array) => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j]! * x[j]!;
      out[i] = ax - b[i]!;
      value += x[i]! * (0.5 * ax - b[i]!);
    }
    return value;
  };
  return {
    params: Array.from({ length: n }, (_, i) => `x${i}`),
    value: (x) => valueAndGradient(x, new Float64Array(n)),
    gradient: (x, out) => void valueAndGradient(x, out),
    valueAndGradient,
    hessian: (_, out) => out.set(a),
  };
}

/** Σ 10^i (x_i − 1)², i = 0…6: condition number 10⁶, minimizer all ones. */
export const badlyScaled: Problem = {
  name: "Badly scaled quadratic",
  objective: (() => {
    const n = 7;
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2 * 10 ** i;
      b[i] = 2 * 10 ** i;
    }
    return quadratic(a, b);
  })(),
  init: new Array<number>(7).fill(0),
  minimum: -(10 ** 7 - 1) / 9,
  minimizer: new Array<number>(7).fill(1),
};

/**
 * Logistic regression, mean over rows of log(1 + e^z) − y·z with z = w1·u + w2·v + b. The nine rows take
 * three distinct (u, v) with positive rates 1/2 at (0, 0), 3/4 at (1, 0) and 1/3 at (0, 1); three points,
 * three parameters, so the optimum fits each rate exactly: b = 0, w1 = ln 3, w2 = −ln 2.
 */
export function logisticRegression(): Problem {
  const data = [
    [0, 0, 1],
    [0, 0, 0],
    [1, 0, 1],
    [1, 0, 1],
    [1, 0, 1],
    [1, 0, 0],
    [0, 1, 1],
    [0, 1, 0],
    [0, 1, 0],
  ] as const;
  let active: ArrayLike<number> = data.map((_, i) => i);
  const features = (i: number) => [data[i]![0], data[i]![1], 1];
  const valueAndGradient = (w: Float64Array, out: Float64Array) => {
    out.fill(0);
    let value = 0;
    for (let k = 0; k < active.length; k++) {
      const i = active[k]!;
      const x = features(i);
      const z = w[0]! * x[0]! + w[1]! * x[1]! + w[2]!;
      value += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - data[i]![2] * z;
      const residual = 1 / (1 + Math.exp(-z)) - data[i]![2];
      for (let j = 0; j < 3; j++) out[j]! += (residual * x[j]!) / active.length;
    }
    return value / active.length;
  };
  return {
    name: "Logistic regression",
    objective: {
      params: ["w1", "w2", "b"],
      rows: data.length,
      useRows(rows) {
        active = rows ?? data.map((_, i) => i);
      },
      value: (w) => valueAndGradient(w, new Float64Array(3)),
      gradient: (w, out) => void valueAndGradient(w, out),
      valueAndGradient,
      hessian(w, out) {
        out.fill(0);
        for (let k = 0; k < active.length; k++) {
          const x = features(active[k]!);
          const sigma = 1 / (1 + Math.exp(-(w[0]! * x[0]! + w[1]! * x[1]! + w[2]!)));
          for (let j = 0; j < 3; j++) {
            for (let l = 0; l < 3; l++)
              out[j * 3 + l]! += (sigma * (1 - sigma) * x[j]! * x[l]!) / active.length;
          }
        }
      },
    },
    init: [0, 0, 0],
    // Mean binary entropy of the fitted rates: (2·H(1/2) + 4·H(3/4) + 3·H(1/3)) / 9.
    minimum: (2 * entropy(1 / 2) + 4 * entropy(3 / 4) + 3 * entropy(1 / 3)) / 9,
    minimizer: [Math.log(3), -Math.log(2), 0],
  };
}

function entropy(p: number): number {
  return -p * Math.log(p) - (1 - p) * Math.log(1 - p);
}

/** The classic problems the tests and the benchmark run every line-search method on. */
export const classicProblems: readonly Problem[] = [
  rosenbrock,
  freudensteinRoth,
  beale,
  helicalValley,
  powellSingular,
  wood,
];
