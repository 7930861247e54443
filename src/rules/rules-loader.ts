// Loads rules files in order, as Falco does with several -r options: each
// file's items go through one collector (later files override earlier ones),
// then the whole collection is compiled once. Directories contribute their
// .yaml/.yml files in name order.
import fs from 'node:fs';
import path from 'node:path';
import type { FieldSchema } from '../fields/field-access.js';
import { Collector } from './collector.js';
import { compileCollection } from './rules-compiler.js';
import type { LoadedRule } from './rules-compiler.js';
import type { RulesItem } from './rule-items.js';
import { readRulesText } from './rules-reader.js';
import type { RulesProblem } from './rules-problem.js';

/** The Falco engine version whose rules language this implements (Falco 0.44). */
export const ENGINE_VERSION = '0.63.0';

/** Plugins whose fields falco-ts provides itself. */
const BUILTIN_PLUGINS = new Set(['container']);

export interface RulesLoadResult {
  rules: LoadedRule[];
  problems: RulesProblem[];
  /** The rules files read, in order. */
  files: string[];
}

/** Expands directories into their .yaml/.yml files (sorted); keeps explicit files. */
export function rulesFilePaths(paths: readonly string[], problems: RulesProblem[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      problems.push({ severity: 'error', code: 'LOAD_ERR_FILE_READ', message: 'Could not read file: no such file or directory', at: { file: p, line: 1, col: 1 }, item: undefined });
      continue;
    }
    if (stat.isDirectory()) {
      out.push(...fs.readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(p, f)));
    } else {
      out.push(p);
    }
  }
  return out;
}

function parseVersion(v: string): [number, number, number] | undefined {
  if (/^\d+$/.test(v)) return [0, Number(v), 0];
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function checkEngineVersion(required: string, at: RulesProblem['at']): RulesProblem | undefined {
  const req = parseVersion(required);
  const have = parseVersion(ENGINE_VERSION)!;
  if (req === undefined) return { severity: 'error', code: 'LOAD_ERR_VALIDATE', message: `Unable to parse engine version '${required}' as a semver string`, at, item: { kind: 'required_engine_version', name: required } };
  const newer = req[0] !== have[0] || req[1] > have[1] || (req[1] === have[1] && req[2] > have[2]);
  if (!newer) return undefined;
  return { severity: 'error', code: 'LOAD_ERR_VALIDATE', message: `Rules require engine version ${req.join('.')}, but engine version is ${ENGINE_VERSION}`, at, item: { kind: 'required_engine_version', name: required } };
}

function collect(collector: Collector, items: readonly RulesItem[], problems: RulesProblem[]): void {
  for (const item of items) {
    switch (item.kind) {
      case 'list': collector.addList(item); break;
      case 'macro': collector.addMacro(item); break;
      case 'rule': collector.addRule(item); break;
      case 'required_engine_version': {
        const p = checkEngineVersion(item.version, item.at);
        if (p) problems.push(p);
        break;
      }
      case 'required_plugin_versions':
        for (const plugin of item.plugins) {
          if (BUILTIN_PLUGINS.has(plugin.name) || plugin.alternatives.some((a) => BUILTIN_PLUGINS.has(a.name))) continue;
          problems.push({ severity: 'warning', code: 'LOAD_UNKNOWN_PLUGIN', message: `Plugin '${plugin.name}' is not available in falco-ts; rules for its event sources are skipped`, at: item.at, item: { kind: 'required_plugin_versions', name: plugin.name } });
        }
        break;
    }
  }
}

/** A rules text that is not a file (a query's filter wrapped as a rule), loaded after the files. */
export interface RulesText {
  name: string;
  text: string;
}

export function loadRulesFiles(paths: readonly string[], schema: FieldSchema, texts: readonly RulesText[] = []): RulesLoadResult {
  const problems: RulesProblem[] = [];
  const files = [...rulesFilePaths(paths, problems), ...texts.map((t) => t.name)];
  const collector = new Collector();
  for (const file of files) {
    let text: string;
    const given = texts.find((t) => t.name === file);
    try {
      text = given?.text ?? fs.readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ severity: 'error', code: 'LOAD_ERR_FILE_READ', message: `Could not read file: ${(err as Error).message}`, at: { file, line: 1, col: 1 }, item: undefined });
      continue;
    }
    const read = readRulesText(file, text);
    problems.push(...read.problems);
    collect(collector, read.items, problems);
  }
  problems.push(...collector.problems);
  const compiled = compileCollection(collector, schema);
  problems.push(...compiled.problems);
  // Files in load order, then line and column; problems of unknown files (none expected) last.
  const order = (file: string): number => {
    const i = files.indexOf(file);
    return i < 0 ? files.length : i;
  };
  problems.sort((a, b) => order(a.at.file) - order(b.at.file) || a.at.line - b.at.line || a.at.col - b.at.col);
  return { rules: compiled.rules, problems, files };
}
