// Binds field references to extractors over EventContext. Names, arguments
// and types come from the catalog (resolveField); the extractor tables only
// supply behaviour. A catalogued field without an extractor is an error that
// names the gap, except container-plugin fields: a capture cannot carry
// everything the plugin would ask the container runtime, so those read as
// missing, the way the plugin answers before its lookup completes.
import type { FieldBinding, FieldResolver } from './field-access.js';
import type { EventContext } from '../state/event-context.js';
import { catalogFields, resolveField } from './field-schema.js';
import type { ResolvedField } from './field-schema.js';
import { containerFields } from './extractors/container-fields.js';
import { evtDisplayFields, evtFields } from './extractors/evt-fields.js';
import { FD_ENDPOINT_FIELDS, fdFields } from './extractors/fd-fields.js';
import { fsPathFields } from './extractors/fs-path-fields.js';
import { anyAncestorField, processDisplayFields, processFields } from './extractors/process-fields.js';
import type { DisplayTable, Extractor, ExtractorFactory, FieldTable } from './extractors/types.js';
import { userFields } from './extractors/user-fields.js';

/** A binding for outputs as well as conditions: `display` is what the field prints as. */
export interface EventFieldBinding extends FieldBinding<EventContext> {
  info: ResolvedField;
  display: Extractor;
}

let factories: ReadonlyMap<string, ExtractorFactory> | undefined;
let displayFactories: ReadonlyMap<string, ExtractorFactory> | undefined;

function tables(): { all: ReadonlyMap<string, ExtractorFactory>; display: ReadonlyMap<string, ExtractorFactory> } {
  if (factories === undefined || displayFactories === undefined) {
    const merge = (list: FieldTable[] | DisplayTable[]): Map<string, ExtractorFactory> => {
      const m = new Map<string, ExtractorFactory>();
      for (const t of list) for (const [name, f] of Object.entries(t)) m.set(name, f);
      return m;
    };
    factories = merge([evtFields, processFields, fdFields, userFields, containerFields, fsPathFields]);
    displayFactories = merge([evtDisplayFields, processDisplayFields]);
  }
  return { all: factories, display: displayFactories };
}

const missing: Extractor = () => undefined;

function candidatesOf(field: ResolvedField): ResolvedField['candidates'] {
  if (FD_ENDPOINT_FIELDS.has(field.name)) return 'endpoints';
  if (anyAncestorField(field.name, field)) return 'any';
  return undefined;
}

/** The binding for a resolved reference, or the "not supported" message. */
function bind(field: ResolvedField): EventFieldBinding | string {
  const { all, display } = tables();
  const factory = all.get(field.name);
  const candidates = candidatesOf(field);
  const info: ResolvedField = candidates === undefined ? field : { ...field, candidates };
  if (factory === undefined) {
    if (field.provider === 'container') return { info, extract: missing, display: missing };
    return `field ${field.text} is not supported by falco-ts yet`;
  }
  const extract = factory(field);
  const displayFactory = display.get(field.name);
  return { info, extract, display: displayFactory === undefined ? extract : displayFactory(field) };
}

/** FieldResolver whose bindings also carry the display extractor. */
export interface EventFieldResolver extends FieldResolver<EventContext> {
  resolve(name: string, arg: string | undefined): EventFieldBinding | string;
}

let resolver: EventFieldResolver | undefined;

/**
 * The event field resolver. Bindings are memoized per reference: extractors
 * keep no state between events, so every rule using `proc.name` shares one.
 */
export function eventFieldResolver(): EventFieldResolver {
  if (resolver === undefined) {
    const cache = new Map<string, EventFieldBinding | string>();
    resolver = {
      resolve(name: string, arg: string | undefined): EventFieldBinding | string {
        const key = arg === undefined ? name : `${name}[${arg}]`;
        let hit = cache.get(key);
        if (hit === undefined) {
          const field = resolveField(name, arg);
          hit = typeof field === 'string' ? field : bind(field);
          cache.set(key, hit);
        }
        return hit;
      },
    };
  }
  return resolver;
}

/** The binding of a field known to exist (a programming error otherwise), for code that reads fields itself. */
export function eventField(name: string, arg?: string): FieldBinding<EventContext> {
  const b = eventFieldResolver().resolve(name, arg);
  if (typeof b === 'string') throw new Error(b);
  return b;
}

export interface FieldListing {
  name: string;
  /** The libsinsp type name (PT_ without prefix). */
  type: string;
  description: string;
  /** An extractor exists (container-plugin fields without one resolve but are always missing). */
  supported: boolean;
}

/** Every catalogued field, in catalog order, for `falco-ts fields`. */
export function listFields(): FieldListing[] {
  const { all } = tables();
  return [...catalogFields().values()].map((f) => ({
    name: f.name, type: f.ptType, description: f.description, supported: all.has(f.name),
  }));
}
