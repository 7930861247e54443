// Every table we print: cli-table3 with one style, colour only when the
// caller says the stream is a colour terminal (TTY and no NO_COLOR).
//
// cli-table3 is loaded with the first table rather than imported: most runs
// (a replay to a pipe, a query in CI) print none, and loading it is ~20 ms
// of every start-up.
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';

export type Table = CliTable3.Table;

const requireCjs = createRequire(import.meta.url);
let TableClass: typeof CliTable3 | undefined;

export function tableStyle(color: boolean): CliTable3.TableConstructorOptions['style'] {
  return color ? { head: ['cyan'], border: ['grey'], compact: true } : { head: [], border: [], compact: true };
}

/** A table in our style with the given columns and options. */
export function newTable(options: Omit<CliTable3.TableConstructorOptions, 'style'>, color: boolean): Table {
  TableClass ??= requireCjs('cli-table3') as typeof CliTable3;
  return new TableClass({ ...options, style: tableStyle(color) });
}
