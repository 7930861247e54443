// SPDX-License-Identifier: GPL-2.0
/* falco-ts capture probe: CO-RE, exit-only, in the spirit of Falco's modern probe.
 *
 * - tp_btf/sys_exit: one dispatcher. It filters (interest set, own pids, the
 *   followed process tree), then builds the event from a per-syscall recipe
 *   the loader wrote into `recipes`, or tail-calls a dedicated program for the
 *   events that carry process state (clone family, failed execve).
 * - tp_btf/sched_process_exec: successful execve/execveat, with argv and env
 *   read from the new image (the caller's pointers are gone by then).
 * - tp_btf/sched_process_fork: grows the followed tree before the child runs.
 * - tp_btf/sched_process_exit: procexit.
 *
 * Events are built in a per-CPU scratch area and copied to one ring buffer
 * without waking the consumer (it polls), which roughly doubles the rate a
 * traced process can sustain. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "probe.h"

char LICENSE[] SEC("license") = "GPL";

#define POS_MASK (FTS_MAX_EVENT - 1)
#define STR_MASK (FTS_MAX_STR - 1)

/* Set by the loader before load. */
const volatile __u32 cfg_snaplen = 0;
const volatile __u32 cfg_follow = 0;      /* record only the followed tree */
const volatile __u32 cfg_exclude[4] = {}; /* tgids never recorded (the recorder itself) */

struct scratch {
	__u8 data[FTS_SCRATCH_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* resized to the number of possible CPUs */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* resized by the loader */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fts_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FTS_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct fts_recipe);
} recipes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} followed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, FTS_PROG_MAX);
	__type(key, __u32);
	__type(value, __u32);
} progs SEC(".maps");

/* An event under construction. */
struct ev {
	struct scratch *s;
	__u32 pos;    /* next payload byte */
	__u32 idx;    /* next parameter */
	__u32 nparams;
};

static __always_inline struct fts_counters *counters_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline bool tgid_wanted(__u32 tgid)
{
	if (tgid == cfg_exclude[0] || tgid == cfg_exclude[1] || tgid == cfg_exclude[2] || tgid == cfg_exclude[3])
		return false;
	if (cfg_follow && !bpf_map_lookup_elem(&followed, &tgid))
		return false;
	return true;
}

static __always_inline bool ev_begin(struct ev *e, __u16 type, __u32 nparams)
{
	__u32 cpu = bpf_get_smp_processor_id();
	e->s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (!e->s) {
		struct fts_counters *c = counters_get();
		if (c)
			c->n_drops_scratch++;
		return false;
	}
	*(__u64 *)&e->s->data[0] = bpf_ktime_get_boot_ns();
	/* The tid, with the CPU in the top 16 bits (our stream only; the recorder
	 * splits them, since the scap header has no CPU field). */
	*(__u64 *)&e->s->data[8] = (bpf_get_current_pid_tgid() & 0xffffffff) | ((__u64)cpu << 48);
	*(__u16 *)&e->s->data[20] = type;
	*(__u32 *)&e->s->data[22] = nparams;
	e->nparams = nparams;
	e->idx = 0;
	e->pos = FTS_HDR_SIZE + 2 * nparams;
	return true;
}

static __always_inline void put_len(struct ev *e, __u16 len)
{
	__u32 off = (FTS_HDR_SIZE + 2 * e->idx) & 0xff;
	*(__u16 *)&e->s->data[off] = len;
	e->idx++;
}

static __always_inline void push_u64(struct ev *e, __u64 v)
{
	*(__u64 *)&e->s->data[e->pos & POS_MASK] = v;
	e->pos += 8;
	put_len(e, 8);
}

static __always_inline void push_u32(struct ev *e, __u32 v)
{
	*(__u32 *)&e->s->data[e->pos & POS_MASK] = v;
	e->pos += 4;
	put_len(e, 4);
}

static __always_inline void push_u16(struct ev *e, __u16 v)
{
	*(__u16 *)&e->s->data[e->pos & POS_MASK] = v;
	e->pos += 2;
	put_len(e, 2);
}

static __always_inline void push_u8(struct ev *e, __u8 v)
{
	e->s->data[e->pos & POS_MASK] = v;
	e->pos += 1;
	put_len(e, 1);
}

static __always_inline void push_int(struct ev *e, __u64 v, __u8 size)
{
	switch (size) {
	case 1: push_u8(e, v); break;
	case 2: push_u16(e, v); break;
	case 4: push_u32(e, v); break;
	default: push_u64(e, v); break;
	}
}

