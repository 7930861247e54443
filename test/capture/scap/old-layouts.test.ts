import { describe, expect, it } from 'vitest';
import { eventCode, eventInfo } from '../../../src/capture/event-schema.js';
import type { ParamValue } from '../../../src/capture/model.js';
import { CONVERTER_TABLE } from '../../../src/capture/scap/converter-table.js';
import { EnterEvents, defaultValue } from '../../../src/capture/scap/old-layouts.js';

const TID = 42;

/** The file's parameters, padded with nulls to the layout's length as the reader pads them. */
function pad(values: ParamValue[], length: number): ParamValue[] {
  return [...values, ...new Array<ParamValue>(length - values.length).fill(null)];
}

describe('the converter table', () => {
  it('is generated from libscap with known event ids', () => {
    expect(CONVERTER_TABLE.length).toBeGreaterThan(100);
    for (const [id, , , , desired] of CONVERTER_TABLE) {
      expect(() => eventCode(id)).not.toThrow();
      if (desired !== undefined) expect(() => eventCode(desired)).not.toThrow();
    }
  });
});

describe('EnterEvents', () => {
  it('completes an exit from its enter event, and forgets the enter once used', () => {
    const enters = new EnterEvents();
    const closeE = eventCode('SYSCALL_CLOSE_E');
    const closeX = eventCode('SYSCALL_CLOSE_X');
    expect(enters.convert(TID, closeE, [7], 1)).toEqual({ type: closeE, params: [7] });
    expect(enters.affects(closeX, 1)).toBe(true);
    expect(enters.convert(TID, closeX, pad([0], 2), 1)).toEqual({ type: closeX, params: [0, 7] });
    // The enter event was cleared: the next one gets the default.
    expect(enters.convert(TID, closeX, pad([0], 2), 1)).toEqual({ type: closeX, params: [0, 0] });
  });

  it('fills an exit without its enter event with defaults, or empty where the table says so', () => {
    const enters = new EnterEvents();
    // futex: E0 E1 E2 without fallback: addr=0 op=0 val=0.
    const futexX = eventCode('SYSCALL_FUTEX_X');
    expect(enters.convert(TID, futexX, pad([0], 4), 1)).toEqual({ type: futexX, params: [0, 0, 0, 0] });
    // setuid: E0 with CIF_FALLBACK_TO_EMPTY: uid is empty.
    const setuidX = eventCode('SYSCALL_SETUID_X');
    expect(enters.convert(TID, setuidX, pad([0], 2), 1)).toEqual({ type: setuidX, params: [0, null] });
    // socket with 4 parameters: D for flags.
    const socketX = eventCode('SOCKET_SOCKET_X');
    expect(enters.convert(TID, socketX, pad([3, 2, 1, 0], 5), 4)).toEqual({ type: socketX, params: [3, 2, 1, 0, 0] });
    // The type's defaults: numbers 0, user and group ids (uint32)-1, variable-length types empty.
    expect(defaultValue(setuidX, 1)).toBe(0xffffffff);
    expect(defaultValue(futexX, 1)).toBe(0);
    expect(defaultValue(eventCode('SYSCALL_EXECVE_19_X'), 1)).toBeNull();
  });

  it('changes an old exit into its newer event type', () => {
    const enters = new EnterEvents();
    const dupE = eventCode('SYSCALL_DUP_E');
    const dupX = eventCode('SYSCALL_DUP_X');
    enters.convert(TID, dupE, [3], 1);
    expect(enters.convert(TID, dupX, [4], 1)).toEqual({ type: eventCode('SYSCALL_DUP_1_X'), params: [4, 3] });
    // Without the enter event, the fallback is empty.
    expect(enters.convert(TID, dupX, [5], 1)).toEqual({ type: eventCode('SYSCALL_DUP_1_X'), params: [5, null] });
  });

  it('follows chains of type changes (EXECVE_8_X to the current execve)', () => {
    const enters = new EnterEvents();
    const old = eventCode('SYSCALL_EXECVE_8_X');
    const params: ParamValue[] = [0, 'exe', new Uint8Array(0), 10, 10, 1, '/', 1024];
    const out = enters.convert(TID, old, params, 8);
    expect(out.type).toBe(eventCode('SYSCALL_EXECVE_19_X'));
    expect(out.params.slice(0, 8)).toEqual(params);
    expect(out.params.length).toBe(eventInfo(out.type)!.params.length);
  });

  it('returns enter events unchanged', () => {
    const enters = new EnterEvents();
    const readE = eventCode('SYSCALL_READ_E');
    const params: ParamValue[] = [3, 100];
    expect(enters.affects(readE, 2)).toBe(true);
    const out = enters.convert(TID, readE, params, 2);
    expect(out.type).toBe(readE);
    expect(out.params).toBe(params);
    expect(out.params).toEqual([3, 100]);
  });

  it('returns an exit already in the current layout unchanged', () => {
    const enters = new EnterEvents();
    const readE = eventCode('SYSCALL_READ_E');
    const readX = eventCode('SYSCALL_READ_X');
    enters.convert(TID, readE, [9, 9], 2);
    const params: ParamValue[] = [5, new Uint8Array([1, 2, 3, 4, 5]), 3, 100];
    expect(enters.affects(readX, 4)).toBe(false);
    const out = enters.convert(TID, readX, params, 4);
    expect(out).toEqual({ type: readX, params: [5, new Uint8Array([1, 2, 3, 4, 5]), 3, 100] });
    expect(out.params).toBe(params);
    // An exit-only capture in the current layout is not looked at.
    expect(new EnterEvents().affects(eventCode('SYSCALL_OPENAT_2_X'), 7)).toBe(false);
  });
});
