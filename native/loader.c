// SPDX-License-Identifier: Apache-2.0
/* falco-ts-probe: loads the probe, attaches it, and streams its events.
 *
 * A thin helper run by `falco-ts record`: everything about the capture file
 * (state snapshot, format, compression, limits) is the TypeScript side's job.
 * This program only moves events from the kernel ring buffer to a pipe, as
 * scap-layout records, plus a few control records (probe.h, FTS_REC_*).
 *
 *   falco-ts-probe [--events a,b,..] [--snaplen N] [--ring-bytes N]
 *                  [--exclude PID].. [--out-fd N] [--diag-fd N] [-- COMMAND ARGS..]
 *
 * With a COMMAND it forks, lets the child wait until its pid is in the
 * followed set, then execs COMMAND directly (no shell); recording stops when
 * the command exits. Without one it records the whole host until SIGINT or
 * SIGTERM. Either way it detaches, drains the ring and writes the counters.
 *
 * Exit codes: 0 ok; 2 usage; 4 the probe cannot be loaded or attached here
 * (privileges, BTF, kernel too old). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "probe.skel.h"
#include "recipes.h"
#include "ppm_sc.h"

struct native_syscall {
	const char *name;
	int nr;
};

static const struct native_syscall NATIVE_SYSCALLS[] = {
#include "syscall_nrs.h"
};
#define N_NATIVE (sizeof(NATIVE_SYSCALLS) / sizeof(NATIVE_SYSCALLS[0]))

/* The PPM_SC code of a native syscall name (0, UNKNOWN, when libs has none). */
static unsigned short ppm_sc_code(const char *name)
{
	for (size_t i = 0; i < PPM_SC_COUNT; i++)
		if (PPM_SC_NAMES[i] && strcmp(PPM_SC_NAMES[i], name) == 0)
			return i;
	return 0;
}

static int has_recipe(int nr)
{
	for (size_t i = 0; i < N_RECIPES; i++)
		if (RECIPES[i].nr == nr)
			return 1;
	return 0;
}

#define VERSION "falco-ts-probe 1"
#define OUT_BUF (1 << 20)

static volatile sig_atomic_t stop_requested;
static int out_fd = 1;
static FILE *diag;
static unsigned char out_buf[OUT_BUF];
static size_t out_len;
static int out_broken;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(diag, "falco-ts-probe: ");
	vfprintf(diag, fmt, ap);
	fprintf(diag, "\n");
	va_end(ap);
	exit(code);
}

static void out_flush(void)
{
	size_t done = 0;
	while (done < out_len && !out_broken) {
		ssize_t n = write(out_fd, out_buf + done, out_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			out_broken = 1; /* the reader went away: stop, nothing else to do */
			stop_requested = 1;
			break;
		}
		done += n;
	}
	out_len = 0;
}

static void out_write(const void *data, size_t len)
{
	if (len > OUT_BUF - out_len)
		out_flush();
	if (len > OUT_BUF)
		return;
	memcpy(out_buf + out_len, data, len);
	out_len += len;
}

static int on_event(void *ctx, void *data, size_t len)
{
	(void)ctx;
	out_write(data, len);
	return 0;
}

static unsigned long long clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A control record in the event layout: n u64 parameters, then an optional string. */
static void write_control(unsigned short type, const unsigned long long *vals, int n, const char *str)
{
	unsigned char rec[26 + 2 * 16 + 8 * 16 + 256];
	int np = n + (str ? 1 : 0);
	size_t slen = str ? strlen(str) + 1 : 0;
	size_t pos = 26 + 2 * np;
	unsigned long long ts = clock_ns(CLOCK_BOOTTIME), tid = getpid();
	unsigned int len, nparams = np;
	if (n > 16 || slen > 255)
		return;
	memcpy(rec, &ts, 8);
	memcpy(rec + 8, &tid, 8);
	memcpy(rec + 20, &type, 2);
	memcpy(rec + 22, &nparams, 4);
	for (int i = 0; i < n; i++) {
		unsigned short l = 8;
		memcpy(rec + 26 + 2 * i, &l, 2);
		memcpy(rec + pos, &vals[i], 8);
		pos += 8;
	}
	if (str) {
		unsigned short l = slen;
		memcpy(rec + 26 + 2 * n, &l, 2);
		memcpy(rec + pos, str, slen);
		pos += slen;
	}
	len = pos;
	memcpy(rec + 16, &len, 4);
	out_write(rec, pos);
}

/* Whether `name` is in the comma-separated list; no list means the default. */
static int listed(const char *list, const char *name, int dflt)
{
	if (!list)
		return dflt;
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if ((len == n && strncmp(p, name, n) == 0) || (len == 3 && strncmp(p, "all", 3) == 0))
			return 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN && getenv("FALCO_TS_PROBE_DEBUG"))
		return vfprintf(diag, fmt, args);
	if (level == LIBBPF_DEBUG && getenv("FALCO_TS_PROBE_DEBUG"))
		return vfprintf(diag, fmt, args);
	return 0;
}

