/**
 * The page's side of the worker: numbered requests and their replies. A run streams frames and ends with
 * `done`; stopping a run terminates the worker (a run cannot be interrupted from inside) and starts a fresh
 * one, whose pending requests are simply never answered.
 */
import type { Frame, MethodInfo, Problem, Reply, Request } from "./protocol.js";

type Answer<T extends Reply["type"]> = Extract<Reply, { type: T }>;
type Question = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

export class Engine {
  private worker!: Worker;
  private next = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  /** The optimizers the library offers, once the worker has started. */
  methods!: Promise<readonly MethodInfo[]>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.methods = new Promise((resolve) => {
      this.worker.onmessage = ({ data }: MessageEvent<Reply>) => {
        if (data.type === "ready") resolve(data.methods);
        else this.waiting.get(data.id)?.(data);
      };
    });
  }

  /** Sends a request that has one reply. */
  ask<T extends "analyze" | "csv" | "program">(
    request: Extract<Question, { type: T }>,
  ): Promise<Answer<T extends "analyze" ? "analysis" : T>> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, (reply) => {
        this.waiting.delete(id);
        resolve(reply as Answer<T extends "analyze" ? "analysis" : T>);
      });
      this.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Runs the optimizer; `onFrame` sees each frame, and the promise resolves with the end of the run. */
  run(
    problem: Problem,
    along: string | undefined,
    iterations: number | undefined,
    onFrame: (frame: Frame) => void,
  ): Promise<Answer<"done">> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, (reply) => {
        if (reply.type === "frame") return onFrame(reply.frame);
        this.waiting.delete(id);
        resolve(reply as Answer<"done">);
      });
      const request: Request = { type: "run", id, problem, along, ...(iterations ? { iterations } : {}) };
      this.worker.postMessage(request);
    });
  }

  /** Stops whatever the worker is doing; requests in flight are dropped. */
  restart(): void {
    this.worker.terminate();
    this.waiting.clear();
    this.start();
  }
}
