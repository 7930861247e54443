// Name tables libsinsp renders event parameters and fields with: the
// driver's PPM flag/enum tables (driver/flags_table.c with the values of
// driver/ppm_events_public.h, falcosecurity/libs @ 48dfd53c), errno and
// signal names (userspace/libsinsp/utils.cpp) and capability names. Only the
// flag tables of parameters that rules or common outputs inspect are here;
// parameters without a table print their raw number, as the brief allows.

/** [name, value] in libsinsp's table order: the order decides how FLAGS render. */
export type NameValueTable = readonly (readonly [string, number])[];

export const FLAG_TABLES: Readonly<Record<string, NameValueTable>> = {
  file_flags: [
    ['O_LARGEFILE', 0x800], ['O_DIRECTORY', 0x400], ['O_DIRECT', 0x200], ['O_TRUNC', 0x100], ['O_SYNC', 0x80],
    ['O_NONBLOCK', 0x40], ['O_EXCL', 0x20], ['O_DSYNC', 0x10], ['O_APPEND', 8], ['O_CREAT', 4], ['O_RDWR', 3],
    ['O_WRONLY', 2], ['O_RDONLY', 1], ['O_CLOEXEC', 0x1000], ['O_NONE', 0], ['O_TMPFILE', 0x2000],
    ['O_F_CREATED', 0x4000], ['FD_UPPER_LAYER', 0x8000], ['FD_LOWER_LAYER', 0x10000],
  ],
  creat_flags: [
    ['FD_UPPER_LAYER_CREAT', 1], ['FD_LOWER_LAYER_CREAT', 2],
  ],
  clone_flags: [
    ['CLONE_FILES', 1], ['CLONE_FS', 2], ['CLONE_IO', 4], ['CLONE_NEWIPC', 8], ['CLONE_NEWNET', 0x10],
    ['CLONE_NEWNS', 0x20], ['CLONE_NEWPID', 0x40], ['CLONE_NEWUTS', 0x80], ['CLONE_PARENT', 0x100],
    ['CLONE_PARENT_SETTID', 0x200], ['CLONE_PTRACE', 0x400], ['CLONE_SIGHAND', 0x800], ['CLONE_SYSVSEM', 0x1000],
    ['CLONE_THREAD', 0x2000], ['CLONE_UNTRACED', 0x4000], ['CLONE_VM', 0x8000], ['CLONE_INVERTED', 0x10000],
    ['NAME_CHANGED', 0x20000], ['CLOSED', 0x40000], ['CLONE_NEWUSER', 0x100000], ['CLONE_CHILD_CLEARTID', 0x800000],
    ['CLONE_CHILD_SETTID', 0x1000000], ['CLONE_SETTLS', 0x2000000], ['CLONE_STOPPED', 0x4000000],
    ['CLONE_VFORK', 0x8000000], ['CLONE_NEWCGROUP', 0x10000000], ['CLONE_CHILD_IN_PIDNS', 0x20000000],
  ],
  execve_flags: [
    ['EXE_WRITABLE', 1], ['EXE_UPPER_LAYER', 2], ['EXE_FROM_MEMFD', 4], ['EXE_LOWER_LAYER', 8],
  ],
  unlinkat_flags: [
    ['AT_REMOVEDIR', 0x200],
  ],
  linkat_flags: [
    ['AT_SYMLINK_FOLLOW', 0x400], ['AT_EMPTY_PATH', 0x1000],
  ],
  renameat2_flags: [
    ['RENAME_NOREPLACE', 1], ['RENAME_EXCHANGE', 2], ['RENAME_WHITEOUT', 4],
  ],
  openat2_flags: [
    ['RESOLVE_BENEATH', 1], ['RESOLVE_IN_ROOT', 2], ['RESOLVE_NO_MAGICLINKS', 4], ['RESOLVE_NO_SYMLINKS', 8],
    ['RESOLVE_NO_XDEV', 0x10], ['RESOLVE_CACHED', 0x20],
  ],
  chmod_mode: [
    ['S_IXOTH', 1], ['S_IWOTH', 2], ['S_IROTH', 4], ['S_IXGRP', 8], ['S_IWGRP', 0x10], ['S_IRGRP', 0x20],
    ['S_IXUSR', 0x40], ['S_IWUSR', 0x80], ['S_IRUSR', 0x100], ['S_ISVTX', 0x200], ['S_ISGID', 0x400],
    ['S_ISUID', 0x800],
  ],
  mknod_mode: [
    ['S_IXOTH', 1], ['S_IWOTH', 2], ['S_IROTH', 4], ['S_IXGRP', 8], ['S_IWGRP', 0x10], ['S_IRGRP', 0x20],
    ['S_IXUSR', 0x40], ['S_IWUSR', 0x80], ['S_IRUSR', 0x100], ['S_ISVTX', 0x200], ['S_ISGID', 0x400],
    ['S_ISUID', 0x800], ['S_IFREG', 0x8000], ['S_IFCHR', 0x2000], ['S_IFBLK', 0x6000], ['S_IFIFO', 0x1000],
    ['S_IFSOCK', 0xc000],
  ],
  ptrace_requests: [
    ['PTRACE_SINGLEBLOCK', 0x26], ['PTRACE_SYSEMU_SINGLESTEP', 0x25], ['PTRACE_SYSEMU', 0x24],
    ['PTRACE_ARCH_PRCTL', 0x23], ['PTRACE_SET_THREAD_AREA', 0x22], ['PTRACE_GET_THREAD_AREA', 0x21],
    ['PTRACE_OLDSETOPTIONS', 0x20], ['PTRACE_SETFPXREGS', 0x1f], ['PTRACE_GETFPXREGS', 0x1e],
    ['PTRACE_SETFPREGS', 0x1d], ['PTRACE_GETFPREGS', 0x1c], ['PTRACE_SETREGS', 0x1b], ['PTRACE_GETREGS', 0x1a],
    ['PTRACE_SETSIGMASK', 0x19], ['PTRACE_GETSIGMASK', 0x18], ['PTRACE_PEEKSIGINFO', 0x17], ['PTRACE_LISTEN', 0x16],
    ['PTRACE_INTERRUPT', 0x15], ['PTRACE_SEIZE', 0x14], ['PTRACE_SETREGSET', 0x13], ['PTRACE_GETREGSET', 0x12],
    ['PTRACE_SETSIGINFO', 0x11], ['PTRACE_GETSIGINFO', 0x10], ['PTRACE_GETEVENTMSG', 0xf],
    ['PTRACE_SETOPTIONS', 0xe], ['PTRACE_SYSCALL', 0xd], ['PTRACE_DETACH', 0xc], ['PTRACE_ATTACH', 0xb],
    ['PTRACE_SINGLESTEP', 0xa], ['PTRACE_KILL', 9], ['PTRACE_CONT', 8], ['PTRACE_POKEUSR', 7],
    ['PTRACE_POKEDATA', 6], ['PTRACE_POKETEXT', 5], ['PTRACE_PEEKUSR', 4], ['PTRACE_PEEKDATA', 3],
    ['PTRACE_PEEKTEXT', 2], ['PTRACE_TRACEME', 1], ['PTRACE_UNKNOWN', 0],
  ],
  socket_families: [
    ['AF_NFC', 0x27], ['AF_ALG', 0x26], ['AF_CAIF', 0x25], ['AF_IEEE802154', 0x24], ['AF_PHONET', 0x23],
    ['AF_ISDN', 0x22], ['AF_RXRPC', 0x21], ['AF_IUCV', 0x20], ['AF_BLUETOOTH', 0x1f], ['AF_TIPC', 0x1e],
    ['AF_CAN', 0x1d], ['AF_LLC', 0x1a], ['AF_WANPIPE', 0x19], ['AF_PPPOX', 0x18], ['AF_IRDA', 0x17],
    ['AF_SNA', 0x16], ['AF_RDS', 0x15], ['AF_ATMSVC', 0x14], ['AF_ECONET', 0x13], ['AF_ASH', 0x12],
    ['AF_PACKET', 0x11], ['AF_ROUTE', 0x10], ['AF_NETLINK', 0x10], ['AF_KEY', 0xf], ['AF_SECURITY', 0xe],
    ['AF_NETBEUI', 0xd], ['AF_DECnet', 0xc], ['AF_ROSE', 0xb], ['AF_INET6', 0xa], ['AF_X25', 9], ['AF_ATMPVC', 8],
    ['AF_BRIDGE', 7], ['AF_NETROM', 6], ['AF_APPLETALK', 5], ['AF_IPX', 4], ['AF_AX25', 3], ['AF_INET', 2],
    ['AF_LOCAL', 1], ['AF_UNIX', 1], ['AF_UNSPEC', 0],
  ],
  bpf_commands: [
    ['BPF_MAP_CREATE', 0], ['BPF_MAP_LOOKUP_ELEM', 1], ['BPF_MAP_UPDATE_ELEM', 2], ['BPF_MAP_DELETE_ELEM', 3],
    ['BPF_MAP_GET_NEXT_KEY', 4], ['BPF_PROG_LOAD', 5], ['BPF_OBJ_PIN', 6], ['BPF_OBJ_GET', 7],
    ['BPF_PROG_ATTACH', 8], ['BPF_PROG_DETACH', 9], ['BPF_PROG_TEST_RUN', 0xa], ['BPF_PROG_RUN', 0xa],
    ['BPF_PROG_GET_NEXT_ID', 0xb], ['BPF_MAP_GET_NEXT_ID', 0xc], ['BPF_PROG_GET_FD_BY_ID', 0xd],
    ['BPF_MAP_GET_FD_BY_ID', 0xe], ['BPF_OBJ_GET_INFO_BY_FD', 0xf], ['BPF_PROG_QUERY', 0x10],
    ['BPF_RAW_TRACEPOINT_OPEN', 0x11], ['BPF_BTF_LOAD', 0x12], ['BPF_BTF_GET_FD_BY_ID', 0x13],
    ['BPF_TASK_FD_QUERY', 0x14], ['BPF_MAP_LOOKUP_AND_DELETE_ELEM', 0x15], ['BPF_MAP_FREEZE', 0x16],
    ['BPF_BTF_GET_NEXT_ID', 0x17], ['BPF_MAP_LOOKUP_BATCH', 0x18], ['BPF_MAP_LOOKUP_AND_DELETE_BATCH', 0x19],
    ['BPF_MAP_UPDATE_BATCH', 0x1a], ['BPF_MAP_DELETE_BATCH', 0x1b], ['BPF_LINK_CREATE', 0x1c],
    ['BPF_LINK_UPDATE', 0x1d], ['BPF_LINK_GET_FD_BY_ID', 0x1e], ['BPF_LINK_GET_NEXT_ID', 0x1f],
    ['BPF_ENABLE_STATS', 0x20], ['BPF_ITER_CREATE', 0x21], ['BPF_LINK_DETACH', 0x22], ['BPF_PROG_BIND_MAP', 0x23],
  ],
  memfd_create_flags: [
    ['MFD_CLOEXEC', 1], ['MFD_ALLOW_SEALING', 2], ['MFD_HUGETLB', 4],
  ],
  prot_flags: [
    ['PROT_READ', 1], ['PROT_WRITE', 2], ['PROT_EXEC', 4], ['PROT_SEM', 8], ['PROT_GROWSDOWN', 0x10],
    ['PROT_GROWSUP', 0x20], ['PROT_SAO', 0x40], ['PROT_NONE', 0],
  ],
  mmap_flags: [
    ['MAP_SHARED', 1], ['MAP_PRIVATE', 2], ['MAP_FIXED', 4], ['MAP_ANONYMOUS', 8], ['MAP_32BIT', 0x10],
    ['MAP_RENAME', 0x20], ['MAP_NORESERVE', 0x40], ['MAP_POPULATE', 0x80], ['MAP_NONBLOCK', 0x100],
    ['MAP_GROWSDOWN', 0x200], ['MAP_DENYWRITE', 0x400], ['MAP_EXECUTABLE', 0x800], ['MAP_INHERIT', 0x1000],
    ['MAP_FILE', 0x2000], ['MAP_LOCKED', 0x4000],
  ],
  mount_flags: [
    ['RDONLY', 1], ['NOSUID', 2], ['NODEV', 4], ['NOEXEC', 8], ['SYNCHRONOUS', 0x10], ['REMOUNT', 0x20],
    ['MANDLOCK', 0x40], ['DIRSYNC', 0x80], ['NOATIME', 0x400], ['NODIRATIME', 0x800], ['BIND', 0x1000],
    ['MOVE', 0x2000], ['REC', 0x4000], ['SILENT', 0x8000], ['POSIXACL', 0x10000], ['UNBINDABLE', 0x20000],
    ['PRIVATE', 0x40000], ['SLAVE', 0x80000], ['SHARED', 0x100000], ['RELATIME', 0x200000], ['KERNMOUNT', 0x400000],
    ['I_VERSION', 0x800000], ['STRICTATIME', 0x1000000], ['LAZYTIME', 0x2000000], ['NOSEC', 0x10000000],
    ['BORN', 0x20000000], ['ACTIVE', 0x40000000], ['NOUSER', 0x80000000],
  ],
  umount_flags: [
    ['FORCE', 1], ['DETACH', 2], ['EXPIRE', 4], ['NOFOLLOW', 8],
  ],
  finit_module_flags: [
    ['MODULE_INIT_IGNORE_MODVERSIONS', 1], ['MODULE_INIT_IGNORE_VERMAGIC', 2], ['MODULE_INIT_COMPRESSED_FILE', 4],
  ],
  delete_module_flags: [
    ['O_NONBLOCK', 2], ['O_TRUNC', 1],
  ],
  access_flags: [
    ['F_OK', 0], ['R_OK', 4], ['W_OK', 2], ['X_OK', 1],
  ],
  fchownat_flags: [
    ['AT_SYMLINK_NOFOLLOW', 0x400], ['AT_EMPTY_PATH', 0x1000],
  ],
  newfstatat_flags: [
    ['AT_EMPTY_PATH', 0x1000], ['AT_NO_AUTOMOUNT', 0x800], ['AT_SYMLINK_NOFOLLOW', 0x100],
  ],
  pidfd_open_flags: [
    ['PIDFD_NONBLOCK', 1],
  ],
  prctl_options: [
    ['PR_GET_DUMPABLE', 3], ['PR_SET_DUMPABLE', 4], ['PR_GET_KEEPCAPS', 7], ['PR_SET_KEEPCAPS', 8],
    ['PR_SET_NAME', 0xf], ['PR_GET_NAME', 0x10], ['PR_GET_SECCOMP', 0x15], ['PR_SET_SECCOMP', 0x16],
    ['PR_CAPBSET_READ', 0x17], ['PR_CAPBSET_DROP', 0x18], ['PR_GET_SECUREBITS', 0x1b], ['PR_SET_SECUREBITS', 0x1c],
    ['PR_MCE_KILL', 0x21], ['PR_MCE_KILL', 0x21], ['PR_SET_MM', 0x23], ['PR_SET_CHILD_SUBREAPER', 0x24],
    ['PR_GET_CHILD_SUBREAPER', 0x25], ['PR_SET_NO_NEW_PRIVS', 0x26], ['PR_GET_NO_NEW_PRIVS', 0x27],
    ['PR_GET_TID_ADDRESS', 0x28], ['PR_SET_THP_DISABLE', 0x29], ['PR_GET_THP_DISABLE', 0x2a],
    ['PR_CAP_AMBIENT', 0x2f],
  ],
  fcntl_commands: [
    ['F_GETPIPE_SZ', 0x1d], ['F_SETPIPE_SZ', 0x1c], ['F_NOTIFY', 0x1b], ['F_DUPFD_CLOEXEC', 0x1a],
    ['F_CANCELLK', 0x19], ['F_GETLEASE', 0x18], ['F_SETLEASE', 0x17], ['F_GETOWN_EX', 0x16], ['F_SETOWN_EX', 0x15],
    ['F_SETLKW64', 0x13], ['F_SETLK64', 0x12], ['F_GETLK64', 0x11], ['F_GETSIG', 0xf], ['F_SETSIG', 0xd],
    ['F_GETOWN', 0xc], ['F_SETOWN', 0xa], ['F_SETLKW', 9], ['F_SETLK', 8], ['F_GETLK', 6], ['F_SETFL', 5],
    ['F_GETFL', 4], ['F_SETFD', 3], ['F_GETFD', 2], ['F_DUPFD', 1], ['F_OFD_GETLK', 0x1e], ['F_OFD_SETLK', 0x1f],
    ['F_OFD_SETLKW', 0x20], ['UNKNOWN', 0],
  ],
  flock_flags: [
    ['LOCK_SH', 1], ['LOCK_EX', 2], ['LOCK_NB', 4], ['LOCK_UN', 8], ['LOCK_NONE', 0],
  ],
};

