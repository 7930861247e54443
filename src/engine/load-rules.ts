// Joins the rules loader with the field catalog: the one place that knows both.
import { catalogSchema } from '../fields/field-schema.js';
import { loadRulesFiles } from '../rules/rules-loader.js';
import type { RulesLoadResult, RulesText } from '../rules/rules-loader.js';

export function loadRules(paths: readonly string[], texts: readonly RulesText[] = []): RulesLoadResult {
  return loadRulesFiles(paths, catalogSchema(), texts);
}