static __always_inline void push_empty(struct ev *e)
{
	put_len(e, 0);
}

/* A NUL-terminated string from user (user=true) or kernel memory; empty on failure. */
static __always_inline void push_str(struct ev *e, const void *ptr, bool user)
{
	long n;
	if (!ptr) {
		push_empty(e);
		return;
	}
	if (user)
		n = bpf_probe_read_user_str(&e->s->data[e->pos & POS_MASK], FTS_MAX_STR, ptr);
	else
		n = bpf_probe_read_kernel_str(&e->s->data[e->pos & POS_MASK], FTS_MAX_STR, ptr);
	if (n <= 0) {
		push_empty(e);
		return;
	}
	e->pos += n;
	put_len(e, n);
}

/* `len` bytes of user memory (cut at FTS_MAX_STR); empty on failure. */
static __always_inline void push_ubuf(struct ev *e, const void *ptr, __u64 len)
{
	if (!ptr || len == 0) {
		push_empty(e);
		return;
	}
	if (len > FTS_MAX_STR)
		len = FTS_MAX_STR;
	__u32 n = len & STR_MASK;
	if (n == 0)
		n = FTS_MAX_STR - 1;
	if (bpf_probe_read_user(&e->s->data[e->pos & POS_MASK], n, ptr)) {
		push_empty(e);
		return;
	}
	e->pos += n;
	put_len(e, n);
}

static __always_inline void ev_submit(struct ev *e)
{
	struct fts_counters *c = counters_get();
	__u32 len = e->pos;
	if (len > FTS_MAX_EVENT) {
		if (c)
			c->n_drops_max_event_size++;
		return;
	}
	*(__u32 *)&e->s->data[16] = len;
	if (bpf_ringbuf_output(&events, e->s->data, len & (FTS_SCRATCH_SIZE - 1), BPF_RB_NO_WAKEUP)) {
		if (c)
			c->n_drops_buffer++;
		return;
	}
	if (c)
		c->n_evts++;
}

/* ---- sockets ---------------------------------------------------------- */

#define AF_UNIX_ 1
#define AF_INET_ 2
#define AF_INET6_ 10

/* A user sockaddr in scap's SOCKADDR layout: family, then address and port. */
static __always_inline void push_sockaddr(struct ev *e, const void *uaddr, __u64 ulen)
{
	__u16 family = 0;
	__u32 p = e->pos & POS_MASK;
	if (!uaddr || ulen < 2 || bpf_probe_read_user(&family, 2, uaddr)) {
		push_empty(e);
		return;
	}
	if (family == AF_INET_) {
		struct sockaddr_in sin = {};
		bpf_probe_read_user(&sin, sizeof(sin), uaddr);
		e->s->data[p] = AF_INET_;
		*(__u32 *)&e->s->data[(p + 1) & POS_MASK] = sin.sin_addr.s_addr;
		*(__u16 *)&e->s->data[(p + 5) & POS_MASK] = bpf_ntohs(sin.sin_port);
		e->pos += 7;
		put_len(e, 7);
	} else if (family == AF_INET6_) {
		struct sockaddr_in6 sin6 = {};
		bpf_probe_read_user(&sin6, sizeof(sin6), uaddr);
		e->s->data[p] = AF_INET6_;
		bpf_probe_read_kernel(&e->s->data[(p + 1) & POS_MASK], 16, &sin6.sin6_addr);
		*(__u16 *)&e->s->data[(p + 17) & POS_MASK] = bpf_ntohs(sin6.sin6_port);
		e->pos += 19;
		put_len(e, 19);
	} else if (family == AF_UNIX_) {
		e->s->data[p] = AF_UNIX_;
		long n = bpf_probe_read_user_str(&e->s->data[(p + 1) & POS_MASK], 108,
						 (const char *)uaddr + 2);
		if (n <= 0) {
			e->s->data[(p + 1) & POS_MASK] = 0;
			n = 1;
		}
		e->pos += 1 + n;
		put_len(e, 1 + n);
	} else {
		push_empty(e);
	}
}

/* Direct BTF pointer loads (fault-safe, CO-RE relocated) instead of
 * probe-read helper calls: this runs for every open and socket event. */