/**
 * Which table each parameter uses, as `EVENT_ID.param:table` (event_table.c's
 * per-parameter info pointer). Events absent from our event table are ignored.
 */
export const PARAM_FLAG_TABLES: readonly string[] = [
  'SYSCALL_ACCESS_X.mode:access_flags', 'SYSCALL_BPF_2_X.cmd:bpf_commands', 'SYSCALL_FCHMODAT_X.mode:chmod_mode',
  'SYSCALL_CHMOD_X.mode:chmod_mode', 'SYSCALL_FCHMOD_X.mode:chmod_mode', 'SYSCALL_CLONE_11_X.flags:clone_flags',
  'SYSCALL_CLONE_16_X.flags:clone_flags', 'SYSCALL_FORK_X.flags:clone_flags', 'SYSCALL_VFORK_X.flags:clone_flags',
  'SYSCALL_CLONE_17_X.flags:clone_flags', 'SYSCALL_FORK_17_X.flags:clone_flags',
  'SYSCALL_VFORK_17_X.flags:clone_flags', 'SYSCALL_CLONE_20_X.flags:clone_flags',
  'SYSCALL_FORK_20_X.flags:clone_flags', 'SYSCALL_VFORK_20_X.flags:clone_flags',
  'SYSCALL_SETNS_X.nstype:clone_flags', 'SYSCALL_UNSHARE_X.flags:clone_flags', 'SYSCALL_CLONE3_X.flags:clone_flags',
  'SYSCALL_CREAT_X.creat_flags:creat_flags', 'SYSCALL_DELETE_MODULE_X.flags:delete_module_flags',
  'SYSCALL_EXECVE_19_X.flags:execve_flags', 'SYSCALL_EXECVEAT_X.flags:execve_flags',
  'SYSCALL_FCHOWNAT_X.flags:fchownat_flags', 'SYSCALL_FCNTL_X.cmd:fcntl_commands', 'SYSCALL_OPEN_X.flags:file_flags',
  'SOCKET_SOCKET_X.flags:file_flags', 'SYSCALL_OPENAT_2_X.flags:file_flags',
  'SYSCALL_USERFAULTFD_X.flags:file_flags', 'SYSCALL_OPENAT2_X.flags:file_flags',
  'SYSCALL_OPEN_BY_HANDLE_AT_X.flags:file_flags', 'SYSCALL_DUP3_X.flags:file_flags',
  'SYSCALL_PIPE2_X.flags:file_flags', 'SYSCALL_INOTIFY_INIT1_X.flags:file_flags',
  'SYSCALL_EVENTFD2_X.flags:file_flags', 'SYSCALL_SIGNALFD4_X.flags:file_flags',
  'SYSCALL_FINIT_MODULE_X.flags:finit_module_flags', 'SYSCALL_FLOCK_X.operation:flock_flags',
  'SYSCALL_LINKAT_2_X.flags:linkat_flags', 'SYSCALL_MEMFD_CREATE_X.flags:memfd_create_flags',
  'SYSCALL_MKNOD_X.mode:mknod_mode', 'SYSCALL_MKNODAT_X.mode:mknod_mode', 'SYSCALL_MMAP_X.flags:mmap_flags',
  'SYSCALL_MMAP2_X.flags:mmap_flags', 'SYSCALL_MOUNT_X.flags:mount_flags',
  'SYSCALL_NEWFSTATAT_X.flags:newfstatat_flags', 'SYSCALL_OPENAT2_X.resolve:openat2_flags',
  'SYSCALL_PIDFD_OPEN_X.flags:pidfd_open_flags', 'SYSCALL_PRCTL_X.option:prctl_options',
  'SYSCALL_MMAP_X.prot:prot_flags', 'SYSCALL_MMAP2_X.prot:prot_flags', 'SYSCALL_MPROTECT_X.prot:prot_flags',
  'SYSCALL_PTRACE_X.request:ptrace_requests', 'SYSCALL_RENAMEAT2_X.flags:renameat2_flags',
  'SOCKET_SOCKET_X.domain:socket_families', 'SOCKET_SOCKETPAIR_X.domain:socket_families',
  'SYSCALL_UMOUNT2_X.flags:umount_flags', 'SYSCALL_UNLINKAT_2_X.flags:unlinkat_flags',
];

