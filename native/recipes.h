/* Which syscalls the probe records and how each exit event is built: one row
 * per syscall, parameters in the order of falcosecurity/libs' event table.
 * Adding a syscall is adding a row; only events carrying process state
 * (clone family, execve) have dedicated BPF programs. */
#ifndef FALCO_TS_RECIPES_H
#define FALCO_TS_RECIPES_H
#include <sys/syscall.h>
#include "probe.h"

struct recipe_row {
	const char *name; /* evt.type */
	int nr;           /* native syscall id */
	struct fts_recipe r;
};

#define P(src, a, b, size) { src, a, b, size }
#define RET(sz)      P(FTS_SRC_RET, 0, 0, sz)
#define FD(a)        P(FTS_SRC_ARG_S32, a, 0, 8)
#define S32(a, sz)   P(FTS_SRC_ARG_S32, a, 0, sz)
#define ARG(a, sz)   P(FTS_SRC_ARG, a, 0, sz)
#define STR(a)       P(FTS_SRC_USTR, a, 0, 0)
#define BUFRET(a)    P(FTS_SRC_UBUF_RET, a, 0, 0)
#define SADDR(a, b)  P(FTS_SRC_SOCKADDR, a, b, 0)
#define TOUT(a)      P(FTS_SRC_TUPLE_OUT, a, 0, 0)
#define TIN(a)       P(FTS_SRC_TUPLE_IN, a, 0, 0)
#define DEV(a)       P(FTS_SRC_FD_DEV, a, 0, 4)
#define INO(a)       P(FTS_SRC_FD_INO, a, 0, 8)
#define AT(a, b, sz) P(FTS_SRC_UINT_AT, a, b, sz)
#define ZERO(sz)     P(FTS_SRC_ZERO, 0, 0, sz)
#define NONE         P(FTS_SRC_NONE, 0, 0, 0)
#define AT64(a, b)   P(FTS_SRC_U64_AT, a, b, 8)
#define CAP(which)   P(FTS_SRC_CAP, which, 0, 8)
#define R(type, n, ...) { type, n, FTS_SPECIAL_NONE, { __VA_ARGS__ } }
/* Clone family: p[0] says where the clone flags are (argument 0; none; vfork's; clone_args). */
#define CLONE(type, how) { type, 21, FTS_SPECIAL_CLONE, { how } }
#define EXEC(type, n) { type, n, FTS_SPECIAL_EXECVE, {} }
#define RFD FTS_FD_RET

