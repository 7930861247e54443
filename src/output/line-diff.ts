// A unified diff of two line lists (Myers' O(ND) algorithm), for golden-file
// mismatches: what a reviewer reads in a CI log. Common head and tail are
// trimmed first, so the usual case (a few alerts changed among thousands)
// costs little.

export type DiffOp = { op: ' ' | '-' | '+'; line: string };

/** Beyond this many differing lines the diff is not worth computing exactly. */
const MAX_EDITS = 4000;

/** The edit script turning `a` into `b`; null when they differ in more than MAX_EDITS lines. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] | null {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  if (middle === null) return null;
  return [
    ...a.slice(0, head).map((line): DiffOp => ({ op: ' ', line })),
    ...middle,
    ...a.slice(a.length - tail).map((line): DiffOp => ({ op: ' ', line })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset, d);
    }
  }
  return null;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], offset: number, dEnd: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: ' ', line: a[--x]! }), y--;
    if (down) ops.push({ op: '+', line: b[--y]! });
    else ops.push({ op: '-', line: a[--x]! });
  }
  while (x > 0) ops.push({ op: ' ', line: a[--x]! }), y--;
  return ops.reverse();
}

/** Unified-diff hunks ("@@ -l,n +l,n @@") with `context` unchanged lines around each change. */
export function unifiedDiff(ops: readonly DiffOp[], context = 2): string[] {
  const out: string[] = [];
  let aLine = 1;
  let bLine = 1;
  const positions = ops.map((o) => {
    const p = { a: aLine, b: bLine };
    if (o.op !== '+') aLine++;
    if (o.op !== '-') bLine++;
    return p;
  });
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op === ' ') { i++; continue; }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend over changes separated by at most 2×context unchanged lines.
    for (let j = i; j < ops.length; j++) {
      if (ops[j]!.op !== ' ') end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${positions[start]!.a},${aCount} +${positions[start]!.b},${bCount} @@`);
    for (const o of hunk) out.push(`${o.op}${o.line}`);
    i = stop;
  }
  return out;
}