static __always_inline struct file *fd_file(__s64 fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = task->files->fdt;
	struct file **fds = fdt->fd;
	unsigned int max = fdt->max_fds;
	struct file *f = NULL;
	if (fd < 0 || fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xfffff]);
	return f;
}

/* The socket tuple of an fd in scap's SOCKTUPLE layout. Outbound (connect,
 * send) is local -> remote; inbound (accept) is remote -> local. */
static __always_inline void push_tuple(struct ev *e, __s64 fd, bool inbound)
{
	struct file *f = fd_file(fd);
	struct socket *sock;
	struct sock *sk;
	__u32 p = e->pos & POS_MASK;
	if (!f) {
		push_empty(e);
		return;
	}
	sock = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk) {
		push_empty(e);
		return;
	}
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == AF_INET_) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		e->s->data[p] = AF_INET_;
		*(__u32 *)&e->s->data[(p + 1) & POS_MASK] = inbound ? raddr : laddr;
		*(__u16 *)&e->s->data[(p + 5) & POS_MASK] = inbound ? rport : lport;
		*(__u32 *)&e->s->data[(p + 7) & POS_MASK] = inbound ? laddr : raddr;
		*(__u16 *)&e->s->data[(p + 11) & POS_MASK] = inbound ? lport : rport;
		e->pos += 13;
		put_len(e, 13);
	} else if (family == AF_INET6_) {
		struct in6_addr l = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr r = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		e->s->data[p] = AF_INET6_;
		bpf_probe_read_kernel(&e->s->data[(p + 1) & POS_MASK], 16, inbound ? &r : &l);
		*(__u16 *)&e->s->data[(p + 17) & POS_MASK] = inbound ? rport : lport;
		bpf_probe_read_kernel(&e->s->data[(p + 19) & POS_MASK], 16, inbound ? &l : &r);
		*(__u16 *)&e->s->data[(p + 35) & POS_MASK] = inbound ? lport : rport;
		e->pos += 37;
		put_len(e, 37);
	} else if (family == AF_UNIX_) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		struct unix_address *addr = BPF_CORE_READ(us, addr);
		e->s->data[p] = AF_UNIX_;
		*(__u64 *)&e->s->data[(p + 1) & POS_MASK] = (__u64)sk;
		*(__u64 *)&e->s->data[(p + 9) & POS_MASK] = (__u64)peer;
		long n = 0;
		if (addr)
			n = bpf_probe_read_kernel_str(&e->s->data[(p + 17) & POS_MASK], 108, addr->name[0].sun_path);
		if (n <= 0) {
			e->s->data[(p + 17) & POS_MASK] = 0;
			n = 1;
		}
		e->pos += 17 + n;
		put_len(e, 17 + n);
	} else {
		push_empty(e);
	}
}

/* ---- recipes ------------------------------------------------------------ */

struct recipe_ctx {
	struct ev *e;
	const struct fts_recipe *r;
	__u64 args[6];
	__s64 ret;
	/* dev and ino come from the same file: look it up once */
	struct inode *inode;
	bool inode_known;
};

