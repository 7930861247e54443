// The probe sends the kernel's raw argument values; captures hold the driver's
// portable PPM_* values (what Falco's probe writes and rules compare against).
// This table says which parameters of which event types need converting.
import { eventCode } from '../capture/event-schema.js';
import type { ParamValue } from '../capture/model.js';
import { ppmCloneFlags } from '../capture/clone-flags.js';
import { ppmOpenFlags } from '../capture/open-flags.js';

type Conversion = (raw: number) => number;

function byName(id: string, index: number, convert: Conversion): [number, number, Conversion] {
  return [eventCode(id), index, convert];
}

/** Linux fcntl commands to PPM_FCNTL_* (driver values); others are PPM_FCNTL_UNKNOWN (0). */
const FCNTL_COMMANDS: ReadonlyMap<number, number> = new Map([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [1030, 26]]);
const ppmFcntlCommand = (linux: number): number => FCNTL_COMMANDS.get(linux) ?? 0;

const CONVERSIONS: readonly [type: number, index: number, convert: Conversion][] = [
  byName('SYSCALL_OPEN_X', 2, ppmOpenFlags),
  byName('SYSCALL_OPENAT_2_X', 3, ppmOpenFlags),
  byName('SYSCALL_OPENAT2_X', 3, ppmOpenFlags),
  byName('SYSCALL_CLONE_20_X', 15, ppmCloneFlags),
  byName('SYSCALL_FORK_20_X', 15, ppmCloneFlags),
  byName('SYSCALL_VFORK_20_X', 15, ppmCloneFlags),
  byName('SYSCALL_CLONE3_X', 15, ppmCloneFlags),
  byName('SYSCALL_FCNTL_X', 2, ppmFcntlCommand),
  byName('SYSCALL_PIPE2_X', 4, ppmOpenFlags),
  byName('SYSCALL_DUP3_X', 3, ppmOpenFlags),
];

const BY_TYPE: ([number, Conversion][] | undefined)[] = [];
for (const [type, index, convert] of CONVERSIONS) (BY_TYPE[type] ??= []).push([index, convert]);

/** Rewrites, in place, the raw values of an event's parameters into PPM values. */
export function toPpmValues(type: number, params: ParamValue[]): void {
  const list = BY_TYPE[type];
  if (list === undefined) return;
  for (const [index, convert] of list) {
    const v = params[index];
    if (typeof v === 'number') params[index] = convert(v);
  }
}
