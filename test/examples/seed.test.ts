/**
 * The seed, reproduced exactly. Truth comes from two independent places: the lines printed in the tutorial
 * itself, and a direct emulation of PyTorch's loop in float32 (Math.fround at every operation, as
 * torch.FloatTensor computes), printed with the tutorial's format string. symgrad computes in f64; the
 * printed digits must be the same at every 100th epoch.
 */
import { describe, expect, it } from "vitest";
import { derivatives, handGradientTable, linearRegressionTable } from "../../examples/seed.js";

const f = Math.fround;

/** PyTorch's SGD on mean((W*x + b - y)^2), x = y = [1, 2, 3], lr 0.01, in float32; the tutorial's lines. */
function pytorchTable(): string[] {
  const x = [1, 2, 3];
  const y = [1, 2, 3];
  let W = 0;
  let b = 0;
  const lines: string[] = [];
  for (let epoch = 0; epoch <= 2000; epoch++) {
    const r = x.map((xi, i) => f(f(f(xi * W) + b) - y[i]!));
    const cost = f(r.reduce((s, ri) => f(s + f(ri * ri)), 0) / 3);
    const gW = f(r.reduce((s, ri, i) => f(s + f(f(2 * ri) * x[i]!)), 0) / 3);
    const gb = f(r.reduce((s, ri) => f(s + f(2 * ri)), 0) / 3);
    W = f(W - f(0.01 * gW));
    b = f(b - f(0.01 * gb));
    if (epoch % 100 === 0)
      lines.push(
        `Epoch ${String(epoch).padStart(4)}/2000 W: ${W.toFixed(3)}, b: ${b.toFixed(3)} Cost: ${cost.toFixed(6)}`,
      );
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

  it("matches PyTorch's float32 loop on every one of the 21 lines", () => {
    const truth = pytorchTable();
    expect(truth).toHaveLength(21);
    expect(table).toEqual(truth);
  });
});

describe("the seed's second program: the hand-written gradient", () => {
  it("moves W through 3.000, 1.600, 1.180, 1.054 to 1.000", () => {
    const table = handGradientTable();
    expect(table).toHaveLength(11);
    // W_{k+1} = W_k - 0.05 * sum((W_k x - y) x) = W_k - 0.7 (W_k - 1): W - 1 shrinks by 0.3 each epoch
    table.forEach((line, k) => {
      const W = 1 + 2 * 0.3 ** k;
      const cost = ((W - 1) ** 2 * 14) / 3;
      expect(line).toBe(`Epoch ${String(k).padStart(4)}/10 W: ${W.toFixed(3)}, Cost: ${cost.toFixed(6)}`);
    });
    expect(table.slice(0, 4).map((l) => l.slice(17, 22))).toEqual(["3.000", "1.600", "1.180", "1.054"]);
  });

  it("derives the tutorial's gradient, 28 at W = 3, and the true derivative 56/3", () => {
    const [half, mse] = derivatives();
    expect(half).toContain("sum((W*x - y)*x) = 28 at W = 3");
    expect(mse).toContain(`mean(2*(W*x - y)*x) = ${56 / 3} at W = 3`);
  });
});
