// PPM_SC_* syscall codes of falcosecurity/libs: the name of each code, in code order.
// GENERIC_X events (a syscall without a dedicated event type) carry one in their ID
// parameter; evt.type of such an event is this name. null marks an unused code.
export const PPM_SC_NAMES: readonly (string | null)[] = [
  'unknown', 'restart_syscall', 'exit', 'read', 'write', 'open', 'close', 'creat', 'link', 'unlink', 'chdir',
  'time', 'mknod', 'chmod', 'stat', 'lseek', 'getpid', 'mount', 'ptrace', 'alarm', 'fstat', 'pause', 'utime',
  'access', 'sync', 'kill', 'rename', 'mkdir', 'rmdir', 'dup', 'pipe', 'times', 'brk', 'acct', 'ioctl',
  'fcntl', 'setpgid', 'umask', 'chroot', 'ustat', 'dup2', 'getppid', 'getpgrp', 'setsid', 'sethostname',
  'setrlimit', 'getrusage', 'gettimeofday', 'settimeofday', 'symlink', 'lstat', 'readlink', 'uselib',
  'swapon', 'reboot', 'mmap', 'munmap', 'truncate', 'ftruncate', 'fchmod', 'getpriority', 'setpriority',
  'statfs', 'fstatfs', 'syslog', 'setitimer', 'getitimer', 'uname', 'vhangup', 'wait4', 'swapoff', 'sysinfo',
  'fsync', 'setdomainname', 'adjtimex', 'mprotect', 'init_module', 'delete_module', 'quotactl', 'getpgid',
  'fchdir', 'sysfs', 'personality', 'getdents', 'select', 'flock', 'msync', 'readv', 'writev', 'getsid',
  'fdatasync', 'mlock', 'munlock', 'mlockall', 'munlockall', 'sched_setparam', 'sched_getparam',
  'sched_setscheduler', 'sched_getscheduler', 'sched_yield', 'sched_get_priority_max',
  'sched_get_priority_min', 'sched_rr_get_interval', 'nanosleep', 'mremap', 'poll', 'prctl', 'rt_sigaction',
  'rt_sigprocmask', 'rt_sigpending', 'rt_sigtimedwait', 'rt_sigqueueinfo', 'rt_sigsuspend', 'getcwd',
  'capget', 'capset', 'sendfile', 'getrlimit', 'lchown', 'getuid', 'getgid', 'geteuid', 'getegid',
  'setreuid', 'setregid', 'getgroups', 'setgroups', 'fchown', 'setresuid', 'getresuid', 'setresgid',
  'getresgid', 'chown', 'setuid', 'setgid', 'setfsuid', 'setfsgid', 'pivot_root', 'mincore', 'madvise',
  'gettid', 'setxattr', 'lsetxattr', 'fsetxattr', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr',
  'llistxattr', 'flistxattr', 'removexattr', 'lremovexattr', 'fremovexattr', 'tkill', 'futex',
  'sched_setaffinity', 'sched_getaffinity', 'set_thread_area', 'get_thread_area', 'io_setup', 'io_destroy',
  'io_getevents', 'io_submit', 'io_cancel', 'exit_group', 'epoll_create', 'epoll_ctl', 'epoll_wait',
  'remap_file_pages', 'set_tid_address', 'timer_create', 'timer_settime', 'timer_gettime',
  'timer_getoverrun', 'timer_delete', 'clock_settime', 'clock_gettime', 'clock_getres', 'clock_nanosleep',
  'tgkill', 'utimes', 'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive', 'mq_notify',
  'mq_getsetattr', 'kexec_load', 'waitid', 'add_key', 'request_key', 'keyctl', 'ioprio_set', 'ioprio_get',
  'inotify_init', 'inotify_add_watch', 'inotify_rm_watch', 'openat', 'mkdirat', 'mknodat', 'fchownat',
  'futimesat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'fchmodat', 'faccessat',
  'pselect6', 'ppoll', 'unshare', 'set_robust_list', 'get_robust_list', 'splice', 'tee', 'vmsplice',
  'getcpu', 'epoll_pwait', 'utimensat', 'signalfd', 'timerfd_create', 'eventfd', 'timerfd_settime',
  'timerfd_gettime', 'signalfd4', 'eventfd2', 'epoll_create1', 'dup3', 'pipe2', 'inotify_init1', 'preadv',
  'pwritev', 'rt_tgsigqueueinfo', 'perf_event_open', 'fanotify_init', 'prlimit64', 'clock_adjtime', 'syncfs',
  'setns', 'getdents64', 'socket', 'bind', 'connect', 'listen', 'accept', 'getsockname', 'getpeername',
  'socketpair', 'sendto', 'recvfrom', 'shutdown', 'setsockopt', 'getsockopt', 'sendmsg', 'sendmmsg',
  'recvmsg', 'recvmmsg', 'accept4', 'semop', 'semget', 'semctl', 'msgsnd', 'msgrcv', 'msgget', 'msgctl',
  'shmdt', 'shmget', 'shmctl', 'statfs64', 'fstatfs64', 'fstatat64', 'sendfile64', 'ugetrlimit', 'bdflush',
  'sigprocmask', 'ipc', 'socketcall', 'stat64', 'lstat64', 'fstat64', 'fcntl64', 'mmap2', '_newselect',
  'sgetmask', 'ssetmask', 'sigpending', 'olduname', 'umount', 'signal', 'nice', 'stime', '_llseek',
  'waitpid', 'pread64', 'pwrite64', 'arch_prctl', 'shmat', 'rt_sigreturn', 'fallocate', 'newfstatat',
  'process_vm_readv', 'process_vm_writev', 'fork', 'vfork', 'setuid32', 'getuid32', 'setgid32', 'geteuid32',
  'getgid32', 'setresuid32', 'setresgid32', 'getresuid32', 'getresgid32', 'finit_module', 'bpf', 'seccomp',
  'sigaltstack', 'getrandom', 'fadvise64', 'renameat2', 'userfaultfd', 'openat2', 'umount2', 'execve',
  'execveat', 'copy_file_range', 'clone', 'clone3', 'open_by_handle_at', 'io_uring_setup', 'io_uring_enter',
  'io_uring_register', 'mlock2', 'getegid32', 'fsconfig', 'fspick', 'fsmount', 'fsopen', 'open_tree',
  'move_mount', 'mount_setattr', 'memfd_create', 'memfd_secret', 'ioperm', 'kexec_file_load', 'pidfd_getfd',
  'pidfd_open', 'pidfd_send_signal', 'pkey_alloc', 'pkey_mprotect', 'pkey_free', 'landlock_create_ruleset',
  'quotactl_fd', 'landlock_restrict_self', 'landlock_add_rule', 'epoll_pwait2', 'migrate_pages',
  'move_pages', 'preadv2', 'pwritev2', 'kcmp', 'sched_setattr', 'mbind', 'epoll_ctl_old', 'lookup_dcookie',
  'modify_ldt', 'statx', 'set_mempolicy', 'io_pgetevents', 'set_mempolicy_home_node', 'semtimedop',
  'get_kernel_syms', 'readahead', 'futex_waitv', 'getpmsg', 'name_to_handle_at', 'process_mrelease',
  'nfsservctl', 'epoll_wait_old', 'rseq', 'create_module', null, 'sched_getattr', 'faccessat2', '_sysctl',
  'query_module', 'get_mempolicy', 'sync_file_range', 'process_madvise', 'membarrier', 'iopl', 'close_range',
  'fanotify_mark', 'recv', 'send', 'sched_process_exit', 'sched_switch', 'page_fault_user',
  'page_fault_kernel', 'signal_deliver',
];

