// Macros are parsed once and substituted into conditions as syntax trees, as
// Falco's filter_macro_resolver does: an identifier becomes a deep copy of the
// macro's tree, recursively. Inside a macro only earlier macros are visible;
// rules see every macro. Each copy keeps the positions of the macro's text.
import type { Expr } from '../filter/ast.js';
import type { FilePosition } from './rules-problem.js';

export interface ParsedMacro {
  name: string;
  /** First-definition order: a macro sees only macros defined before it. */
  index: number;
  visibility: number;
  ast: Expr | undefined;
}

export interface MacroProblem {
  message: string;
  at: FilePosition;
}

export class MacroResolver {
  readonly used = new Set<string>();
  private readonly resolved = new Map<string, Expr | null>();

  constructor(private readonly macros: ReadonlyMap<string, ParsedMacro>) {}

  /**
   * Expands identifiers in `ast`. `visibility` limits which macros can be used
   * (undefined: all). Problems are appended; an unresolvable identifier is left
   * in place (the compiler reports nothing more for it).
   */
  expand(ast: Expr, visibility: number | undefined, problems: MacroProblem[], stack: string[] = []): Expr {
    switch (ast.kind) {
      case 'and': case 'or':
        return { ...ast, children: ast.children.map((c) => this.expand(c, visibility, problems, stack)) };
      case 'not':
        return { ...ast, child: this.expand(ast.child, visibility, problems, stack) };
      case 'check':
        return ast;
      case 'identifier':
        return this.substitute(ast, visibility, problems, stack);
    }
  }

  private substitute(id: Extract<Expr, { kind: 'identifier' }>, visibility: number | undefined, problems: MacroProblem[], stack: string[]): Expr {
    const at: FilePosition = { file: id.pos.source ?? '', line: id.pos.line, col: id.pos.col };
    const macro = this.macros.get(id.name);
    if (macro === undefined || (visibility !== undefined && macro.index >= visibility)) {
      problems.push({ message: `Undefined macro '${id.name}' used in filter.`, at });
      return id;
    }
    if (stack.includes(id.name)) {
      problems.push({ message: `reference loop in macro '${id.name}'`, at });
      return id;
    }
    this.used.add(id.name);
    const body = this.resolvedBody(macro, problems, stack);
    return body === null ? id : structuredClone(body);
  }

  /** Expands every macro's own body once, so errors inside unused macros are reported too. */
  resolveAll(onProblems: (macro: string, problems: MacroProblem[]) => void): void {
    for (const macro of this.macros.values()) {
      const problems: MacroProblem[] = [];
      this.resolvedBody(macro, problems, []);
      if (problems.length > 0) onProblems(macro.name, problems);
    }
  }

  /** A macro's fully expanded tree, computed once. */
  private resolvedBody(macro: ParsedMacro, problems: MacroProblem[], stack: string[]): Expr | null {
    const cached = this.resolved.get(macro.name);
    if (cached !== undefined) return cached;
    if (macro.ast === undefined) return null;
    const expanded = this.expand(macro.ast, macro.visibility, problems, [...stack, macro.name]);
    this.resolved.set(macro.name, expanded);
    return expanded;
  }
}