static long recipe_param(__u32 i, struct recipe_ctx *c)
{
	struct ev *e = c->e;
	if (i >= FTS_MAX_PARAMS || i >= c->r->nparams)
		return 1;
	const struct fts_param_recipe *p = &c->r->p[i];
	__u8 a = p->a < 6 ? p->a : 0;
	__u8 b = p->b < 6 ? p->b : 0;
	__u64 len;
	__s64 fd;
	switch (p->src) {
	case FTS_SRC_RET:
		push_int(e, c->ret, p->size);
		break;
	case FTS_SRC_ARG:
		push_int(e, c->args[a], p->size);
		break;
	case FTS_SRC_ARG_S32:
		push_int(e, (__s64)(__s32)c->args[a], p->size);
		break;
	case FTS_SRC_USTR:
		push_str(e, (const void *)c->args[a], true);
		break;
	case FTS_SRC_UBUF_RET:
	case FTS_SRC_UBUF_ARG:
		len = p->src == FTS_SRC_UBUF_RET ? (c->ret > 0 ? c->ret : 0) : c->args[b];
		if (len > cfg_snaplen)
			len = cfg_snaplen;
		push_ubuf(e, (const void *)c->args[a], len);
		break;
	case FTS_SRC_SOCKADDR:
		push_sockaddr(e, (const void *)c->args[a], c->args[b]);
		break;
	case FTS_SRC_TUPLE_OUT:
	case FTS_SRC_TUPLE_IN:
		fd = p->a == FTS_FD_RET ? c->ret : (__s32)c->args[a];
		if (fd >= 0)
			push_tuple(e, fd, p->src == FTS_SRC_TUPLE_IN);
		else
			push_empty(e);
		break;
	case FTS_SRC_FD_DEV:
	case FTS_SRC_FD_INO: {
		if (!c->inode_known) {
			fd = p->a == FTS_FD_RET ? c->ret : (__s32)c->args[a];
			struct file *f = fd_file(fd);
			c->inode = f ? BPF_CORE_READ(f, f_inode) : NULL;
			c->inode_known = true;
		}
		struct inode *ino = c->inode;
		if (p->src == FTS_SRC_FD_DEV)
			push_u32(e, ino ? BPF_CORE_READ(ino, i_sb, s_dev) : 0);
		else
			push_u64(e, ino ? BPF_CORE_READ(ino, i_ino) : 0);
		break;
	}
	case FTS_SRC_UINT_AT: {
		__s32 v = 0;
		if (bpf_probe_read_user(&v, 4, (const char *)c->args[a] + 4 * (p->b & 0xf)))
			v = -1;
		push_int(e, (__s64)v, p->size);
		break;
	}
	case FTS_SRC_ZERO:
		push_int(e, 0, p->size);
		break;
	case FTS_SRC_CONST16:
		push_u16(e, p->a | (p->b << 8));
		break;
	case FTS_SRC_U64_AT: {
		__u64 v = 0;
		if (!c->args[a] || bpf_probe_read_user(&v, 8, (const char *)c->args[a] + 8 * (p->b & 0xf)))
			v = (__u64)-1;
		push_u64(e, v);
		break;
	}
	case FTS_SRC_CAP: {
		struct task_struct *t = bpf_get_current_task_btf();
		const struct cred *cred = t->cred;
		push_u64(e, p->a == 0 ? cred->cap_inheritable.val : p->a == 1 ? cred->cap_permitted.val : cred->cap_effective.val);
		break;
	}
	default:
		push_empty(e);
		break;
	}
	return 0;
}

static __always_inline void syscall_args(struct pt_regs *regs, __u64 *args)
{
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	__u32 id = regs->orig_ax;
	if (id >= FTS_MAX_SYSCALLS)
		return 0;
	const struct fts_recipe *r = bpf_map_lookup_elem(&recipes, &id);
	if (!r || r->type == 0)
		return 0;
	if (!tgid_wanted(bpf_get_current_pid_tgid() >> 32))
		return 0;
	if (r->special == FTS_SPECIAL_CLONE) {
		bpf_tail_call(ctx, &progs, FTS_PROG_CLONE);
		return 0;
	}
	if (r->special == FTS_SPECIAL_EXECVE) {
		/* A successful exec is reported by sched_process_exec. */
		if (ret < 0)
			bpf_tail_call(ctx, &progs, FTS_PROG_EXECVE_FAIL);
		return 0;
	}
	struct ev e;
	if (!ev_begin(&e, r->type, r->nparams))
		return 0;
	struct recipe_ctx c = { .e = &e, .r = r, .ret = ret };
	syscall_args(regs, c.args);
	bpf_loop(FTS_MAX_PARAMS, recipe_param, &c, 0);
	if (e.idx == e.nparams)
		ev_submit(&e);
	return 0;
}

/* ---- process state ------------------------------------------------------ */

/* The pid of a struct pid in its innermost namespace. */
static __always_inline __s64 pid_vnr(struct pid *p)
{
	unsigned int level = BPF_CORE_READ(p, level);
	int nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &p->numbers[level & 31].nr);
	return nr;
}

static __always_inline __s64 pid_host(struct pid *p)
{
	return BPF_CORE_READ(p, numbers[0].nr);
}

/* A tty as /proc/PID/stat's tty_nr encodes it (new_encode_dev). */
static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	__u32 major = BPF_CORE_READ(tty, driver, major);
	__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* Paths are assembled backwards in the scratch area's upper half, which the
 * event being built (at most 64 KiB) never reaches. Offsets are relative to it
 * and masked so that every access stays inside the map value. */
#define REGION(e, off) (&(e)->s->data[FTS_MAX_EVENT + ((off) & 0x7fff)])
#define PATH_END 0x7f00
#define PATH_LIMIT (PATH_END - FTS_MAX_STR + 64)

