// Joins the rules loader with the field catalog: the one place that knows both.
import { catalogSchema } from '../fields/field-schema.js';
import { loadRulesFiles } from '../rules/rules-loader.js';
import type { RulesLoadResult } from '../rules/rules-loader.js';

export function loadRules(paths: readonly string[]): RulesLoadResult {
  return loadRulesFiles(paths, catalogSchema());
}
