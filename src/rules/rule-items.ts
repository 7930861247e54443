// Items as read from a rules file, before collection: what each YAML map said,
// with the position of every part so later stages can point back at it.
import type { MappedText } from './mapped-text.js';
import type { FilePosition } from './rules-problem.js';

export interface Located<T> {
  value: T;
  at: FilePosition;
}

export type OverrideOp = 'append' | 'replace';

export interface ListItem {
  kind: 'list';
  name: string;
  at: FilePosition;
  items: Located<string>[];
  append: boolean;
  override: Map<string, Located<OverrideOp>>;
}

export interface MacroItem {
  kind: 'macro';
  name: string;
  at: FilePosition;
  condition: MappedText | undefined;
  append: boolean;
  override: Map<string, Located<OverrideOp>>;
}

/** One `exceptions:` entry; `fields`/`comps` keep whether they were a scalar or a list. */
export interface ExceptionItem {
  name: string;
  at: FilePosition;
  fields: string | string[] | undefined;
  comps: string | string[] | undefined;
  /** Rows of values; a row is a scalar (single-field form) or a list whose entries may be lists. */
  values: Located<unknown>[] | undefined;
}

export interface RuleItem {
  kind: 'rule';
  name: string;
  at: FilePosition;
  /** Keys present in the YAML map (besides `rule`). */
  keys: Set<string>;
  keyAt: Map<string, FilePosition>;
  condition: MappedText | undefined;
  output: string | undefined;
  desc: string | undefined;
  priority: string | undefined;
  source: string | undefined;
  enabled: boolean | undefined;
  tags: string[] | undefined;
  exceptions: ExceptionItem[] | undefined;
  capture: boolean | undefined;
  captureDuration: number | undefined;
  warnEvttypes: boolean | undefined;
  skipIfUnknownFilter: boolean | undefined;
  append: boolean;
  override: Map<string, Located<OverrideOp>>;
}

export interface EngineVersionItem {
  kind: 'required_engine_version';
  version: string;
  at: FilePosition;
}

export interface PluginVersionsItem {
  kind: 'required_plugin_versions';
  plugins: { name: string; version: string; alternatives: { name: string; version: string }[] }[];
  at: FilePosition;
}

export type RulesItem = ListItem | MacroItem | RuleItem | EngineVersionItem | PluginVersionsItem;