struct walk_ctx {
	struct ev *e;
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *mnt_root;
	__u32 end; /* components are written backwards, ending here */
	__u32 start;
	bool done;
};

/* One step of a dentry walk towards the root, crossing mount points. */
static long walk_step(__u32 i, struct walk_ctx *w)
{
	struct dentry *d = w->dentry;
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	struct mount *mnt = w->mnt;
	if (d == w->mnt_root || d == parent) {
		struct mount *mparent = BPF_CORE_READ(mnt, mnt_parent);
		if (mnt == mparent) {
			w->done = true;
			return 1;
		}
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = mparent;
		w->mnt_root = BPF_CORE_READ(mparent, mnt.mnt_root);
		return 0;
	}
	struct qstr name = BPF_CORE_READ(d, d_name);
	__u32 len = name.len & 0xff;
	if (w->start < PATH_LIMIT + len + 1) {
		w->done = true;
		return 1;
	}
	w->start -= len;
	bpf_probe_read_kernel(REGION(w->e, w->start), len, name.name);
	w->start -= 1;
	*REGION(w->e, w->start) = '/';
	w->dentry = parent;
	return 0;
}

/* The absolute path of a struct path, built in the scratch area's upper half
 * (unused by the event being built) and copied as a string parameter. */
static __always_inline void push_path(struct ev *e, struct path *path)
{
	struct walk_ctx w = {};
	if (!path) {
		push_empty(e);
		return;
	}
	w.e = e;
	w.dentry = BPF_CORE_READ(path, dentry);
	w.vfsmnt = BPF_CORE_READ(path, mnt);
	if (!w.dentry || !w.vfsmnt) {
		push_empty(e);
		return;
	}
	/* CO-RE reads need plain locals, not members of our own struct. */
	struct vfsmount *vfsmnt = w.vfsmnt;
	w.mnt = container_of(vfsmnt, struct mount, mnt);
	w.mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	w.end = PATH_END;
	w.start = w.end;
	*REGION(e, w.end) = 0;
	bpf_loop(64, walk_step, &w, 0);
	if (w.start == w.end) {
		w.start -= 1;
		*REGION(e, w.start) = '/';
	}
	__u32 n = (w.end - w.start + 1) & STR_MASK;
	bpf_probe_read_kernel(&e->s->data[e->pos & POS_MASK], n, REGION(e, w.start));
	e->pos += n;
	put_len(e, n);
}

struct kn_ctx {
	struct ev *e;
	struct kernfs_node *kn;
	__u32 start;
};

static long kn_step(__u32 i, struct kn_ctx *k)
{
	struct kernfs_node *kn = k->kn;
	struct kernfs_node *parent = BPF_CORE_READ(kn, __parent);
	if (!parent)
		return 1;
	const char *name = BPF_CORE_READ(kn, name);
	/* The name lands in a staging slot first: its length is known only after the read. */
	long n = bpf_probe_read_kernel_str(REGION(k->e, 0), 256, name);
	if (n <= 1 || k->start < PATH_LIMIT + 257)
		return 1;
	__u32 len = (n - 1) & 0xff;
	k->start -= len;
	bpf_probe_read_kernel(REGION(k->e, k->start), len, REGION(k->e, 0));
	k->start -= 1;
	*REGION(k->e, k->start) = '/';
	k->kn = parent;
	return 0;
}

/* One "subsys=/path" entry: the path of the cgroup the task has in that
 * subsystem's hierarchy (v1), or in the unified one (v2), walked up from its
 * kernfs node. Returns the bytes written at e->pos + at. */
static __always_inline __u32 put_cgroup_entry(struct ev *e, __u32 at, const char *name, __u32 name_len, struct kernfs_node *kn)
{
	struct kn_ctx k = { .e = e, .kn = kn, .start = PATH_END };
	__u32 end = k.start;
	*REGION(e, end) = 0;
	if (k.kn)
		bpf_loop(32, kn_step, &k, 0);
	if (k.start == end) {
		k.start -= 1;
		*REGION(e, k.start) = '/';
	}
	__u32 plen = (end - k.start + 1) & 0x3ff;
	__u32 p = (e->pos + at) & POS_MASK;
	bpf_probe_read_kernel(&e->s->data[p], name_len & 0xf, name);
	p = (e->pos + at + name_len) & POS_MASK;
	bpf_probe_read_kernel(&e->s->data[p], plen, REGION(e, k.start));
	return name_len + plen;
}

