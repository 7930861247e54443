// The condition language's syntax tree, as libsinsp's parser builds it: n-ary
// and/or chains, not, checks (field operator value), and identifiers (macro
// references). Every node carries the position of its first character in the
// condition text, so errors can point at a column.

/** A position in a condition text: 0-based offset, 1-based line and column. */
export interface Position {
  offset: number;
  line: number;
  col: number;
  /** Set when the position has been mapped into a file (the rules loader does this). */
  source?: string;
}

export type Expr = AndExpr | OrExpr | NotExpr | CheckExpr | IdentifierExpr;

export interface AndExpr {
  kind: 'and';
  children: Expr[];
  pos: Position;
}

export interface OrExpr {
  kind: 'or';
  children: Expr[];
  pos: Position;
}

export interface NotExpr {
  kind: 'not';
  child: Expr;
  pos: Position;
}

/** A bare identifier: a macro reference (resolved by the rules compiler). */
export interface IdentifierExpr {
  kind: 'identifier';
  name: string;
  pos: Position;
}

/** `proc.aname[2]`, `proc.env[HOME]`, `evt.arg.flags`: the arg is kept as written (quotes removed). */
export interface FieldRef {
  kind: 'field';
  name: string;
  arg: string | undefined;
  pos: Position;
}

export type TransformerName = 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt';

export const TRANSFORMER_NAMES: readonly TransformerName[] = ['tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'];

/** `toupper(proc.name)`, `join(",", proc.args)`, `getopt(proc.args, "abc:")[c]`. */
export interface TransformerExpr {
  kind: 'transformer';
  name: TransformerName;
  args: TransformerArg[];
  /** The `[...]` after the closing parenthesis (getopt's option). */
  index: string | undefined;
  pos: Position;
}

export type TransformerArg = FieldRef | TransformerExpr | ValueNode | ListNode | TransformerListNode;

/**
 * `join("-", (fd.name, "x", 3))`: a transformer's list argument. Unlike a
 * ListNode its items may be fields and transformers (libsinsp transformer_list_expr).
 */
export interface TransformerListNode {
  kind: 'transformer-list';
  items: (FieldRef | TransformerExpr | ValueNode)[];
  pos: Position;
}

/** A literal: a bare or quoted string (escapes already resolved), or a number as written. */
export interface ValueNode {
  kind: 'value';
  value: string;
  quoted: boolean;
  pos: Position;
}

/** `(a, "b c", 3)`. */
export interface ListNode {
  kind: 'list';
  values: ValueNode[];
  pos: Position;
}

/** `val(proc.pname)`: a field on the right-hand side. */
export interface ValFieldNode {
  kind: 'val';
  field: FieldRef;
  /** `val(f)[x]` parses, but the compiler rejects it ("transformer 'val' does not support field arguments"). */
  index?: string | undefined;
  pos: Position;
}

export type FieldOperand = FieldRef | TransformerExpr;

/** What may follow an operator; IdentifierExpr only for list operators (`in my_list` kept as one value). */
export type RightOperand = ValueNode | ListNode | ValFieldNode | TransformerExpr | IdentifierExpr;

export type UnaryOperator = 'exists';
export type BinaryOperator =
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'contains' | 'icontains' | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex' | 'in' | 'intersects' | 'pmatch';
export type Operator = UnaryOperator | BinaryOperator;
export type ListModifier = 'oneof' | 'anyof' | 'allof';

export interface CheckExpr {
  kind: 'check';
  left: FieldOperand;
  op: Operator;
  /** `startswith oneof (...)`: the modifier, with `right` a ListNode or list identifier. */
  modifier: ListModifier | undefined;
  /** Absent for `exists`. */
  right: RightOperand | undefined;
  pos: Position;
}