static const struct recipe_row RECIPES[] = {
	/* files */
	{ "open", SYS_open, R(3, 6, RET(8), STR(0), ARG(1, 4), ARG(2, 4), DEV(RFD), INO(RFD)) },
	{ "openat", SYS_openat, R(307, 7, RET(8), FD(0), STR(1), ARG(2, 4), ARG(3, 4), DEV(RFD), INO(RFD)) },
	{ "openat2", SYS_openat2, R(327, 8, RET(8), FD(0), STR(1), AT(2, 0, 4), AT(2, 2, 4), AT(2, 4, 4), DEV(RFD), INO(RFD)) },
	{ "creat", SYS_creat, R(59, 6, RET(8), STR(0), ARG(1, 4), DEV(RFD), INO(RFD), ZERO(2)) },
	{ "close", SYS_close, R(5, 2, RET(8), FD(0)) },
	{ "close_range", SYS_close_range, R(451, 4, RET(8), ARG(0, 4), ARG(1, 4), ARG(2, 4)) },
	{ "read", SYS_read, R(7, 4, RET(8), BUFRET(1), FD(0), ARG(2, 4)) },
	{ "write", SYS_write, R(9, 4, RET(8), BUFRET(1), FD(0), ARG(2, 4)) },
	{ "pread", SYS_pread64, R(113, 5, RET(8), BUFRET(1), FD(0), ARG(2, 4), ARG(3, 8)) },
	{ "pwrite", SYS_pwrite64, R(115, 5, RET(8), BUFRET(1), FD(0), ARG(2, 4), ARG(3, 8)) },
	{ "readv", SYS_readv, R(117, 4, RET(8), RET(4), NONE, FD(0)) },
	{ "writev", SYS_writev, R(119, 4, RET(8), NONE, FD(0), RET(4)) },
	{ "unlink", SYS_unlink, R(301, 2, RET(8), STR(0)) },
	{ "unlinkat", SYS_unlinkat, R(303, 4, RET(8), FD(0), STR(1), ARG(2, 4)) },
	{ "rename", SYS_rename, R(175, 3, RET(8), STR(0), STR(1)) },
	{ "renameat", SYS_renameat, R(177, 5, RET(8), FD(0), STR(1), FD(2), STR(3)) },
	{ "renameat2", SYS_renameat2, R(319, 6, RET(8), FD(0), STR(1), FD(2), STR(3), ARG(4, 4)) },
	{ "mkdir", SYS_mkdir, R(277, 3, RET(8), STR(0), ARG(1, 4)) },
	{ "mkdirat", SYS_mkdirat, R(305, 4, RET(8), FD(0), STR(1), ARG(2, 4)) },
	{ "rmdir", SYS_rmdir, R(279, 2, RET(8), STR(0)) },
	{ "symlink", SYS_symlink, R(179, 3, RET(8), STR(0), STR(1)) },
	{ "symlinkat", SYS_symlinkat, R(181, 4, RET(8), STR(0), FD(1), STR(2)) },
	{ "link", SYS_link, R(309, 3, RET(8), STR(0), STR(1)) },
	{ "linkat", SYS_linkat, R(311, 6, RET(8), FD(0), STR(1), FD(2), STR(3), ARG(4, 4)) },
	{ "chmod", SYS_chmod, R(315, 3, RET(8), STR(0), ARG(1, 4)) },
	{ "fchmod", SYS_fchmod, R(317, 3, RET(8), FD(0), ARG(1, 4)) },
	{ "fchmodat", SYS_fchmodat, R(313, 4, RET(8), FD(0), STR(1), ARG(2, 4)) },
	{ "chown", SYS_chown, R(379, 4, RET(8), STR(0), ARG(1, 4), ARG(2, 4)) },
	{ "fchown", SYS_fchown, R(383, 4, RET(8), FD(0), ARG(1, 4), ARG(2, 4)) },
	{ "fchownat", SYS_fchownat, R(385, 6, RET(8), FD(0), STR(1), ARG(2, 4), ARG(3, 4), ARG(4, 4)) },
	{ "chdir", SYS_chdir, R(95, 2, RET(8), STR(0)) },
	{ "fchdir", SYS_fchdir, R(97, 2, RET(8), FD(0)) },
	{ "chroot", SYS_chroot, R(267, 2, RET(8), STR(0)) },
	{ "mount", SYS_mount, R(257, 5, RET(8), STR(0), STR(1), STR(2), ARG(3, 4)) },
	{ "umount2", SYS_umount2, R(391, 3, RET(8), STR(0), ARG(1, 4)) },
	{ "flock", SYS_flock, R(243, 3, RET(8), FD(0), ARG(1, 4)) },
	/* fd creation and duplication */
	{ "dup", SYS_dup, R(367, 2, RET(8), FD(0)) },
	{ "dup2", SYS_dup2, R(363, 3, RET(8), FD(0), FD(1)) },
	{ "dup3", SYS_dup3, R(365, 4, RET(8), FD(0), FD(1), ARG(2, 4)) },
	/* The command is sent whole (4 bytes) so the recorder can map it to PPM_FCNTL_*. */
	{ "fcntl", SYS_fcntl, R(151, 4, RET(8), FD(0), ARG(1, 4), ARG(2, 8)) },
	{ "pipe", SYS_pipe, R(61, 4, RET(8), AT(0, 0, 8), AT(0, 1, 8), ZERO(8)) },
	{ "pipe2", SYS_pipe2, R(393, 5, RET(8), AT(0, 0, 8), AT(0, 1, 8), ZERO(8), ARG(1, 4)) },
	{ "eventfd", SYS_eventfd, R(63, 3, RET(8), ARG(0, 8), ZERO(4)) },
	{ "eventfd2", SYS_eventfd2, R(397, 3, RET(8), ARG(1, 2), ARG(0, 8)) },
	{ "signalfd4", SYS_signalfd4, R(399, 4, RET(8), ARG(3, 2), FD(0), ZERO(4)) },
	{ "timerfd_create", SYS_timerfd_create, R(137, 3, RET(8), ARG(0, 1), ARG(1, 1)) },
	{ "inotify_init1", SYS_inotify_init1, R(395, 2, RET(8), ARG(0, 2)) },
	{ "epoll_create1", SYS_epoll_create1, R(377, 2, RET(8), ARG(0, 4)) },
	{ "memfd_create", SYS_memfd_create, R(405, 3, RET(8), STR(0), ARG(1, 4)) },
	{ "userfaultfd", SYS_userfaultfd, R(321, 2, RET(8), ARG(0, 4)) },
	{ "pidfd_open", SYS_pidfd_open, R(409, 3, RET(8), FD(0), ARG(1, 4)) },
	{ "pidfd_getfd", SYS_pidfd_getfd, R(407, 4, RET(8), FD(0), FD(1), ARG(2, 4)) },
	{ "bpf", SYS_bpf, R(369, 2, RET(8), ARG(0, 4)) },
	{ "inotify_init", SYS_inotify_init, R(139, 2, RET(8), ZERO(1)) },
	{ "epoll_create", SYS_epoll_create, R(375, 2, RET(8), ARG(0, 4)) },
	{ "signalfd", SYS_signalfd, R(127, 4, RET(8), FD(0), ZERO(4), ZERO(1)) },
	{ "io_uring_setup", SYS_io_uring_setup, R(339, 8, RET(8), ARG(0, 4), AT(1, 0, 4), AT(1, 1, 4), AT(1, 2, 4), AT(1, 3, 4), AT(1, 4, 4), AT(1, 5, 4)) },
	/* network */
	{ "socket", SYS_socket, R(19, 5, RET(8), ARG(0, 4), ARG(1, 4), ARG(2, 4), ZERO(4)) },
	{ "socketpair", SYS_socketpair, R(43, 8, RET(8), AT(3, 0, 8), AT(3, 1, 8), ZERO(8), ZERO(8), ARG(0, 4), ARG(1, 4), ARG(2, 4)) },
	{ "connect", SYS_connect, R(23, 4, RET(8), TOUT(0), FD(0), SADDR(1, 2)) },
	{ "bind", SYS_bind, R(21, 3, RET(8), SADDR(1, 2), FD(0)) },
	{ "listen", SYS_listen, R(25, 3, RET(8), FD(0), ARG(1, 4)) },
	{ "accept", SYS_accept, R(247, 5, RET(8), TIN(RFD), ZERO(1), ZERO(4), ZERO(4)) },
	{ "accept4", SYS_accept4, R(389, 6, RET(8), TIN(RFD), ZERO(1), ZERO(4), ZERO(4), ARG(3, 4)) },
	{ "sendto", SYS_sendto, R(31, 5, RET(8), BUFRET(1), FD(0), ARG(2, 4), TOUT(0)) },
	{ "recvfrom", SYS_recvfrom, R(35, 5, RET(8), BUFRET(1), TIN(0), FD(0), ARG(2, 4)) },
	{ "sendmsg", SYS_sendmsg, R(49, 5, RET(8), NONE, FD(0), RET(4), TOUT(0)) },
	{ "recvmsg", SYS_recvmsg, R(53, 6, RET(8), RET(4), NONE, TIN(0), NONE, FD(0)) },
	{ "sendmmsg", SYS_sendmmsg, R(51, 5, RET(8), FD(0), ZERO(4), NONE, TOUT(0)) },
	{ "recvmmsg", SYS_recvmmsg, R(55, 6, RET(8), FD(0), ZERO(4), NONE, TIN(0), NONE) },
	{ "shutdown", SYS_shutdown, R(37, 3, RET(8), FD(0), ARG(1, 1)) },
	/* processes, credentials, namespaces */
	{ "clone", SYS_clone, CLONE(223, ARG(0, 8)) },
	{ "clone3", SYS_clone3, CLONE(335, AT(0, 0, 8)) },
	{ "fork", SYS_fork, CLONE(225, ZERO(0)) },
	{ "vfork", SYS_vfork, CLONE(227, ZERO(1)) },
	{ "execve", SYS_execve, EXEC(293, 31) },
	{ "execveat", SYS_execveat, EXEC(331, 30) },
	{ "setuid", SYS_setuid, R(199, 2, RET(8), ARG(0, 4)) },
	{ "setgid", SYS_setgid, R(201, 2, RET(8), ARG(0, 4)) },
	{ "setreuid", SYS_setreuid, R(427, 3, RET(8), ARG(0, 4), ARG(1, 4)) },
	{ "setregid", SYS_setregid, R(429, 3, RET(8), ARG(0, 4), ARG(1, 4)) },
	{ "setresuid", SYS_setresuid, R(193, 4, RET(8), ARG(0, 4), ARG(1, 4), ARG(2, 4)) },
	{ "setresgid", SYS_setresgid, R(195, 4, RET(8), ARG(0, 4), ARG(1, 4), ARG(2, 4)) },
	{ "setsid", SYS_setsid, R(275, 1, RET(8)) },
	{ "setpgid", SYS_setpgid, R(295, 3, RET(8), FD(0), FD(1)) },
	{ "capset", SYS_capset, R(353, 4, RET(8), CAP(0), CAP(1), CAP(2)) },
	{ "prlimit", SYS_prlimit64, R(145, 7, RET(8), AT64(2, 0), AT64(2, 1), AT64(3, 0), AT64(3, 1), FD(0), ARG(1, 1)) },
	{ "setrlimit", SYS_setrlimit, R(143, 4, RET(8), AT64(1, 0), AT64(1, 1), ARG(0, 1)) },
	{ "prctl", SYS_prctl, R(401, 4, RET(8), ARG(0, 4), NONE, ARG(1, 8)) },
	{ "setns", SYS_setns, R(241, 3, RET(8), FD(0), ARG(1, 4)) },
	{ "unshare", SYS_unshare, R(285, 2, RET(8), ARG(0, 4)) },
	{ "ptrace", SYS_ptrace, R(169, 5, RET(8), NONE, NONE, ARG(0, 2), FD(1)) },
	{ "kill", SYS_kill, R(129, 3, RET(8), FD(0), ARG(1, 1)) },
	{ "tkill", SYS_tkill, R(131, 3, RET(8), FD(0), ARG(1, 1)) },
	{ "tgkill", SYS_tgkill, R(133, 4, RET(8), FD(0), FD(1), ARG(2, 1)) },
	{ "seccomp", SYS_seccomp, R(299, 3, RET(8), ARG(0, 8), ARG(1, 8)) },
	{ "init_module", SYS_init_module, R(411, 4, RET(8), NONE, ARG(1, 8), STR(2)) },
	{ "finit_module", SYS_finit_module, R(413, 4, RET(8), FD(0), STR(1), ARG(2, 4)) },
};

#define N_RECIPES (sizeof(RECIPES) / sizeof(RECIPES[0]))
#endif
