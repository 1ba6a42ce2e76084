/**
 * The grammar of formulas and program files, stated declaratively as a chevrotain CstParser; it builds a
 * concrete syntax tree and nothing else (`src/syntax` turns that into an expression tree). Operators,
 * loosest first: `+ -` (left), `* / @` (left), prefix `+ -`, `^` (right, tighter than prefix minus), postfix
 * `'` (the transpose, on an atom: `x'^2` is `(x')^2`).
 */
import { CstParser } from "./chevrotain.js";
import { LazyLookahead } from "./lazyLookahead.js";
import * as t from "./tokens.js";

export class SymgradParser extends CstParser {
  /**
   * `validate` runs chevrotain's grammar validations (ambiguities, left recursion, …): a test builds the
   * parser so, to catch a grammar mistake. The one instance of the library skips them, which were a third
   * of the time to build the parser, at every start of a process. `locations: false` leaves the CST nodes
   * without source locations, which takes a third less time to parse a big formula.
   */
  constructor(options: { readonly validate?: boolean; readonly locations?: boolean } = {}) {
    super(t.allTokens, {
      recoveryEnabled: false,
      maxLookahead: 3,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: 3 }),
      nodeLocationTracking: options.locations === false ? "none" : "full",
      skipValidations: options.validate !== true,
    });
    this.performSelfAnalysis();
  }

  /** A whole formula. */
  formula = this.RULE("formula", () => {
    this.SUBRULE(this.expression);
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.term, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Plus, { LABEL: "operators" }) },
        { ALT: () => this.CONSUME(t.Minus, { LABEL: "operators" }) },
      ]);
      this.SUBRULE2(this.term, { LABEL: "operands" });
    });
  });

  term = this.RULE("term", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Star, { LABEL: "operators" }) },
        { ALT: () => this.CONSUME(t.Slash, { LABEL: "operators" }) },
        { ALT: () => this.CONSUME(t.At, { LABEL: "operators" }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.RULE("unary", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Plus, { LABEL: "signs" }) },
        { ALT: () => this.CONSUME(t.Minus, { LABEL: "signs" }) },
      ]);
    });
    this.SUBRULE(this.power);
  });

  power = this.RULE("power", () => {
    this.SUBRULE(this.atom, { LABEL: "base" });
    this.MANY(() => this.CONSUME(t.Quote, { LABEL: "transposes" }));
    this.OPTION(() => {
      this.CONSUME(t.Caret);
      this.SUBRULE(this.unary, { LABEL: "exponent" });
    });
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      {
        ALT: () => {
          this.CONSUME(t.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(t.RParen);
        },
      },
    ]);
  });

  nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(t.Name);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.expression, { LABEL: "args" });
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.expression, { LABEL: "args" });
        });
      });
      this.CONSUME(t.RParen);
    });
  });

  /** A program file: statements separated by new lines. */
  program = this.RULE("program", () => {
    this.MANY(() => this.CONSUME(t.Newline));
    this.MANY2(() => {
      this.SUBRULE(this.statement);
      this.MANY3(() => this.CONSUME2(t.Newline));
    });
  });

  statement = this.RULE("statement", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.dataStatement) },
        { ALT: () => this.SUBRULE(this.paramStatement) },
        { ALT: () => this.SUBRULE(this.minimizeStatement) },
        { ALT: () => this.SUBRULE(this.subjectToStatement) },
        { ALT: () => this.SUBRULE(this.definition) },
      ],
    });
  });

  /**
   * `data x = [1, 2, 3]`, `data X = [[1, 2], [3, 4]]` (rows), `data x, y from "points.csv"` or
   * `data X = [x1, x2] from "points.csv"` (a matrix of those columns). The items of a literal are written
   * out here rather than as an `arrayLiteral`, so that `[` is expected after `=` whatever follows.
   */
  dataStatement = this.RULE("dataStatement", () => {
    this.CONSUME(t.Data);
    this.CONSUME(t.Name, { LABEL: "names" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Equals);
          this.CONSUME(t.LBracket);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME3(t.Name, { LABEL: "columns" });
                this.MANY(() => {
                  this.CONSUME(t.Comma);
                  this.CONSUME4(t.Name, { LABEL: "columns" });
                });
                this.CONSUME(t.RBracket);
                this.CONSUME(t.From);
                this.CONSUME(t.StringLiteral);
              },
            },
            {
              ALT: () => {
                this.OPTION(() => {
                  this.SUBRULE(this.arrayItem, { LABEL: "items" });
                  this.MANY3(() => {
                    this.CONSUME3(t.Comma);
                    this.SUBRULE2(this.arrayItem, { LABEL: "items" });
                  });
                });
                this.CONSUME2(t.RBracket);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.MANY2(() => {
            this.CONSUME2(t.Comma);
            this.CONSUME2(t.Name, { LABEL: "names" });
          });
          this.CONSUME2(t.From);
          this.CONSUME2(t.StringLiteral);
        },
      },
    ]);
  });

  /** `[1, -2, 3]` or `[[1, 2], [3, 4]]`; the visitor checks the nesting (a vector, or rows of equal length). */
  arrayLiteral = this.RULE("arrayLiteral", () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.arrayItem, { LABEL: "items" });
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.arrayItem, { LABEL: "items" });
      });
    });
    this.CONSUME(t.RBracket);
  });

  arrayItem = this.RULE("arrayItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.signedNumber) }, { ALT: () => this.SUBRULE(this.arrayLiteral) }]);
  });

  /** `param W = 0, b = 0`, `param w[3] = 0`, `param W[4, 3]`, `param w = [0.5, -1, 2]`. */
  paramStatement = this.RULE("paramStatement", () => {
    this.CONSUME(t.Param);
    this.SUBRULE(this.paramInit, { LABEL: "inits" });
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.paramInit, { LABEL: "inits" });
    });
  });

  paramInit = this.RULE("paramInit", () => {
    this.CONSUME(t.Name);
    this.OPTION(() => {
      this.CONSUME(t.LBracket);
      this.SUBRULE(this.signedNumber, { LABEL: "sizes" });
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.signedNumber, { LABEL: "sizes" });
      });
      this.CONSUME(t.RBracket);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Equals);
      this.OR([
        { ALT: () => this.SUBRULE3(this.signedNumber, { LABEL: "value" }) },
        { ALT: () => this.SUBRULE(this.arrayLiteral, { LABEL: "values" }) },
      ]);
    });
  });

  signedNumber = this.RULE("signedNumber", () => {
    this.OPTION(() => this.CONSUME(t.Minus));
    this.CONSUME(t.NumberLiteral);
  });

  /** `h = W*x + b`: a name for a formula, usable in the statements after it. */
  definition = this.RULE("definition", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  minimizeStatement = this.RULE("minimizeStatement", () => {
    this.CONSUME(t.Minimize);
    this.SUBRULE(this.expression);
  });

  /** `subject to x1 + x2 <= 1`: a constraint on the `minimize` above it. */
  subjectToStatement = this.RULE("subjectToStatement", () => {
    this.CONSUME(t.Subject);
    this.CONSUME(t.To);
    this.SUBRULE(this.constraint);
  });

  /**
   * `lhs <= rhs`, `lhs >= rhs` or `lhs == rhs`. The comparison is optional here so that a constraint without
   * one gets its own error from the visitor, which also turns away the strict `<` and `>`.
   */
  constraint = this.RULE("constraint", () => {
    this.SUBRULE(this.expression, { LABEL: "lhs" });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.LessEqual, { LABEL: "relation" }) },
        { ALT: () => this.CONSUME(t.GreaterEqual, { LABEL: "relation" }) },
        { ALT: () => this.CONSUME(t.EqualEqual, { LABEL: "relation" }) },
        { ALT: () => this.CONSUME(t.Less, { LABEL: "relation" }) },
        { ALT: () => this.CONSUME(t.Greater, { LABEL: "relation" }) },
      ]);
      this.SUBRULE2(this.expression, { LABEL: "rhs" });
    });
  });
}

/** The one parser instance (chevrotain parsers are reusable: set `input`, call a rule). */
export const parser = new SymgradParser();