static void write_stats(struct probe *skel, int ncpus)
{
	struct fts_counters per[ncpus];
	unsigned int zero = 0;
	unsigned long long tot[4] = {};
	memset(per, 0, sizeof(per));
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &zero, per) == 0) {
		for (int i = 0; i < ncpus; i++) {
			tot[0] += per[i].n_evts;
			tot[1] += per[i].n_drops_buffer;
			tot[2] += per[i].n_drops_max_event_size;
			tot[3] += per[i].n_drops_scratch;
		}
	}
	/* totals, then events and drops per CPU */
	unsigned long long vals[16];
	int n = 0;
	for (int i = 0; i < 4; i++)
		vals[n++] = tot[i];
	vals[n++] = ncpus;
	for (int i = 0; i < ncpus && n + 2 <= 16; i++) {
		vals[n++] = per[i].n_evts;
		vals[n++] = per[i].n_drops_buffer + per[i].n_drops_max_event_size + per[i].n_drops_scratch;
	}
	write_control(FTS_REC_STATS, vals, n, NULL);
}

int main(int argc, char **argv)
{
	const char *events = NULL;
	unsigned int snaplen = 0, ring_bytes = 16 << 20;
	unsigned int exclude[4] = { (unsigned int)getpid(), 0, 0, 0 };
	int n_exclude = 1, diag_fd = 2;
	static const struct option opts[] = {
		{ "events", required_argument, 0, 'e' }, { "snaplen", required_argument, 0, 's' },
		{ "ring-bytes", required_argument, 0, 'r' }, { "exclude", required_argument, 0, 'x' },
		{ "out-fd", required_argument, 0, 'o' }, { "diag-fd", required_argument, 0, 'd' },
		{ "list", no_argument, 0, 'l' }, { 0, 0, 0, 0 },
	};
	int c;
	diag = stderr;
	while ((c = getopt_long(argc, argv, "+e:s:r:x:o:d:l", opts, NULL)) != -1) {
		switch (c) {
		case 'e': events = optarg; break;
		case 's': snaplen = strtoul(optarg, NULL, 10); break;
		case 'r': ring_bytes = strtoul(optarg, NULL, 10); break;
		case 'x':
			if (n_exclude < 4)
				exclude[n_exclude++] = strtoul(optarg, NULL, 10);
			break;
		case 'o': out_fd = atoi(optarg); break;
		case 'd':
			diag_fd = atoi(optarg);
			diag = fdopen(diag_fd, "w");
			if (!diag)
				diag = stderr;
			setvbuf(diag, NULL, _IOLBF, 0);
			break;
		case 'l':
			/* Dedicated event types first, then the syscalls recorded as generic events. */
			for (size_t i = 0; i < N_RECIPES; i++)
				printf("%s\n", RECIPES[i].name);
			for (size_t i = 0; i < N_NATIVE; i++)
				if (!has_recipe(NATIVE_SYSCALLS[i].nr))
					printf("%s generic\n", NATIVE_SYSCALLS[i].name);
			return 0;
		default: fail(2, "usage: falco-ts-probe [--events LIST] [--snaplen N] [--ring-bytes N] [--exclude PID] [--out-fd N] [--diag-fd N] [-- COMMAND ARGS...]");
		}
	}
	/* Neither our output nor our diagnostics may leak into the recorded command. */
	fcntl(out_fd, F_SETFD, FD_CLOEXEC);
	if (diag_fd != 2)
		fcntl(diag_fd, F_SETFD, FD_CLOEXEC);
	char **command = optind < argc ? &argv[optind] : NULL;
	/* A ring must be a power of two pages. */
	if (ring_bytes < 4096 || (ring_bytes & (ring_bytes - 1)))
		fail(2, "--ring-bytes must be a power of two of at least 4096");

	libbpf_set_print(libbpf_quiet);
	int ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0)
		fail(4, "cannot count CPUs: %s", strerror(-ncpus));

	struct probe *skel = probe__open();
	if (!skel)
		fail(4, "cannot open the BPF object: %s", strerror(errno));
	skel->rodata->cfg_snaplen = snaplen;
	skel->rodata->cfg_follow = command != NULL;
	for (int i = 0; i < 4; i++)
		skel->rodata->cfg_exclude[i] = exclude[i];
	bpf_map__set_max_entries(skel->maps.scratch_map, ncpus);
	bpf_map__set_max_entries(skel->maps.events, ring_bytes);
	int err = probe__load(skel);
	if (err)
		fail(4, "cannot load the BPF probe: %s (root with CAP_BPF and CAP_PERFMON, a kernel >= 5.17 with BTF are needed; FALCO_TS_PROBE_DEBUG=1 shows the verifier log)", strerror(-err));

	int recipes_fd = bpf_map__fd(skel->maps.recipes);
	int enabled = 0;
	for (size_t i = 0; i < N_RECIPES; i++) {
		const struct recipe_row *row = &RECIPES[i];
		unsigned int key = row->nr;
		if (row->nr < 0 || row->nr >= FTS_MAX_SYSCALLS || !listed(events, row->name, 1))
			continue;
		if (bpf_map_update_elem(recipes_fd, &key, &row->r, BPF_ANY))
			fail(4, "cannot configure %s: %s", row->name, strerror(errno));
		enabled++;
	}
	/* Syscalls without a dedicated event type: GENERIC_X (ID = PPM_SC code,
	 * nativeID = syscall number), only when asked for by name or with "all". */
	for (size_t i = 0; i < N_NATIVE; i++) {
		const struct native_syscall *sc = &NATIVE_SYSCALLS[i];
		unsigned int key = sc->nr;
		if (sc->nr >= FTS_MAX_SYSCALLS || has_recipe(sc->nr) || !listed(events, sc->name, 0))
			continue;
		unsigned short code = ppm_sc_code(sc->name);
		struct fts_recipe r = { .type = 1, .nparams = 2, .special = FTS_SPECIAL_NONE,
			.p = { { FTS_SRC_CONST16, code & 0xff, code >> 8, 2 }, { FTS_SRC_CONST16, sc->nr & 0xff, sc->nr >> 8, 2 } } };
		if (bpf_map_update_elem(recipes_fd, &key, &r, BPF_ANY))
			fail(4, "cannot configure %s: %s", sc->name, strerror(errno));
		enabled++;
	}
	int progs_fd = bpf_map__fd(skel->maps.progs);
	unsigned int slot = FTS_PROG_CLONE;
	int pfd = bpf_program__fd(skel->progs.clone_exit);
	bpf_map_update_elem(progs_fd, &slot, &pfd, BPF_ANY);
	slot = FTS_PROG_EXECVE_FAIL;
	pfd = bpf_program__fd(skel->progs.execve_fail);
	bpf_map_update_elem(progs_fd, &slot, &pfd, BPF_ANY);

	/* Tail-called programs are reached through `progs`, never attached themselves. */
	bpf_program__set_autoattach(skel->progs.clone_exit, false);
	bpf_program__set_autoattach(skel->progs.execve_fail, false);
	err = probe__attach(skel);
	if (err)
		fail(4, "cannot attach the BPF probe: %s", strerror(-err));

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned long long boot_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	unsigned long long hello[3] = { boot_ns, (unsigned long long)ncpus, (unsigned long long)enabled };
	write_control(FTS_REC_HELLO, hello, 3, VERSION);

	pid_t child = -1;
	if (command) {
		int gate[2];
		if (pipe2(gate, O_CLOEXEC))
			fail(4, "pipe: %s", strerror(errno));
		child = fork();
		if (child < 0)
			fail(4, "fork: %s", strerror(errno));
		if (child == 0) {
			char go;
			close(gate[1]);
			/* Wait until the parent has put us in the followed set. */
			if (read(gate[0], &go, 1) != 1)
				_exit(127);
			signal(SIGPIPE, SIG_DFL);
			execvp(command[0], command);
			fprintf(diag, "falco-ts-probe: cannot run %s: %s\n", command[0], strerror(errno));
			_exit(127);
		}
		close(gate[0]);
		unsigned int key = child;
		unsigned char one = 1;
		bpf_map_update_elem(bpf_map__fd(skel->maps.followed), &key, &one, BPF_ANY);
		unsigned long long cpid = child;
		write_control(FTS_REC_CHILD, &cpid, 1, command[0]);
		out_flush();
		if (write(gate[1], "g", 1) != 1)
			fail(4, "cannot start %s", command[0]);
		close(gate[1]);
	}
	out_flush();

	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if (!rb)
		fail(4, "cannot open the ring buffer: %s", strerror(errno));

	int status = 0, child_done = 0;
	unsigned int idle_us = 500;
	while (!stop_requested) {
		int n = ring_buffer__consume(rb);
		if (n > 0) {
			idle_us = 500;
			if (out_len > OUT_BUF / 2)
				out_flush();
			continue;
		}
		out_flush();
		if (command && !child_done && waitpid(child, &status, WNOHANG) == child)
			child_done = 1;
		if (child_done)
			break;
		/* No wakeups from the kernel side: poll, backing off while idle. */
		usleep(idle_us);
		if (idle_us < 8000)
			idle_us *= 2;
	}
	/* Stop producing, then take everything already in the ring. */
	probe__detach(skel);
	while (ring_buffer__consume(rb) > 0)
		;
	write_stats(skel, ncpus);
	if (command) {
		if (!child_done && waitpid(child, &status, WNOHANG) == child)
			child_done = 1;
		unsigned long long st = child_done ? (unsigned long long)(long long)status : (unsigned long long)-1;
		write_control(FTS_REC_EXIT, &st, 1, NULL);
	}
	out_flush();
	ring_buffer__free(rb);
	probe__destroy(skel);
	return 0;
}