/** The syscall name of a PPM_SC code, or undefined. */
export function ppmSyscallName(code: number): string | undefined {
  return PPM_SC_NAMES[code] ?? undefined;
}

/**
 * x86_64 syscall names by native number (the kernel's syscall table,
 * asm/unistd_64.h); null marks an unassigned number. Generic events carry
 * the native number beside the PPM_SC code.
 */
const X86_64_SYSCALLS: readonly (string | null)[] = [
  'read', 'write', 'open', 'close', 'stat', 'fstat', 'lstat', 'poll', 'lseek', 'mmap', 'mprotect', 'munmap', 'brk',
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'ioctl', 'pread64', 'pwrite64', 'readv', 'writev', 'access',
  'pipe', 'select', 'sched_yield', 'mremap', 'msync', 'mincore', 'madvise', 'shmget', 'shmat', 'shmctl', 'dup',
  'dup2', 'pause', 'nanosleep', 'getitimer', 'alarm', 'setitimer', 'getpid', 'sendfile', 'socket', 'connect',
  'accept', 'sendto', 'recvfrom', 'sendmsg', 'recvmsg', 'shutdown', 'bind', 'listen', 'getsockname', 'getpeername',
  'socketpair', 'setsockopt', 'getsockopt', 'clone', 'fork', 'vfork', 'execve', 'exit', 'wait4', 'kill', 'uname',
  'semget', 'semop', 'semctl', 'shmdt', 'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'fcntl', 'flock', 'fsync',
  'fdatasync', 'truncate', 'ftruncate', 'getdents', 'getcwd', 'chdir', 'fchdir', 'rename', 'mkdir', 'rmdir', 'creat',
  'link', 'unlink', 'symlink', 'readlink', 'chmod', 'fchmod', 'chown', 'fchown', 'lchown', 'umask', 'gettimeofday',
  'getrlimit', 'getrusage', 'sysinfo', 'times', 'ptrace', 'getuid', 'syslog', 'getgid', 'setuid', 'setgid', 'geteuid',
  'getegid', 'setpgid', 'getppid', 'getpgrp', 'setsid', 'setreuid', 'setregid', 'getgroups', 'setgroups', 'setresuid',
  'getresuid', 'setresgid', 'getresgid', 'getpgid', 'setfsuid', 'setfsgid', 'getsid', 'capget', 'capset',
  'rt_sigpending', 'rt_sigtimedwait', 'rt_sigqueueinfo', 'rt_sigsuspend', 'sigaltstack', 'utime', 'mknod', 'uselib',
  'personality', 'ustat', 'statfs', 'fstatfs', 'sysfs', 'getpriority', 'setpriority', 'sched_setparam',
  'sched_getparam', 'sched_setscheduler', 'sched_getscheduler', 'sched_get_priority_max', 'sched_get_priority_min',
  'sched_rr_get_interval', 'mlock', 'munlock', 'mlockall', 'munlockall', 'vhangup', 'modify_ldt', 'pivot_root',
  '_sysctl', 'prctl', 'arch_prctl', 'adjtimex', 'setrlimit', 'chroot', 'sync', 'acct', 'settimeofday', 'mount',
  'umount2', 'swapon', 'swapoff', 'reboot', 'sethostname', 'setdomainname', 'iopl', 'ioperm', 'create_module',
  'init_module', 'delete_module', 'get_kernel_syms', 'query_module', 'quotactl', 'nfsservctl', 'getpmsg', 'putpmsg',
  'afs_syscall', 'tuxcall', 'security', 'gettid', 'readahead', 'setxattr', 'lsetxattr', 'fsetxattr', 'getxattr',
  'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr', 'removexattr', 'lremovexattr', 'fremovexattr',
  'tkill', 'time', 'futex', 'sched_setaffinity', 'sched_getaffinity', 'set_thread_area', 'io_setup', 'io_destroy',
  'io_getevents', 'io_submit', 'io_cancel', 'get_thread_area', 'lookup_dcookie', 'epoll_create', 'epoll_ctl_old',
  'epoll_wait_old', 'remap_file_pages', 'getdents64', 'set_tid_address', 'restart_syscall', 'semtimedop', 'fadvise64',
  'timer_create', 'timer_settime', 'timer_gettime', 'timer_getoverrun', 'timer_delete', 'clock_settime',
  'clock_gettime', 'clock_getres', 'clock_nanosleep', 'exit_group', 'epoll_wait', 'epoll_ctl', 'tgkill', 'utimes',
  'vserver', 'mbind', 'set_mempolicy', 'get_mempolicy', 'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive',
  'mq_notify', 'mq_getsetattr', 'kexec_load', 'waitid', 'add_key', 'request_key', 'keyctl', 'ioprio_set',
  'ioprio_get', 'inotify_init', 'inotify_add_watch', 'inotify_rm_watch', 'migrate_pages', 'openat', 'mkdirat',
  'mknodat', 'fchownat', 'futimesat', 'newfstatat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat',
  'fchmodat', 'faccessat', 'pselect6', 'ppoll', 'unshare', 'set_robust_list', 'get_robust_list', 'splice', 'tee',
  'sync_file_range', 'vmsplice', 'move_pages', 'utimensat', 'epoll_pwait', 'signalfd', 'timerfd_create', 'eventfd',
  'fallocate', 'timerfd_settime', 'timerfd_gettime', 'accept4', 'signalfd4', 'eventfd2', 'epoll_create1', 'dup3',
  'pipe2', 'inotify_init1', 'preadv', 'pwritev', 'rt_tgsigqueueinfo', 'perf_event_open', 'recvmmsg', 'fanotify_init',
  'fanotify_mark', 'prlimit64', 'name_to_handle_at', 'open_by_handle_at', 'clock_adjtime', 'syncfs', 'sendmmsg',
  'setns', 'getcpu', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'finit_module', 'sched_setattr',
  'sched_getattr', 'renameat2', 'seccomp', 'getrandom', 'memfd_create', 'kexec_file_load', 'bpf', 'execveat',
  'userfaultfd', 'membarrier', 'mlock2', 'copy_file_range', 'preadv2', 'pwritev2', 'pkey_mprotect', 'pkey_alloc',
  'pkey_free', 'statx', 'io_pgetevents', 'rseq', null, null, null, null, null, null, null, null, null, null, null,
  null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
  null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
  null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
  null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
  null, null, 'pidfd_send_signal', 'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'open_tree', 'move_mount',
  'fsopen', 'fsconfig', 'fsmount', 'fspick', 'pidfd_open', 'clone3', 'close_range', 'openat2', 'pidfd_getfd',
  'faccessat2', 'process_madvise', 'epoll_pwait2', 'mount_setattr', 'quotactl_fd', 'landlock_create_ruleset',
  'landlock_add_rule', 'landlock_restrict_self', 'memfd_secret', 'process_mrelease', 'futex_waitv',
  'set_mempolicy_home_node',
];

const PPM_SC_BY_NAME: ReadonlyMap<string, number> = new Map(
  PPM_SC_NAMES.flatMap((name, code) => (name === null ? [] : [[name, code] as const])),
);

/**
 * The syscall a generic event stands for (its evt.type): the name of its
 * PPM_SC code. Code 0 is a syscall the recording driver did not know; reading
 * a capture, libsinsp then maps the native number through the x86_64 table
 * (sinsp_filter_check_event, TYPE_TYPE), which knows only PPM_SC syscalls.
 */
export function genericSyscallName(ppmSc: number, nativeId: number | undefined): string | undefined {
  if (ppmSc !== 0 || nativeId === undefined) return ppmSyscallName(ppmSc);
  const name = X86_64_SYSCALLS[nativeId & 0xffff] ?? null;
  return name !== null && PPM_SC_BY_NAME.has(name) ? name : ppmSyscallName(0);
}
