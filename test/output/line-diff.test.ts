// The golden-file diff: an edit script that really turns one list into the
// other, with as few edits as an LCS allows, and readable hunks.
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from '../../src/output/line-diff.js';
import { mulberry32 } from '../../bench/workload.js';

/** Length of a longest common subsequence, by dynamic programming. */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

describe('diffLines', () => {
  it('turns a into b with a minimal number of edits (random lists)', () => {
    const rnd = mulberry32(7);
    for (let round = 0; round < 300; round++) {
      const pick = (n: number): string[] => Array.from({ length: Math.floor(rnd() * n) }, () => 'abcde'[Math.floor(rnd() * 5)]!);
      const a = pick(30);
      const b = rnd() < 0.3 ? [...a.slice(0, 5), 'z', ...a.slice(7)] : pick(30);
      const ops = diffLines(a, b)!;
      expect(ops.filter((o) => o.op !== '+').map((o) => o.line)).toEqual(a);
      expect(ops.filter((o) => o.op !== '-').map((o) => o.line)).toEqual(b);
      expect(ops.filter((o) => o.op === ' ').length).toBe(lcs(a, b));
    }
  });

  it('writes unified hunks with two lines of context and golden-file line numbers', () => {
    const a = ['h', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const b = ['h', '1', '2', 'X', '4', '5', '6', '7', '8', '9', '10', '11'];
    expect(unifiedDiff(diffLines(a, b)!)).toEqual([
      '@@ -2,5 +2,5 @@', ' 1', ' 2', '-3', '+X', ' 4', ' 5',
      '@@ -10,2 +10,3 @@', ' 9', ' 10', '+11',
    ]);
    expect(unifiedDiff(diffLines(a, a)!)).toEqual([]);
  });
});
