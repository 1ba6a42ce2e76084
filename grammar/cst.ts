// Generated from grammar/parser.ts by `npm run diagrams`; do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FormulaCstNode extends CstNode {
  name: "formula";
  children: FormulaCstChildren;
}

export type FormulaCstChildren = {
  expression: ExpressionCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operands: (TermCstNode)[];
  operators?: (IToken)[];
};

export interface TermCstNode extends CstNode {
  name: "term";
  children: TermCstChildren;
}

export type TermCstChildren = {
  operands: (UnaryCstNode)[];
  operators?: (IToken)[];
};

export interface UnaryCstNode extends CstNode {
  name: "unary";
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  signs?: (IToken)[];
  power: PowerCstNode[];
};

export interface PowerCstNode extends CstNode {
  name: "power";
  children: PowerCstChildren;
}

export type PowerCstChildren = {
  base: AtomCstNode[];
  transposes?: IToken[];
  Caret?: IToken[];
  exponent?: UnaryCstNode[];
};

export interface AtomCstNode extends CstNode {
  name: "atom";
  children: AtomCstChildren;
}

export type AtomCstChildren = {
  NumberLiteral?: IToken[];
  nameOrCall?: NameOrCallCstNode[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  RParen?: IToken[];
};

export interface NameOrCallCstNode extends CstNode {
  name: "nameOrCall";
  children: NameOrCallCstChildren;
}

export type NameOrCallCstChildren = {
  Name: IToken[];
  LParen?: IToken[];
  args?: (ExpressionCstNode)[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  Newline?: (IToken)[];
  statement?: StatementCstNode[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  dataStatement?: DataStatementCstNode[];
  paramStatement?: ParamStatementCstNode[];
  minimizeStatement?: MinimizeStatementCstNode[];
  subjectToStatement?: SubjectToStatementCstNode[];
  definition?: DefinitionCstNode[];
};

export interface DataStatementCstNode extends CstNode {
  name: "dataStatement";
  children: DataStatementCstChildren;
}

export type DataStatementCstChildren = {
  Data: IToken[];
  names: (IToken)[];
  Equals?: IToken[];
  LBracket?: IToken[];
  columns?: (IToken)[];
  Comma?: (IToken)[];
  RBracket?: (IToken)[];
  From?: (IToken)[];
  StringLiteral?: (IToken)[];
  items?: (ArrayItemCstNode)[];
};

export interface ArrayLiteralCstNode extends CstNode {
  name: "arrayLiteral";
  children: ArrayLiteralCstChildren;
}

export type ArrayLiteralCstChildren = {
  LBracket: IToken[];
  items?: (ArrayItemCstNode)[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ArrayItemCstNode extends CstNode {
  name: "arrayItem";
  children: ArrayItemCstChildren;
}

export type ArrayItemCstChildren = {
  signedNumber?: SignedNumberCstNode[];
  arrayLiteral?: ArrayLiteralCstNode[];
};

export interface ParamStatementCstNode extends CstNode {
  name: "paramStatement";
  children: ParamStatementCstChildren;
}

export type ParamStatementCstChildren = {
  Param: IToken[];
  inits: (ParamInitCstNode)[];
  Comma?: IToken[];
};

export interface ParamInitCstNode extends CstNode {
  name: "paramInit";
  children: ParamInitCstChildren;
}

export type ParamInitCstChildren = {
  Name: IToken[];
  LBracket?: IToken[];
  sizes?: (SignedNumberCstNode)[];
  Comma?: IToken[];
  RBracket?: IToken[];
  Equals?: IToken[];
  value?: SignedNumberCstNode[];
  values?: ArrayLiteralCstNode[];
};

export interface SignedNumberCstNode extends CstNode {
  name: "signedNumber";
  children: SignedNumberCstChildren;
}

export type SignedNumberCstChildren = {
  Minus?: IToken[];
  NumberLiteral: IToken[];
};

export interface DefinitionCstNode extends CstNode {
  name: "definition";
  children: DefinitionCstChildren;
}

export type DefinitionCstChildren = {
  Name: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface MinimizeStatementCstNode extends CstNode {
  name: "minimizeStatement";
  children: MinimizeStatementCstChildren;
}

export type MinimizeStatementCstChildren = {
  Minimize: IToken[];
  expression: ExpressionCstNode[];
};

export interface SubjectToStatementCstNode extends CstNode {
  name: "subjectToStatement";
  children: SubjectToStatementCstChildren;
}

export type SubjectToStatementCstChildren = {
  Subject: IToken[];
  To: IToken[];
  constraint: ConstraintCstNode[];
};

export interface ConstraintCstNode extends CstNode {
  name: "constraint";
  children: ConstraintCstChildren;
}

export type ConstraintCstChildren = {
  lhs: ExpressionCstNode[];
  relation?: (IToken)[];
  rhs?: ExpressionCstNode[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  formula(children: FormulaCstChildren, param?: IN): OUT;
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  term(children: TermCstChildren, param?: IN): OUT;
  unary(children: UnaryCstChildren, param?: IN): OUT;
  power(children: PowerCstChildren, param?: IN): OUT;
  atom(children: AtomCstChildren, param?: IN): OUT;
  nameOrCall(children: NameOrCallCstChildren, param?: IN): OUT;
  program(children: ProgramCstChildren, param?: IN): OUT;
  statement(children: StatementCstChildren, param?: IN): OUT;
  dataStatement(children: DataStatementCstChildren, param?: IN): OUT;
  arrayLiteral(children: ArrayLiteralCstChildren, param?: IN): OUT;
  arrayItem(children: ArrayItemCstChildren, param?: IN): OUT;
  paramStatement(children: ParamStatementCstChildren, param?: IN): OUT;
  paramInit(children: ParamInitCstChildren, param?: IN): OUT;
  signedNumber(children: SignedNumberCstChildren, param?: IN): OUT;
  definition(children: DefinitionCstChildren, param?: IN): OUT;
  minimizeStatement(children: MinimizeStatementCstChildren, param?: IN): OUT;
  subjectToStatement(children: SubjectToStatementCstChildren, param?: IN): OUT;
  constraint(children: ConstraintCstChildren, param?: IN): OUT;
}
