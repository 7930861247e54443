// Everything a rules load can complain about, as values with a file position.
// Codes and wording follow Falco's rule loader (LOAD_ERR_* / LOAD_* warnings).

export type ProblemSeverity = 'error' | 'warning';

export type ErrorCode =
  | 'LOAD_ERR_FILE_READ' | 'LOAD_ERR_YAML_PARSE' | 'LOAD_ERR_YAML_VALIDATE' | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT' | 'LOAD_ERR_VALIDATE';

export type WarningCode =
  | 'LOAD_UNKNOWN_SOURCE' | 'LOAD_UNSAFE_NA_CHECK' | 'LOAD_NO_EVTTYPE' | 'LOAD_UNKNOWN_FILTER' | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST' | 'LOAD_UNKNOWN_ITEM' | 'LOAD_DEPRECATED_ITEM' | 'LOAD_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE' | 'LOAD_INVALID_MACRO_NAME' | 'LOAD_INVALID_LIST_NAME' | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY' | 'LOAD_UNKNOWN_PLUGIN';

export interface FilePosition {
  file: string;
  line: number;
  col: number;
}

/** The item a problem belongs to, as Falco names it ("rule 'X'"). */
export interface ItemRef {
  kind: 'list' | 'macro' | 'rule' | 'required_engine_version' | 'required_plugin_versions' | 'item';
  name: string;
}

export interface RulesProblem {
  severity: ProblemSeverity;
  code: ErrorCode | WarningCode;
  message: string;
  at: FilePosition;
  item: ItemRef | undefined;
}

/** `file:line:col: error: message (rule 'X') [CODE]`: one line, as the CLI prints it. */
export function formatProblem(p: RulesProblem): string {
  const where = `${p.at.file}:${p.at.line}:${p.at.col}`;
  const what = p.item ? ` (${p.item.kind} '${p.item.name}')` : '';
  return `${where}: ${p.severity}: ${p.message}${what} [${p.code}]`;
}
