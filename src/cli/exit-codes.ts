// The exit codes every command shares (documented in man/falco-ts.1 and README).
export const ExitCode = {
  ok: 0,
  /** A comparison found differences (golden mismatch, diff). */
  differences: 1,
  /** Bad usage or bad input: unknown flag, missing or unreadable file, not a capture, rules error. */
  usage: 2,
  /** A damaged capture: what could be recovered was processed and reported. */
  damaged: 3,
  /** The environment cannot do it: no privileges, no BPF, native part not built. */
  environment: 4,
} as const;
