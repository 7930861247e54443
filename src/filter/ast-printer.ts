// Prints a condition tree the way libsinsp's `ast::as_string` does, so
// compiled conditions shown to users (and compared in tests) read as Falco's:
// `(a and b)`, `not x`, `field op value`, `(v1, v2)`, values re-quoted only
// when needed. Like Falco's, the output is not always re-parseable (a `,`
// transformer argument prints bare).
import type { Expr, FieldRef, ListNode, RightOperand, TransformerArg, TransformerExpr, ValFieldNode } from './ast.js';
import { escapeForPrint } from './escaping.js';

type Printable = Expr | RightOperand | TransformerArg | ValFieldNode;

export function printExpr(e: Expr): string {
  return printNode(e);
}

/** Any node, e.g. a check's left or right operand alone. */
export function printNode(n: Printable): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `(${n.children.map(printNode).join(` ${n.kind} `)})`;
    case 'not':
      return `not ${printNode(n.child)}`;
    case 'identifier':
      return n.name;
    case 'check':
      return printCheck(n.left, n.op, n.modifier, n.right);
    case 'field':
      return printField(n);
    case 'transformer':
      return printTransformer(n);
    case 'val':
      return `val(${printField(n.field)})${printArg(n.index)}`;
    case 'value':
      return escapeForPrint(n.value);
    case 'list':
      return printList(n);
    case 'transformer-list':
      return `(${n.items.map(printNode).join(',')})`;
  }
}

function printCheck(left: Printable, op: string, modifier: string | undefined, right: Printable | undefined): string {
  const operator = modifier === undefined ? op : `${op} ${modifier}`;
  return right === undefined ? `${printNode(left)} ${operator}` : `${printNode(left)} ${operator} ${printNode(right)}`;
}

function printField(f: FieldRef): string {
  return f.name + printArg(f.arg);
}

// Transformer arguments are joined by a bare comma, list values by ", ": both as in libsinsp.
function printTransformer(t: TransformerExpr): string {
  return `${t.name}(${t.args.map(printNode).join(',')})${printArg(t.index)}`;
}

function printList(l: ListNode): string {
  return `(${l.values.map((v) => escapeForPrint(v.value)).join(', ')})`;
}

/** An empty argument must stay visible: `[""]`. */
function printArg(arg: string | undefined): string {
  if (arg === undefined) return '';
  return arg === '' ? '[""]' : `[${escapeForPrint(arg)}]`;
}