/* cgroups as Falco's modern probe lists them: "subsys=/path" for cpuset, cpu,
 * cpuacct, io and memory, NUL-separated, each from the task's css of that
 * subsystem, so v1 hosts get each hierarchy's own path. */
static __always_inline void push_cgroups(struct ev *e, struct task_struct *t)
{
	static const char names[] = "cpuset=\0cpu=\0cpuacct=\0io=\0memory=";
	static const __u8 offs[5] = { 0, 8, 13, 22, 26 };
	static const __u8 lens[5] = { 7, 4, 8, 3, 7 };
	int ids[5] = {
		bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id),
		bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id),
		bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id),
		bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id),
		bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id),
	};
	struct css_set *cgroups = BPF_CORE_READ(t, cgroups);
	__u32 total = 0;
	for (int i = 0; i < 5; i++) {
		struct cgroup_subsys_state *css = NULL;
		/* A subsystem the kernel was built without has no css: no entry. */
		if (!cgroups || ids[i] < 0 || ids[i] >= 16 || bpf_probe_read_kernel(&css, sizeof(css), &cgroups->subsys[ids[i] & 0xf]) || !css)
			continue;
		struct kernfs_node *kn = BPF_CORE_READ(css, cgroup, kn);
		total += put_cgroup_entry(e, total, &names[offs[i] & 0x1f], lens[i], kn);
	}
	e->pos += total;
	put_len(e, total);
}

/* argv[0] and the rest of argv (NUL-separated) from the task's own memory. */
static __always_inline void push_exe_and_args(struct ev *e, struct task_struct *t)
{
	unsigned long start = BPF_CORE_READ(t, mm, arg_start);
	unsigned long end = BPF_CORE_READ(t, mm, arg_end);
	long n = bpf_probe_read_user_str(&e->s->data[e->pos & POS_MASK], FTS_MAX_STR, (void *)start);
	if (n <= 0) {
		push_empty(e);
		push_empty(e);
		return;
	}
	e->pos += n;
	put_len(e, n);
	push_ubuf(e, (void *)(start + n), end > start + n ? end - start - n : 0);
}

struct argv_ctx {
	struct ev *e;
	const char *const *argv;
	__u32 total;
};

static long argv_step(__u32 i, struct argv_ctx *c)
{
	const char *p = NULL;
	if (c->total >= FTS_MAX_ARGS_BYTES || bpf_probe_read_user(&p, sizeof(p), &c->argv[i + 1]) || !p)
		return 1;
	long n = bpf_probe_read_user_str(&c->e->s->data[(c->e->pos + c->total) & POS_MASK], FTS_MAX_STR, p);
	if (n <= 0)
		return 1;
	c->total += n;
	return 0;
}

/* argv[0] and the rest of argv from a user argv array: what a failed execve
 * was asked to run (the caller's image is still in place). */
static __always_inline void push_exe_and_args_from_argv(struct ev *e, const char *const *argv)
{
	const char *first = NULL;
	if (!argv || bpf_probe_read_user(&first, sizeof(first), &argv[0]) || !first) {
		push_empty(e);
		push_empty(e);
		return;
	}
	push_str(e, first, true);
	struct argv_ctx c = { .e = e, .argv = argv };
	bpf_loop(64, argv_step, &c, 0);
	e->pos += c.total;
	put_len(e, c.total);
}

static __always_inline void push_env(struct ev *e, struct task_struct *t)
{
	unsigned long start = BPF_CORE_READ(t, mm, env_start);
	unsigned long end = BPF_CORE_READ(t, mm, env_end);
	push_ubuf(e, (void *)start, end > start ? end - start : 0);
}

static __always_inline __u64 task_start_common(struct ev *e, struct task_struct *t)
{
	/* tid pid ptid cwd fdlimit pgft_maj pgft_min vm_size vm_rss vm_swap comm cgroups */
	push_u64(e, BPF_CORE_READ(t, pid));
	push_u64(e, BPF_CORE_READ(t, tgid));
	push_u64(e, BPF_CORE_READ(t, real_parent, tgid));
	push_empty(e); /* cwd: tracked in user space from chdir/fchdir, as libsinsp does */
	push_u64(e, BPF_CORE_READ(t, signal, rlim[7].rlim_cur)); /* RLIMIT_NOFILE */
	push_u64(e, BPF_CORE_READ(t, maj_flt));
	push_u64(e, BPF_CORE_READ(t, min_flt));
	push_u32(e, BPF_CORE_READ(t, mm, total_vm) << 2); /* pages -> KiB */
	push_u32(e, 0);
	push_u32(e, 0);
	push_str(e, BPF_CORE_READ(t, comm), false);
	push_cgroups(e, t);
	return 0;
}

