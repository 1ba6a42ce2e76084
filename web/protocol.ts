/**
 * The messages between the page (main.ts) and the worker that runs symgrad (worker.ts). Everything a
 * message carries is plain data: columns and parameter values as `[name, value]` pairs, never objects keyed
 * by a user's names, and plots as finished Vega-Lite specs.
 */

/** A problem as the page holds it: what the URL, the examples and a program file describe. */
export interface Problem {
  /** The cost, as typed. */
  readonly formula: string;
  /** Data columns, in table order. */
  readonly data: readonly (readonly [string, readonly number[]])[];
  /** Starting values of the parameters that have one (the rest start at 0). */
  readonly init: readonly (readonly [string, number])[];
  readonly method: string;
  /** Learning rate of the step methods. */
  readonly lr: number;
  /** Epochs 0 to `epochs` for step methods, at most `epochs` iterations for the others. */
  readonly epochs: number;
  /** The model drawn over the data in the fit plot, e.g. `W*x + b`; empty for none. */
  readonly model: string;
  /** Show the Hessian under the gradient. */
  readonly hessian: boolean;
}

/** A user's mistake, placed in their text when it has a place. */
export interface Mistake {
  /** The whole message as the CLI prints it (after `error: `), caret included for a ParseError. */
  readonly text: string;
  /** 1-based line and column and the length of the span, for a ParseError. */
  readonly at?: { readonly line: number; readonly column: number; readonly length: number };
}

/** One derivative: its label and body, as LaTeX and as text of the language. */
export interface Derivative {
  readonly latexLabel: string;
  readonly latex: string;
  readonly textLabel: string;
  readonly text: string;
}

/** The plots of one moment of a run: a Vega-Lite spec, or a sentence saying why there is none. */
export type Plots = Readonly<Record<"cost" | "landscape" | "contour" | "fit", object | string>>;

/** The state of a run after some iteration: what the page shows while it plays. */
export interface Frame {
  readonly iteration: number;
  readonly cost: number;
  readonly params: readonly (readonly [string, number])[];
  /** The seed-style progress table so far: header, then one row per reported epoch. */
  readonly table: readonly (readonly string[])[];
  readonly plots: Plots;
}

/** The end of a run. */
export interface Outcome {
  readonly params: readonly (readonly [string, number])[];
  readonly cost: number;
  readonly method: string;
  readonly status: string;
  readonly message: string;
  readonly converged: boolean;
  /** Counts and norms worth showing: iterations, evaluations, |grad|. */
  readonly statistics: readonly (readonly [string, string])[];
}

/** An optimizer the page offers. */
export interface MethodInfo {
  readonly name: string;
  /** Step methods take a learning rate and count epochs. */
  readonly firstOrder: boolean;
}

export type Request =
  | { readonly type: "analyze"; readonly id: number; readonly problem: Problem }
  | {
      readonly type: "run";
      readonly id: number;
      readonly problem: Problem;
      /** Plot the landscape along this parameter (default: the first). */
      readonly along: string | undefined;
      /** Run only this many iterations (Step); default: the whole run. */
      readonly iterations?: number;
    }
  | { readonly type: "csv"; readonly id: number; readonly text: string; readonly source: string }
  | { readonly type: "program"; readonly id: number; readonly text: string; readonly source: string };

export type Reply =
  | { readonly type: "ready"; readonly methods: readonly MethodInfo[] }
  | {
      readonly type: "analysis";
      readonly id: number;
      readonly params: readonly string[];
      readonly gradient: readonly Derivative[];
      readonly mistake?: Mistake;
      /** Milliseconds to parse, differentiate and print, measured in the worker. */
      readonly ms: number;
    }
  | { readonly type: "frame"; readonly id: number; readonly frame: Frame }
  | { readonly type: "done"; readonly id: number; readonly outcome?: Outcome; readonly mistake?: Mistake }
  | {
      readonly type: "csv";
      readonly id: number;
      readonly columns?: readonly (readonly [string, number[]])[];
      readonly mistake?: Mistake;
    }
  | {
      readonly type: "program";
      readonly id: number;
      readonly problem?: Partial<Problem>;
      readonly mistake?: Mistake;
    };
