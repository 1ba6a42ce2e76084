/**
 * The least-squares test problems of Moré, Garbow & Hillstrom ("Testing unconstrained optimization
 * software", ACM TOMS 7, 1981) written as symgrad formulas, with their standard starting points and the
 * minima the paper reports (numbers in comments are the paper's problem numbers). Problems over data points
 * use data columns, so their residuals are one per row. `minimum` is the paper's f*; for Freudenstein–Roth
 * and Jennrich–Sampson the start leads to the local minimum the paper also lists.
 */

export interface LeastSquaresProblem {
  readonly name: string;
  readonly cost: string;
  readonly init: Readonly<Record<string, number>>;
  readonly data?: Readonly<Record<string, readonly number[]>>;
  /** The minimum value from the paper (a local one where the standard start leads there). */
  readonly minimum: number;
  /** Other minima a solver may legitimately reach from the start. */
  readonly alsoMinimum?: readonly number[];
  readonly minimizer?: Readonly<Record<string, number>>;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

export const mghProblems: readonly LeastSquaresProblem[] = [
  {
    name: "Rosenbrock", // 1
    cost: "(10*(x2 - x1^2))^2 + (1 - x1)^2",
    init: { x1: -1.2, x2: 1 },
    minimum: 0,
    minimizer: { x1: 1, x2: 1 },
  },
  {
    name: "Freudenstein–Roth", // 2
    cost: "(-13 + x1 + ((5 - x2)*x2 - 2)*x2)^2 + (-29 + x1 + ((x2 + 1)*x2 - 14)*x2)^2",
    init: { x1: 0.5, x2: -2 },
    minimum: 48.9842536792,
    alsoMinimum: [0],
  },
  {
    name: "Powell badly scaled", // 3
    cost: "(10000*x1*x2 - 1)^2 + (exp(-x1) + exp(-x2) - 1.0001)^2",
    init: { x1: 0, x2: 1 },
    minimum: 0,
    minimizer: { x1: 1.098159e-5, x2: 9.106146 },
  },
  {
    name: "Brown badly scaled", // 4
    cost: "(x1 - 1e6)^2 + (x2 - 2e-6)^2 + (x1*x2 - 2)^2",
    init: { x1: 1, x2: 1 },
    minimum: 0,
    minimizer: { x1: 1e6, x2: 2e-6 },
  },
  {
    name: "Beale", // 5
    cost: "(1.5 - x1*(1 - x2))^2 + (2.25 - x1*(1 - x2^2))^2 + (2.625 - x1*(1 - x2^3))^2",
    init: { x1: 1, x2: 1 },
    minimum: 0,
    minimizer: { x1: 3, x2: 0.5 },
  },
  {
    name: "Jennrich–Sampson", // 6
    cost: "sum((2 + 2*i - (exp(i*x1) + exp(i*x2)))^2)",
    data: { i: range(1, 10) },
    init: { x1: 0.3, x2: 0.4 },
    minimum: 124.362182355,
  },
  {
    name: "Helical valley", // 7
    cost: "(10*(x3 - 10*(atan(x2/x1)/(2*pi) + step(-x1)/2)))^2 + (10*(sqrt(x1^2 + x2^2) - 1))^2 + x3^2",
    init: { x1: -1, x2: 0, x3: 0 },
    minimum: 0,
    minimizer: { x1: 1, x2: 0, x3: 0 },
  },
  {
    name: "Bard", // 8
    cost: "sum((y - (x1 + u/(v*x2 + w*x3)))^2)",
    data: {
      u: range(1, 15),
      v: range(1, 15).map((i) => 16 - i),
      w: range(1, 15).map((i) => Math.min(i, 16 - i)),
      y: [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39],
    },
    init: { x1: 1, x2: 1, x3: 1 },
    minimum: 8.21487730657e-3,
  },
  {
    name: "Gaussian", // 9
    cost: "sum((x1*exp(-x2*(t - x3)^2/2) - y)^2)",
    data: {
      t: range(1, 15).map((i) => (8 - i) / 2),
      y: [
        0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175,
        0.0044, 0.0009,
      ],
    },
    init: { x1: 0.4, x2: 1, x3: 0 },
    minimum: 1.12793276961e-8,
  },
  {
    name: "Meyer", // 10
    cost: "sum((x1*exp(x2/(t + x3)) - y)^2)",
    data: {
      t: range(1, 16).map((i) => 45 + 5 * i),
      y: [
        34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872,
      ],
    },
    init: { x1: 0.02, x2: 4000, x3: 250 },
    minimum: 87.9458551718,
  },
  {
    name: "Gulf research", // 11, m = 99
    cost: "sum((exp(-abs(y - x2)^x3/x1) - t)^2)",
    data: {
      t: range(1, 99).map((i) => i / 100),
      y: range(1, 99).map((i) => 25 + (-50 * Math.log(i / 100)) ** (2 / 3)),
    },
    init: { x1: 5, x2: 2.5, x3: 0.15 },
    minimum: 0,
    minimizer: { x1: 50, x2: 25, x3: 1.5 },
  },
  {
    name: "Box 3-D", // 12, m = 10
    cost: "sum((exp(-t*x1) - exp(-t*x2) - x3*(exp(-t) - exp(-10*t)))^2)",
    data: { t: range(1, 10).map((i) => i / 10) },
    init: { x1: 0, x2: 10, x3: 20 },
    minimum: 0,
  },
  {
    name: "Powell singular", // 13
    cost: "(x1 + 10*x2)^2 + 5*(x3 - x4)^2 + (x2 - 2*x3)^4 + 10*(x1 - x4)^4",
    init: { x1: 3, x2: -1, x3: 0, x4: 1 },
    minimum: 0, // at 0, where the Hessian is singular: the cost is flat as x⁴ there
  },
  {
    name: "Wood", // 14
    cost: "100*(x2 - x1^2)^2 + (1 - x1)^2 + 90*(x4 - x3^2)^2 + (1 - x3)^2 + 10*(x2 + x4 - 2)^2 + 0.1*(x2 - x4)^2",
    init: { x1: -3, x2: -1, x3: -3, x4: -1 },
    minimum: 0,
    minimizer: { x1: 1, x2: 1, x3: 1, x4: 1 },
  },
  {
    name: "Kowalik–Osborne", // 15
    cost: "sum((y - x1*(u^2 + u*x2)/(u^2 + u*x3 + x4))^2)",
    data: {
      u: [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625],
      y: [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246],
    },
    init: { x1: 0.25, x2: 0.39, x3: 0.415, x4: 0.39 },
    minimum: 3.07505603849e-4,
  },
  {
    name: "Brown–Dennis", // 16, m = 20
    cost: "sum(((x1 + t*x2 - exp(t))^2 + (x3 + x4*sin(t) - cos(t))^2)^2)",
    data: { t: range(1, 20).map((i) => i / 5) },
    init: { x1: 25, x2: 5, x3: -5, x4: -1 },
    minimum: 85822.2016263,
  },
  {
    name: "Osborne 1", // 17
    cost: "sum((y - (x1 + x2*exp(-t*x4) + x3*exp(-t*x5)))^2)",
    data: {
      t: range(0, 32).map((i) => 10 * i),
      y: [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658,
        0.628, 0.603, 0.58, 0.558, 0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424,
        0.42, 0.414, 0.411, 0.406,
      ],
    },
    init: { x1: 0.5, x2: 1.5, x3: -1, x4: 0.01, x5: 0.02 },
    minimum: 5.46489469748e-5,
  },
  {
    name: "Biggs EXP6", // 18, m = 13
    cost: "sum((x3*exp(-t*x1) - x4*exp(-t*x2) + x6*exp(-t*x5) - (exp(-t) - 5*exp(-10*t) + 3*exp(-4*t)))^2)",
    data: { t: range(1, 13).map((i) => i / 10) },
    init: { x1: 1, x2: 2, x3: 1, x4: 1, x5: 1, x6: 1 },
    minimum: 0,
    alsoMinimum: [5.65565e-3],
  },
  {
    name: "Watson", // 20, n = 6
    cost:
      "sum((x2 + 2*x3*t + 3*x4*t^2 + 4*x5*t^3 + 5*x6*t^4 - (x1 + x2*t + x3*t^2 + x4*t^3 + x5*t^4 + x6*t^5)^2 - 1)^2)" +
      " + x1^2 + (x2 - x1^2 - 1)^2",
    data: { t: range(1, 29).map((i) => i / 29) },
    init: { x1: 0, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0 },
    minimum: 2.28767005355e-3,
  },
  {
    name: "Penalty I", // 23, n = 4
    cost: "1e-5*((x1 - 1)^2 + (x2 - 1)^2 + (x3 - 1)^2 + (x4 - 1)^2) + (x1^2 + x2^2 + x3^2 + x4^2 - 0.25)^2",
    init: { x1: 1, x2: 2, x3: 3, x4: 4 },
    minimum: 2.24997750529e-5,
  },
  {
    name: "Variably dimensioned", // 25, n = 4
    cost:
      "(x1 - 1)^2 + (x2 - 1)^2 + (x3 - 1)^2 + (x4 - 1)^2 + (x1 + 2*x2 + 3*x3 + 4*x4 - 10)^2" +
      " + (x1 + 2*x2 + 3*x3 + 4*x4 - 10)^4",
    init: { x1: 0.75, x2: 0.5, x3: 0.25, x4: 0 },
    minimum: 0,
    minimizer: { x1: 1, x2: 1, x3: 1, x4: 1 },
  },
];