static __always_inline __u64 inode_time_ns(struct inode *ino, bool ctime)
{
	if (bpf_core_field_exists(ino->i_ctime_sec)) {
		if (ctime)
			return BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_ctime_nsec);
		return BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_mtime_nsec);
	}
	return 0;
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define PPM_EXE_WRITABLE 1
#define PPM_EXE_UPPER_LAYER 2
#define PPM_EXE_LOWER_LAYER 8
#define CAP_DAC_OVERRIDE_BIT 1

/* Where the executable comes from on overlayfs (a container's own layer or its
 * image), and whether the process could write it (mode bits against fsuid and
 * fsgid, or CAP_DAC_OVERRIDE), as Falco's exe flags report. */
static __always_inline __u32 exe_layer_flags(struct task_struct *t, struct inode *ino)
{
	__u32 flags = 0;
	if (!ino)
		return 0;
	if (BPF_CORE_READ(ino, i_sb, s_magic) == OVERLAYFS_SUPER_MAGIC) {
		struct ovl_inode *oi = container_of(ino, struct ovl_inode, vfs_inode);
		flags |= BPF_CORE_READ(oi, __upperdentry) ? PPM_EXE_UPPER_LAYER : PPM_EXE_LOWER_LAYER;
	}
	umode_t mode = BPF_CORE_READ(ino, i_mode);
	__u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val), fsgid = BPF_CORE_READ(t, cred, fsgid.val);
	__u64 caps = BPF_CORE_READ(t, cred, cap_effective.val);
	bool writable = (caps >> CAP_DAC_OVERRIDE_BIT) & 1;
	if (fsuid == BPF_CORE_READ(ino, i_uid.val))
		writable |= (mode & 0200) != 0;
	else if (fsgid == BPF_CORE_READ(ino, i_gid.val))
		writable |= (mode & 0020) != 0;
	else
		writable |= (mode & 0002) != 0;
	if (writable)
		flags |= PPM_EXE_WRITABLE;
	return flags;
}

