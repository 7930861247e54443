// cli-table3 settings shared by every table we print: colour only when the
// caller says the stream is a colour terminal (TTY and no NO_COLOR).
import type Table from 'cli-table3';

export function tableStyle(color: boolean): Table.TableConstructorOptions['style'] {
  return color ? { head: ['cyan'], border: ['grey'], compact: true } : { head: [], border: [], compact: true };
}
