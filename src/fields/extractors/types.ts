// The shape every extractor table shares. A factory runs once per field
// reference when a rule compiles; the extractor it returns runs per event, so
// factories do the argument parsing and table lookups up front.
import type { FieldScalar, FieldValue } from '../field-access.js';
import type { EventContext } from '../../state/event-context.js';
import type { ResolvedField } from '../field-schema.js';

/** The resolved reference a factory is built for (its `arg` / `argIndex` carry `[N]`, `.NAME`). */
export type ResolvedArg = ResolvedField;

/** undefined = the value is missing (NULL in libsinsp, `<NA>` when printed). */
export type Extractor = (ctx: EventContext) => FieldValue | undefined;

export type ExtractorFactory = (arg: ResolvedArg) => Extractor;

export type FieldTable = Readonly<Record<string, ExtractorFactory>>;

/**
 * Extractors for printing, for the few fields whose printed value is not the
 * value conditions compare: libsinsp takes a different path for outputs
 * (proc.aname without an index prints the ancestors joined by spaces but
 * compares each one; evt.buffer prints non-printables as dots but compares
 * raw bytes). Fields absent from a display table print their extracted value.
 */
export type DisplayTable = FieldTable;

/** A shared empty candidate list: "no candidate, but the fd exists". Never mutated. */
export const NO_CANDIDATES: readonly FieldScalar[] = Object.freeze([]);
