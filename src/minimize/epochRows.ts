/**
 * The rows of a training-loop table as PyTorch's loop prints them: for epoch k, the cost computed before its
 * step and the parameters after it, so a row is complete one iterate later. The CLI's `Epoch k/N …` lines and
 * the playground's table both come from here.
 */

/** A complete row: the epoch and the cost before its step (the parameters are those of the current iterate). */
export interface EpochRow {
  readonly epoch: number;
  readonly cost: number;
}

/** Turns the iterates of a step method into table rows, one every `every` epochs. */
export class EpochRows {
  #previous: EpochRow | undefined;
  readonly #every: number;

  constructor(every: number) {
    this.#every = Math.max(1, every);
  }

  /** Takes iterate `iteration` (its cost is the one before its step); returns the row it completes, if shown. */
  next(iteration: number, cost: number): EpochRow | undefined {
    const before = this.#previous;
    this.#previous = { epoch: iteration, cost };
    return before && before.epoch % this.#every === 0 ? before : undefined;
  }
}
