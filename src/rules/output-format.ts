// The fields an output format refers to: `%proc.name`, `%evt.arg.flags`,
// `%proc.aname[2]`, `%12proc.name` (padded). The formatter proper renders them
// (output/); rule loading only checks that each one exists.

export interface OutputToken {
  field: string;
  arg: string | undefined;
  /** Offset of the '%' in the output text. */
  offset: number;
}

const TOKEN = /%(\d*)([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[([^\]]*)\])?/g;

export function outputTokens(output: string): OutputToken[] {
  const out: OutputToken[] = [];
  for (const m of output.matchAll(TOKEN)) out.push({ field: m[2]!, arg: m[3], offset: m.index });
  return out;
}
