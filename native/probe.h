/* Definitions shared by the BPF probe (probe.bpf.c) and its loader (loader.c).
 *
 * Events leave the kernel in the scap v2 event layout that Falco's modern probe
 * uses (26-byte header, u16 parameter lengths, parameters), with the event
 * types and parameter order of falcosecurity/libs' event table. Values are the
 * kernel's raw ones (Linux flag bits, kernel dev_t); the TypeScript recorder
 * converts flags to the driver's PPM_* values when it writes the capture. */
#ifndef FALCO_TS_PROBE_H
#define FALCO_TS_PROBE_H

#define FTS_MAX_SYSCALLS 512     /* x86_64 syscall ids are < 512 */
#define FTS_MAX_PARAMS 10        /* params of a table-driven (recipe) event */
#define FTS_HDR_SIZE 26          /* ts u64, tid u64, len u32, type u16, nparams u32 */
#define FTS_MAX_EVENT (1 << 16)  /* an event is at most 64 KiB, like scap */
#define FTS_SCRATCH_SIZE (1 << 17)
#define FTS_MAX_STR 4096         /* PATH_MAX; strings are cut here */
#define FTS_MAX_ARGS_BYTES 4096  /* argv / environ areas are cut here */

/* Where a recipe parameter's value comes from. */
enum fts_src {
	FTS_SRC_NONE = 0,     /* empty parameter */
	FTS_SRC_RET,          /* the syscall's return value (8 bytes, or `size`) */
	FTS_SRC_ARG,          /* argument a, as an unsigned integer of `size` bytes */
	FTS_SRC_ARG_S32,      /* argument a, a C int sign-extended (fds, pids, dirfds) */
	FTS_SRC_USTR,         /* NUL-terminated user string at argument a */
	FTS_SRC_UBUF_RET,     /* user buffer at argument a, length min(ret, snaplen) */
	FTS_SRC_UBUF_ARG,     /* user buffer at argument a, length min(argument b, snaplen) */
	FTS_SRC_SOCKADDR,     /* user sockaddr at argument a, length argument b, as scap SOCKADDR */
	FTS_SRC_TUPLE_OUT,    /* socket tuple of fd argument a (or ret), local -> remote */
	FTS_SRC_TUPLE_IN,     /* socket tuple of fd argument a (or ret), remote -> local */
	FTS_SRC_FD_DEV,       /* dev of the file at fd (argument a, or ret when a == 0xff) */
	FTS_SRC_FD_INO,       /* inode number of that file */
	FTS_SRC_UINT_AT,      /* a C int read from user memory at argument a + 4*b */
	FTS_SRC_ZERO,         /* a zero of `size` bytes */
	FTS_SRC_U64_AT,       /* a u64 read from user memory at argument a + 8*b (-1 when unreadable) */
	FTS_SRC_CAP,          /* the task's capability set after the call: a = 0 inheritable, 1 permitted, 2 effective */
	FTS_SRC_CONST16,      /* the constant a | b << 8, as a u16 */
};

#define FTS_FD_RET 0xff

struct fts_param_recipe {
	unsigned char src;
	unsigned char a;
	unsigned char b;
	unsigned char size;
};

/* How to build the exit event of one syscall: one per syscall id. */
struct fts_recipe {
	unsigned short type;     /* ppm_event_code; 0 = not recorded */
	unsigned char nparams;
	unsigned char special;   /* FTS_SPECIAL_*: built by a dedicated program */
	struct fts_param_recipe p[FTS_MAX_PARAMS];
};

enum fts_special {
	FTS_SPECIAL_NONE = 0,
	FTS_SPECIAL_CLONE = 1,   /* clone, clone3, fork, vfork: process info in parent and child */
	FTS_SPECIAL_EXECVE = 2,  /* execve/execveat: failures here, successes in sched_process_exec */
};

/* Tail-call slots. */
enum fts_prog {
	FTS_PROG_CLONE = 0,
	FTS_PROG_EXECVE_FAIL = 1,
	FTS_PROG_MAX = 2,
};

/* Per-CPU counters, summed by the loader. */
struct fts_counters {
	unsigned long long n_evts;        /* events handed to the ring buffer */
	unsigned long long n_drops_buffer; /* ring buffer full */
	unsigned long long n_drops_max_event_size;
	unsigned long long n_drops_scratch; /* scratch area unavailable */
};

/* Control records the loader writes into the event stream, in the same layout
 * with type codes above the libs table. */
#define FTS_REC_HELLO 0xF000  /* params: boot_time_ns u64, ncpus u32, version str */
#define FTS_REC_STATS 0xF001  /* params: n_evts, drops_buffer, drops_max_size, drops_scratch, n_cpus... (u64 each) */
#define FTS_REC_CHILD 0xF002  /* params: pid s64: the command was started */
#define FTS_REC_EXIT  0xF003  /* params: wait status s64: the command ended */

#endif
