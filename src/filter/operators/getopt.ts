// getopt(args, optstring)[opt]: short options parsed the way getopt(3) scans
// argv, as libsinsp's getopt transformer does. Without a selector the result
// is the stream of option characters (each followed by its value, if it takes
// one; `?` for unknown options); with `[x]` it is the last value given to
// -x (or "x" itself for a flag), and missing when -x never appears. An option
// whose value is missing at the end of argv yields "" (alone, in the stream).
// Scanning stops at `--` or the first non-option; long options (`--exec`)
// are skipped.

export interface OptSpec {
  valid: ReadonlySet<string>;
  withArg: ReadonlySet<string>;
}

export function parseOptstring(optstring: string): OptSpec {
  const valid = new Set<string>();
  const withArg = new Set<string>();
  for (let i = optstring.startsWith(':') ? 1 : 0; i < optstring.length; i++) {
    const opt = optstring[i]!;
    if (opt === ':') continue;
    valid.add(opt);
    if (optstring[i + 1] === ':') {
      withArg.add(opt);
      i++;
    }
  }
  return { valid, withArg };
}

export function getoptAll(args: readonly string[], spec: OptSpec): string[] {
  const out: string[] = [];
  scan(args, spec, (opt, kind, value) => {
    if (kind === 'unknown') out.push('?');
    else if (kind === 'missing') out.push('');
    else out.push(opt);
    if (kind === 'value') out.push(value);
  });
  return out;
}

export function getoptSelect(args: readonly string[], spec: OptSpec, selector: string): string | undefined {
  let selected: string | undefined;
  scan(args, spec, (opt, kind, value) => {
    if (kind === 'unknown' || opt !== selector) return;
    selected = kind === 'flag' ? opt : kind === 'missing' ? '' : value;
  });
  return selected;
}

/** `missing`: the option needs a value but argv ended (libsinsp reports it as ""). */
type Emit = (opt: string, kind: 'unknown' | 'flag' | 'value' | 'missing', value: string) => void;

function scan(args: readonly string[], spec: OptSpec, emit: Emit): void {
  for (let a = 0; a < args.length; a++) {
    const arg = args[a]!;
    if (arg === '--') return;
    if (arg.length > 2 && arg.startsWith('--')) continue;
    if (arg.length < 2 || arg[0] !== '-') return;
    const consumed = scanCluster(args, a, spec, emit);
    if (consumed < 0) return;
    a += consumed;
  }
}

/** One `-abc` token; returns how many following args it consumed, or -1 to stop. */
function scanCluster(args: readonly string[], a: number, spec: OptSpec, emit: Emit): number {
  const arg = args[a]!;
  for (let i = 1; i < arg.length; i++) {
    const opt = arg[i]!;
    if (opt === ':' || !spec.valid.has(opt)) {
      emit(opt, 'unknown', '');
      continue;
    }
    if (!spec.withArg.has(opt)) {
      emit(opt, 'flag', '');
      continue;
    }
    if (i + 1 < arg.length) {
      emit(opt, 'value', arg.slice(i + 1));
      return 0;
    }
    if (a + 1 >= args.length) {
      emit(opt, 'missing', '');
      return -1;
    }
    emit(opt, 'value', args[a + 1]!);
    return 1;
  }
  return 0;
}