/* EXECVE_19_X / EXECVEAT_X (31 / 30 params; execveat lacks the last one). */
static __always_inline void build_exec(struct ev *e, struct task_struct *t, __s64 res, const char *filename,
				       bool user_filename, const char *const *uargv)
{
	bool from_mm = uargv == NULL;
	push_u64(e, res);
	if (from_mm)
		push_exe_and_args(e, t);
	else
		push_exe_and_args_from_argv(e, uargv);
	task_start_common(e, t);
	if (from_mm)
		push_env(e, t);
	else
		push_empty(e);
	push_u32(e, task_tty(t));
	push_u64(e, pid_vnr(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	push_u32(e, BPF_CORE_READ(t, loginuid.val));
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	__u32 flags = exe_layer_flags(t, ino);
	if (exe) {
		char prefix[6] = {};
		bpf_probe_read_kernel(prefix, 6, BPF_CORE_READ(exe, f_path.dentry, d_name.name));
		if (prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' && prefix[4] == 'd' && prefix[5] == ':')
			flags |= 4; /* PPM_EXE_FROM_MEMFD */
	}
	push_u32(e, flags);
	push_u64(e, BPF_CORE_READ(t, cred, cap_inheritable.val));
	push_u64(e, BPF_CORE_READ(t, cred, cap_permitted.val));
	push_u64(e, BPF_CORE_READ(t, cred, cap_effective.val));
	push_u64(e, ino ? BPF_CORE_READ(ino, i_ino) : 0);
	push_u64(e, ino ? inode_time_ns(ino, true) : 0);
	push_u64(e, ino ? inode_time_ns(ino, false) : 0);
	push_u32(e, BPF_CORE_READ(t, cred, euid.val));
	if (exe) {
		struct path p = BPF_CORE_READ(exe, f_path);
		push_path(e, &p);
	} else {
		push_empty(e);
	}
	push_u64(e, pid_host(BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID])));
	push_u32(e, BPF_CORE_READ(t, cred, egid.val));
	if (e->nparams > e->idx)
		push_str(e, filename, user_filename);
}

#define PPME_SYSCALL_EXECVE_19_X 293
#define PPME_SYSCALL_EXECVEAT_X 331
#define NR_EXECVEAT 322

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	if (!tgid_wanted(BPF_CORE_READ(p, tgid)))
		return 0;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(p);
	bool at = regs && BPF_CORE_READ(regs, orig_ax) == NR_EXECVEAT;
	struct ev e;
	if (!ev_begin(&e, at ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X, at ? 30 : 31))
		return 0;
	build_exec(&e, p, 0, BPF_CORE_READ(bprm, filename), false, NULL);
	if (e.idx == e.nparams)
		ev_submit(&e);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(execve_fail, struct pt_regs *regs, long ret)
{
	struct task_struct *t = bpf_get_current_task_btf();
	bool at = regs->orig_ax == NR_EXECVEAT;
	struct ev e;
	if (!ev_begin(&e, at ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X, at ? 30 : 31))
		return 0;
	/* execve(filename, argv, envp); execveat(dirfd, filename, argv, envp, flags) */
	build_exec(&e, t, ret, (const char *)(at ? regs->si : regs->di), true,
		   (const char *const *)(at ? regs->dx : regs->si));
	if (e.idx == e.nparams)
		ev_submit(&e);
	return 0;
}

/* CLONE_20_X, FORK_20_X, VFORK_20_X, CLONE3_X: 21 params each. */
SEC("tp_btf/sys_exit")
int BPF_PROG(clone_exit, struct pt_regs *regs, long ret)
{
	__u32 id = regs->orig_ax;
	const struct fts_recipe *r = bpf_map_lookup_elem(&recipes, &id);
	struct task_struct *t = bpf_get_current_task_btf();
	if (!r)
		return 0;
	struct ev e;
	if (!ev_begin(&e, r->type, 21))
		return 0;
	push_u64(&e, ret);
	push_exe_and_args(&e, t);
	task_start_common(&e, t);
	/* Raw clone flags (recipe arg 0 holds the flags' argument index, 0xff: none). */
	__u64 flags = 0;
	if (r->p[0].src == FTS_SRC_ARG)
		flags = regs->di;
	else if (r->p[0].src == FTS_SRC_ZERO)
		flags = r->p[0].size == 1 ? 0x4100 /* CLONE_VM|CLONE_VFORK */ : 0;
	else if (r->p[0].src == FTS_SRC_UINT_AT)
		bpf_probe_read_user(&flags, 8, (void *)regs->di); /* clone_args.flags */
	push_u32(&e, flags);
	push_u32(&e, BPF_CORE_READ(t, cred, euid.val));
	push_u32(&e, BPF_CORE_READ(t, cred, egid.val));
	push_u64(&e, pid_vnr(BPF_CORE_READ(t, thread_pid)));
	push_u64(&e, pid_vnr(BPF_CORE_READ(t, group_leader, thread_pid)));
	push_u64(&e, 0); /* pidns_init_start_ts */
	if (e.idx == e.nparams)
		ev_submit(&e);
	return 0;
}

/* Adds a child to the followed tree before it can run. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(sched_fork, struct task_struct *parent, struct task_struct *child)
{
	if (!cfg_follow)
		return 0;
	__u32 ptgid = BPF_CORE_READ(parent, tgid);
	__u32 ctgid = BPF_CORE_READ(child, tgid);
	__u8 one = 1;
	if (bpf_map_lookup_elem(&followed, &ptgid))
		bpf_map_update_elem(&followed, &ctgid, &one, BPF_ANY);
	return 0;
}

#define PPME_PROCEXIT_1_E 186

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit, struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid);
	if (!tgid_wanted(tgid))
		return 0;
	struct ev e;
	if (!ev_begin(&e, PPME_PROCEXIT_1_E, 5))
		return 0;
	int code = BPF_CORE_READ(p, exit_code);
	push_u64(&e, code);
	push_u64(&e, code >> 8);
	push_u8(&e, code & 0x7f);
	push_u8(&e, (code & 0x80) ? 1 : 0);
	/* reaper_tid: 0 lets user space re-parent to init, as libsinsp does without it */
	push_u64(&e, 0);
	ev_submit(&e);
	if (BPF_CORE_READ(p, pid) == tgid)
		bpf_map_delete_elem(&followed, &tgid);
	return 0;
}
