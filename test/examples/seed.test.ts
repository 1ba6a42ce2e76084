/**
 * The seed, reproduced exactly. Truth comes from two independent places: the lines printed in the tutorial
 * itself, and a direct emulation of PyTorch's float32 computation (Math.fround at every operation), printed
 * with the tutorial's format string. The emulation follows PyTorch's own kernels, not symgrad's formulas:
 * `torch.mean` sums in float32 left to right and divides; `.backward()` sends 1/3 (a float32) to each
 * squared residual, times `2*r` (pow's backward), then sums `g*x` and `g` for W and b; SGD's
 * `p.add_(grad, alpha=-lr)` is one fused multiply-add in float32. symgrad's f32 output must print the same
 * digits on every line; its f64 output differs only in the second table's first cost (18.666667).
 */
import { describe, expect, it } from "vitest";
import { derivatives, handGradientTable, linearRegressionTable } from "../../examples/seed.js";

const f = Math.fround;
const x = [1, 2, 3];
const y = [1, 2, 3];

/** `values` summed in float32, left to right, as PyTorch's CPU sum of three floats does. */
const sum32 = (values: readonly number[]) => values.reduce((s, v) => f(s + v), 0);

/** PyTorch's SGD on mean((W*x + b - y)^2), lr 0.01, in float32: the tutorial's first table. */
function pytorchTable(): string[] {
  let W = 0;
  let b = 0;
  const third = f(1 / 3);
  const lines: string[] = [];
  for (let epoch = 0; epoch <= 2000; epoch++) {
    const r = x.map((xi, i) => f(f(f(xi * W) + b) - y[i]!));
    const cost = f(sum32(r.map((ri) => f(ri * ri))) / 3);
    const gr = r.map((ri) => f(third * f(2 * ri)));
    const gW = sum32(gr.map((g, i) => f(g * x[i]!)));
    const gb = sum32(gr);
    W = f(W + f(-0.01) * gW);
    b = f(b + f(-0.01) * gb);
    if (epoch % 100 === 0)
      lines.push(
        `Epoch ${String(epoch).padStart(4)}/2000 W: ${W.toFixed(3)}, b: ${b.toFixed(3)} Cost: ${cost.toFixed(6)}`,
      );
  }
  return lines;
}

/** The tutorial's second program in float32: W = 3, gradient sum((W*x - y)*x), W -= 0.05*gradient. */
function pytorchHandTable(): string[] {
  let W = f(3);
  const lines: string[] = [];
  for (let epoch = 0; epoch <= 10; epoch++) {
    const cost = f(sum32(x.map((xi, i) => f(f(f(xi * W) - y[i]!) ** 2))) / 3);
    const gradient = sum32(x.map((xi, i) => f(f(f(W * xi) - y[i]!) * xi)));
    lines.push(`Epoch ${String(epoch).padStart(4)}/10 W: ${W.toFixed(3)}, Cost: ${cost.toFixed(6)}`);
    W = f(W - f(f(0.05) * gradient));
  }
  return lines;
}

describe("the seed's first program: linear regression with SGD", () => {
  const table = linearRegressionTable();

  it("prints the lines the tutorial shows", () => {
    expect(table[0]).toBe("Epoch    0/2000 W: 0.093, b: 0.040 Cost: 4.666667");
    expect(table[1]).toBe("Epoch  100/2000 W: 0.873, b: 0.289 Cost: 0.012043");
    expect(table[10]).toBe("Epoch 1000/2000 W: 0.985, b: 0.033 Cost: 0.000158");
    expect(table[20]).toBe("Epoch 2000/2000 W: 0.999, b: 0.003 Cost: 0.000001");
  });

  it("matches PyTorch's float32 loop on every one of the 21 lines, in f32 and in f64", () => {
    const truth = pytorchTable();
    expect(truth).toHaveLength(21);
    expect(table).toEqual(truth);
    expect(linearRegressionTable("f64")).toEqual(truth);
  });
});

describe("the seed's second program: the hand-written gradient", () => {
  it("prints the tutorial's first line, Cost: 18.666666 (float32's 56/3), and PyTorch's on every line", () => {
    const table = handGradientTable();
    expect(table[0]).toBe("Epoch    0/10 W: 3.000, Cost: 18.666666");
    expect(table).toEqual(pytorchHandTable());
  });

  it("in f64, moves W through 3.000, 1.600, 1.180, 1.054 to 1.000", () => {
    const table = handGradientTable("f64");
    expect(table).toHaveLength(11);
    // W_{k+1} = W_k - 0.05 * sum((W_k x - y) x) = W_k - 0.7 (W_k - 1): W - 1 shrinks by 0.3 each epoch
    table.forEach((line, k) => {
      const W = 1 + 2 * 0.3 ** k;
      const cost = ((W - 1) ** 2 * 14) / 3;
      expect(line).toBe(`Epoch ${String(k).padStart(4)}/10 W: ${W.toFixed(3)}, Cost: ${cost.toFixed(6)}`);
    });
    expect(table[0]).toBe("Epoch    0/10 W: 3.000, Cost: 18.666667");
    expect(table.slice(0, 4).map((l) => l.slice(17, 22))).toEqual(["3.000", "1.600", "1.180", "1.054"]);
  });

  it("derives the tutorial's gradient, 28 at W = 3, and the true derivative 56/3", () => {
    const [half, mse] = derivatives();
    expect(half).toContain("sum((W*x - y)*x) = 28 at W = 3");
    expect(mse).toContain(`mean(2*(W*x - y)*x) = ${56 / 3} at W = 3`);
  });
});
