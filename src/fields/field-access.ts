// The abstract field interface the filter compiler works against. filter/
// knows nothing about threads or fds: the engine hands it a resolver that
// maps a field name (and optional argument) to its type and an extractor.

/** How values of a field compare (libsinsp PT_* types grouped by comparison semantics). */
export type FieldKind = 'string' | 'number' | 'bool' | 'ipaddr' | 'ipnet' | 'buffer' | 'port';

/**
 * An extracted value. Numbers may be bigint beyond 2^53; list fields yield
 * arrays. IPADDR/IPNET fields yield the address as 4 or 16 network-order bytes
 * (or its text); BYTEBUF fields yield bytes.
 */
export type FieldValue = string | number | bigint | boolean | Uint8Array | readonly FieldScalar[];
export type FieldScalar = string | number | bigint | boolean | Uint8Array;

export interface FieldInfo {
  /** Registered name, e.g. `proc.aname` (an `evt.arg.flags` reference resolves to `evt.arg`). */
  name: string;
  kind: FieldKind;
  /** The libsinsp type name (PT_ without prefix): CHARBUF, FSPATH, UINT64, IPV4ADDR, ... */
  ptType: string;
  /** Multi-valued: only `in`, `intersects`, `exists` apply. */
  isList: boolean;
  argRequired: boolean;
  argAllowed: boolean;
  /** Cannot be used with val() or compared against a field. */
  noRhs: boolean;
  noTransformer: boolean;
  deprecated: boolean;
  /**
   * For a single-valued field whose extractor may return several candidates
   * (an array): 'endpoints' (the default) = the check holds if it holds for
   * any candidate, but `!=` needs every candidate to differ (fd.ip, fd.net,
   * fd.port, fd.proto: client or server); 'any' = it holds if it holds for
   * any candidate, `!=` included (proc.aname without index: any ancestor).
   * With no candidate, extract undefined (an empty array still `exists`).
   */
  candidates?: 'endpoints' | 'any';
}

/**
 * A field bound to an extractor. `extract` returns undefined when the value
 * is missing (no thread, no fd, no such parameter): every comparison on a
 * missing value is false, `!=` included.
 */
export interface FieldBinding<E> {
  info: FieldInfo;
  extract: (event: E) => FieldValue | undefined;
}

/** Resolves `name` / `name[arg]`; a string is the error message ("nonexistent field x", ...). */
export interface FieldResolver<E> {
  resolve(name: string, arg: string | undefined): FieldBinding<E> | string;
}

/** Type information only: enough to check a condition without evaluating it. */
export interface FieldSchema {
  describe(name: string, arg: string | undefined): FieldInfo | string;
}
