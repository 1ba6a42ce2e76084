/**
 * chevrotain's LL(k) lookahead, each decision's function built at the decision's first use instead of all of
 * them when the parser is built. Building them all was a third of the parser's construction, paid at every
 * start of a process (`npm start`, every CLI command), mostly for the parts of the language (programs,
 * matrices, constraints) that a given formula never reaches. The functions are the same; a decision pays one
 * extra call through its wrapper.
 */
import type { ILookaheadStrategy } from "chevrotain";
import { LLkLookaheadStrategy } from "./chevrotain.js";

type Alternation = ILookaheadStrategy["buildLookaheadForAlternation"];
type Optional = ILookaheadStrategy["buildLookaheadForOptional"];

export class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<Alternation>[0]): ReturnType<Alternation> {
    const build = () => super.buildLookaheadForAlternation(options);
    let decide: ReturnType<Alternation> | undefined;
    // chevrotain calls a decision with the parser as `this` (it reads the next tokens through it)
    return function (this: unknown, orAlts) {
      decide ??= build();
      return decide.call(this, orAlts);
    };
  }

  override buildLookaheadForOptional(options: Parameters<Optional>[0]): ReturnType<Optional> {
    const build = () => super.buildLookaheadForOptional(options);
    let decide: ReturnType<Optional> | undefined;
    return function (this: unknown) {
      decide ??= build();
      return decide.call(this);
    };
  }
}