/** errno → name, for the codes sinsp_utils::errno_to_str knows (41 and 58 are aliases it omits). */
export const ERRNO_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'EPERM'], [2, 'ENOENT'], [3, 'ESRCH'], [4, 'EINTR'], [5, 'EIO'], [6, 'ENXIO'], [7, 'E2BIG'], [8, 'ENOEXEC'],
  [9, 'EBADF'], [10, 'ECHILD'], [11, 'EAGAIN'], [12, 'ENOMEM'], [13, 'EACCES'], [14, 'EFAULT'], [15, 'ENOTBLK'],
  [16, 'EBUSY'], [17, 'EEXIST'], [18, 'EXDEV'], [19, 'ENODEV'], [20, 'ENOTDIR'], [21, 'EISDIR'], [22, 'EINVAL'],
  [23, 'ENFILE'], [24, 'EMFILE'], [25, 'ENOTTY'], [26, 'ETXTBSY'], [27, 'EFBIG'], [28, 'ENOSPC'], [29, 'ESPIPE'],
  [30, 'EROFS'], [31, 'EMLINK'], [32, 'EPIPE'], [33, 'EDOM'], [34, 'ERANGE'], [35, 'EDEADLK'], [36, 'ENAMETOOLONG'],
  [37, 'ENOLCK'], [38, 'ENOSYS'], [39, 'ENOTEMPTY'], [40, 'ELOOP'], [42, 'ENOMSG'], [43, 'EIDRM'], [44, 'ECHRNG'],
  [45, 'EL2NSYNC'], [46, 'EL3HLT'], [47, 'EL3RST'], [48, 'ELNRNG'], [49, 'EUNATCH'], [50, 'ENOCSI'], [51, 'EL2HLT'],
  [52, 'EBADE'], [53, 'EBADR'], [54, 'EXFULL'], [55, 'ENOANO'], [56, 'EBADRQC'], [57, 'EBADSLT'], [59, 'EBFONT'],
  [60, 'ENOSTR'], [61, 'ENODATA'], [62, 'ETIME'], [63, 'ENOSR'], [64, 'ENONET'], [65, 'ENOPKG'], [66, 'EREMOTE'],
  [67, 'ENOLINK'], [68, 'EADV'], [69, 'ESRMNT'], [70, 'ECOMM'], [71, 'EPROTO'], [72, 'EMULTIHOP'], [73, 'EDOTDOT'],
  [74, 'EBADMSG'], [75, 'EOVERFLOW'], [76, 'ENOTUNIQ'], [77, 'EBADFD'], [78, 'EREMCHG'], [79, 'ELIBACC'],
  [80, 'ELIBBAD'], [81, 'ELIBSCN'], [82, 'ELIBMAX'], [83, 'ELIBEXEC'], [84, 'EILSEQ'], [85, 'ERESTART'],
  [86, 'ESTRPIPE'], [87, 'EUSERS'], [88, 'ENOTSOCK'], [89, 'EDESTADDRREQ'], [90, 'EMSGSIZE'], [91, 'EPROTOTYPE'],
  [92, 'ENOPROTOOPT'], [93, 'EPROTONOSUPPORT'], [94, 'ESOCKTNOSUPPORT'], [95, 'EOPNOTSUPP'], [96, 'EPFNOSUPPORT'],
  [97, 'EAFNOSUPPORT'], [98, 'EADDRINUSE'], [99, 'EADDRNOTAVAIL'], [100, 'ENETDOWN'], [101, 'ENETUNREACH'],
  [102, 'ENETRESET'], [103, 'ECONNABORTED'], [104, 'ECONNRESET'], [105, 'ENOBUFS'], [106, 'EISCONN'],
  [107, 'ENOTCONN'], [108, 'ESHUTDOWN'], [109, 'ETOOMANYREFS'], [110, 'ETIMEDOUT'], [111, 'ECONNREFUSED'],
  [112, 'EHOSTDOWN'], [113, 'EHOSTUNREACH'], [114, 'EALREADY'], [115, 'EINPROGRESS'], [116, 'ESTALE'],
  [117, 'EUCLEAN'], [118, 'ENOTNAM'], [119, 'ENAVAIL'], [120, 'EISNAM'], [121, 'EREMOTEIO'], [122, 'EDQUOT'],
  [123, 'ENOMEDIUM'], [124, 'EMEDIUMTYPE'], [125, 'ECANCELED'], [512, 'ERESTARTSYS'], [513, 'ERESTARTNOINTR'],
  [514, 'ERESTARTNOHAND'], [515, 'ENOIOCTLCMD'], [516, 'ERESTART_RESTARTBLOCK'], [521, 'EBADHANDLE'],
  [522, 'ENOTSYNC'], [523, 'EBADCOOKIE'], [524, 'ENOTSUPP'], [525, 'ETOOSMALL'], [526, 'ESERVERFAULT'],
  [527, 'EBADTYPE'], [528, 'EJUKEBOX'], [529, 'EIOCBQUEUED'], [530, 'EIOCBRETRY'],
]);

/** Signal number - 1 → name (sinsp_utils::signal_to_str covers 1..31). */
export const SIGNAL_NAMES: readonly string[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV',
  'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN',
  'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

/** Capability bit → name (sinsp_utils::caps_to_string's list, bits 0..40). */
export const CAP_NAMES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];
