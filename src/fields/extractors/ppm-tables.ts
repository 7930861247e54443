// Name tables libsinsp renders event parameters and fields with: the
// driver's PPM flag/enum tables (driver/flags_table.c with the values of
// driver/ppm_events_public.h, falcosecurity/libs @ 48dfd53c), errno and
// signal names (userspace/libsinsp/utils.cpp) and capability names. Every
// table event_table.c gives a parameter of our events is here (anon-inode fd
// types of the iterator events excepted: they are not in our event table).

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
  close_range_flags: [
    ['CLOSE_RANGE_UNSHARE', 2], ['CLOSE_RANGE_CLOEXEC', 4],
  ],
  epoll_create1_flags: [
    ['EPOLL_CLOEXEC', 1],
  ],
  execveat_flags: [
    ['AT_EMPTY_PATH', 1], ['AT_SYMLINK_NOFOLLOW', 2],
  ],
  fsconfig_cmds: [
    ['FSCONFIG_SET_FLAG', 0], ['FSCONFIG_SET_STRING', 1], ['FSCONFIG_SET_BINARY', 2], ['FSCONFIG_SET_PATH', 3],
    ['FSCONFIG_SET_PATH_EMPTY', 4], ['FSCONFIG_SET_FD', 5], ['FSCONFIG_CMD_CREATE', 6],
    ['FSCONFIG_CMD_RECONFIGURE', 7],
  ],
  futex_operations: [
    ['FUTEX_CLOCK_REALTIME', 0x100], ['FUTEX_PRIVATE_FLAG', 0x80], ['FUTEX_CMP_REQUEUE_PI', 0xc],
    ['FUTEX_WAIT_REQUEUE_PI', 0xb], ['FUTEX_WAKE_BITSET', 0xa], ['FUTEX_WAIT_BITSET', 9], ['FUTEX_TRYLOCK_PI', 8],
    ['FUTEX_UNLOCK_PI', 7], ['FUTEX_LOCK_PI', 6], ['FUTEX_WAKE_OP', 5], ['FUTEX_CMP_REQUEUE', 4],
    ['FUTEX_REQUEUE', 3], ['FUTEX_FD', 2], ['FUTEX_WAKE', 1], ['FUTEX_WAIT', 0],
  ],
  io_uring_enter_flags: [
    ['IORING_ENTER_GETEVENTS', 1], ['IORING_ENTER_SQ_WAKEUP', 2], ['IORING_ENTER_SQ_WAIT', 4],
    ['IORING_ENTER_EXT_ARG', 8],
  ],
  io_uring_register_opcodes: [
    ['IORING_REGISTER_BUFFERS', 0], ['IORING_UNREGISTER_BUFFERS', 1], ['IORING_REGISTER_FILES', 2],
    ['IORING_UNREGISTER_FILES', 3], ['IORING_REGISTER_EVENTFD', 4], ['IORING_UNREGISTER_EVENTFD', 5],
    ['IORING_REGISTER_FILES_UPDATE', 6], ['IORING_REGISTER_EVENTFD_ASYNC', 7], ['IORING_REGISTER_PROBE', 8],
    ['IORING_REGISTER_PERSONALITY', 9], ['IORING_UNREGISTER_PERSONALITY', 0xa], ['IORING_REGISTER_RESTRICTIONS', 0xb],
    ['IORING_REGISTER_ENABLE_RINGS', 0xc], ['IORING_REGISTER_FILES2', 0xd], ['IORING_REGISTER_FILES_UPDATE2', 0xe],
    ['IORING_REGISTER_BUFFERS2', 0xf], ['IORING_REGISTER_BUFFERS_UPDATE', 0x10], ['IORING_REGISTER_IOWQ_AFF', 0x11],
    ['IORING_UNREGISTER_IOWQ_AFF', 0x12], ['IORING_REGISTER_IOWQ_MAX_WORKERS', 0x13],
    ['IORING_REGISTER_RING_FDS', 0x14], ['IORING_UNREGISTER_RING_FDS', 0x15],
  ],
  io_uring_setup_feats: [
    ['IORING_FEAT_SINGLE_MMAP', 1], ['IORING_FEAT_NODROP', 2], ['IORING_FEAT_SUBMIT_STABLE', 4],
    ['IORING_FEAT_RW_CUR_POS', 8], ['IORING_FEAT_CUR_PERSONALITY', 0x10], ['IORING_FEAT_FAST_POLL', 0x20],
    ['IORING_FEAT_POLL_32BITS', 0x40], ['IORING_FEAT_SQPOLL_NONFIXED', 0x80], ['IORING_FEAT_ENTER_EXT_ARG', 0x100],
    ['IORING_FEAT_NATIVE_WORKERS', 0x200], ['IORING_FEAT_RSRC_TAGS', 0x400],
  ],
  io_uring_setup_flags: [
    ['IORING_SETUP_IOPOLL', 1], ['IORING_SETUP_SQPOLL', 2], ['IORING_SQ_NEED_WAKEUP', 4], ['IORING_SETUP_SQ_AFF', 8],
    ['IORING_SETUP_CQSIZE', 0x10], ['IORING_SETUP_CLAMP', 0x20], ['IORING_SETUP_ATTACH_RW', 0x40],
    ['IORING_SETUP_R_DISABLED', 0x80],
  ],
  keyctl_operations: [
    ['KEYCTL_GET_KEYRING_ID', 0], ['KEYCTL_JOIN_SESSION_KEYRING', 1], ['KEYCTL_UPDATE', 2], ['KEYCTL_REVOKE', 3],
    ['KEYCTL_CHOWN', 4], ['KEYCTL_SETPERM', 5], ['KEYCTL_DESCRIBE', 6], ['KEYCTL_CLEAR', 7], ['KEYCTL_LINK', 8],
    ['KEYCTL_UNLINK', 9], ['KEYCTL_SEARCH', 0xa], ['KEYCTL_READ', 0xb], ['KEYCTL_INSTANTIATE', 0xc],
    ['KEYCTL_NEGATE', 0xd], ['KEYCTL_SET_REQKEY_KEYRING', 0xe], ['KEYCTL_SET_TIMEOUT', 0xf],
    ['KEYCTL_ASSUME_AUTHORITY', 0x10], ['KEYCTL_GET_SECURITY', 0x11], ['KEYCTL_SESSION_TO_PARENT', 0x12],
    ['KEYCTL_REJECT', 0x13], ['KEYCTL_INSTANTIATE_IOV', 0x14], ['KEYCTL_INVALIDATE', 0x15],
    ['KEYCTL_GET_PERSISTENT', 0x16], ['KEYCTL_DH_COMPUTE', 0x17], ['KEYCTL_PKEY_QUERY', 0x18],
    ['KEYCTL_PKEY_ENCRYPT', 0x19], ['KEYCTL_PKEY_DECRYPT', 0x1a], ['KEYCTL_PKEY_SIGN', 0x1b],
    ['KEYCTL_PKEY_VERIFY', 0x1c], ['KEYCTL_RESTRICT_KEYRING', 0x1d], ['KEYCTL_MOVE', 0x1e],
    ['KEYCTL_CAPABILITIES', 0x1f], ['KEYCTL_WATCH_KEY', 0x20],
  ],
  lseek_whence: [
    ['SEEK_END', 2], ['SEEK_CUR', 1], ['SEEK_SET', 0],
  ],
  mlock2_flags: [
    ['MLOCK_ONFAULT', 1],
  ],
  mlockall_flags: [
    ['MCL_CURRENT', 1], ['MCL_FUTURE', 2], ['MCL_ONFAULT', 4],
  ],
  pf_flags: [
    ['PROTECTION_VIOLATION', 1], ['PAGE_NOT_PRESENT', 2], ['WRITE_ACCESS', 4], ['READ_ACCESS', 8],
    ['USER_FAULT', 0x10], ['SUPERVISOR_FAULT', 0x20], ['RESERVED_PAGE', 0x40], ['INSTRUCTION_FETCH', 0x80],
  ],
  quotactl_cmds: [
    ['Q_QUOTAON', 1], ['Q_QUOTAOFF', 2], ['Q_GETFMT', 4], ['Q_GETINFO', 8], ['Q_SETINFO', 0x10], ['Q_GETQUOTA', 0x20],
    ['Q_SETQUOTA', 0x40], ['Q_SYNC', 0x80], ['Q_XQUOTAON', 0x100], ['Q_XQUOTAOFF', 0x200], ['Q_XGETQUOTA', 0x400],
    ['Q_XSETQLIM', 0x800], ['Q_XGETQSTAT', 0x1000], ['Q_XQUOTARM', 0x2000], ['Q_XQUOTASYNC', 0x4000],
  ],
  quotactl_dqi_flags: [
    ['DQF_NONE', 1], ['V1_DQF_RSQUASH', 2],
  ],
  quotactl_quota_fmts: [
    ['QFMT_NOT_USED', 1], ['QFMT_VFS_OLD', 2], ['QFMT_VFS_V0', 4], ['QFMT_VFS_V1', 8],
  ],
  quotactl_types: [
    ['USRQUOTA', 1], ['GRPQUOTA', 2],
  ],
  rlimit_resources: [
    ['RLIMIT_UNKNOWN', 0xff], ['RLIMIT_RTTIME', 0xf], ['RLIMIT_RTPRIO', 0xe], ['RLIMIT_NICE', 0xd],
    ['RLIMIT_MSGQUEUE', 0xc], ['RLIMIT_SIGPENDING', 0xb], ['RLIMIT_LOCKS', 0xa], ['RLIMIT_AS', 9],
    ['RLIMIT_MEMLOCK', 8], ['RLIMIT_NOFILE', 7], ['RLIMIT_NPROC', 6], ['RLIMIT_RSS', 5], ['RLIMIT_CORE', 4],
    ['RLIMIT_STACK', 3], ['RLIMIT_DATA', 2], ['RLIMIT_FSIZE', 1], ['RLIMIT_CPU', 0],
  ],
  semctl_commands: [
    ['IPC_STAT', 1], ['IPC_SET', 2], ['IPC_RMID', 4], ['IPC_INFO', 8], ['SEM_INFO', 0x10], ['SEM_STAT', 0x20],
    ['GETALL', 0x40], ['GETNCNT', 0x80], ['GETPID', 0x100], ['GETVAL', 0x200], ['GETZCNT', 0x400], ['SETALL', 0x800],
    ['SETVAL', 0x1000],
  ],
  semget_flags: [
    ['IPC_EXCL', 0x4000], ['IPC_CREAT', 0x2000],
  ],
  semop_flags: [
    ['IPC_NOWAIT', 1], ['SEM_UNDO', 2],
  ],
  shutdown_how: [
    ['SHUT_UNKNOWN', 0xffff], ['SHUT_RDWR', 2], ['SHUT_WR', 1], ['SHUT_RD', 0],
  ],
  sockopt_levels: [
    ['SOL_SOCKET', 1], ['SOL_TCP', 2], ['UNKNOWN', 0],
  ],
  sockopt_options: [
    ['SO_COOKIE', 0x35], ['SO_MEMINFO', 0x34], ['SO_PEERGROUPS', 0x33], ['SO_ATTACH_BPF', 0x32],
    ['SO_INCOMING_CPU', 0x31], ['SO_BPF_EXTENSIONS', 0x30], ['SO_MAX_PACING_RATE', 0x2f], ['SO_BUSY_POLL', 0x2e],
    ['SO_SELECT_ERR_QUEUE', 0x2d], ['SO_LOCK_FILTER', 0x2c], ['SO_NOFCS', 0x2b], ['SO_PEEK_OFF', 0x2a],
    ['SO_WIFI_STATUS', 0x29], ['SO_RXQ_OVFL', 0x28], ['SO_DOMAIN', 0x27], ['SO_PROTOCOL', 0x26],
    ['SO_TIMESTAMPING', 0x25], ['SO_MARK', 0x24], ['SO_TIMESTAMPNS', 0x23], ['SO_PASSSEC', 0x22],
    ['SO_PEERSEC', 0x1f], ['SO_ACCEPTCONN', 0x1e], ['SO_TIMESTAMP', 0x1d], ['SO_PEERNAME', 0x1c],
    ['SO_DETACH_FILTER', 0x1b], ['SO_ATTACH_FILTER', 0x1a], ['SO_BINDTODEVICE', 0x19],
    ['SO_SECURITY_ENCRYPTION_NETWORK', 0x18], ['SO_SECURITY_ENCRYPTION_TRANSPORT', 0x17],
    ['SO_SECURITY_AUTHENTICATION', 0x16], ['SO_SNDTIMEO', 0x15], ['SO_RCVTIMEO', 0x14], ['SO_SNDLOWAT', 0x13],
    ['SO_RCVLOWAT', 0x12], ['SO_PEERCRED', 0x11], ['SO_PASSCRED', 0x10], ['SO_REUSEPORT', 0xf], ['SO_BSDCOMPAT', 0xe],
    ['SO_LINGER', 0xd], ['SO_PRIORITY', 0xc], ['SO_NO_CHECK', 0xb], ['SO_OOBINLINE', 0xa], ['SO_KEEPALIVE', 9],
    ['SO_RCVBUFFORCE', 0x21], ['SO_SNDBUFFORCE', 0x20], ['SO_RCVBUF', 8], ['SO_SNDBUF', 7], ['SO_BROADCAST', 6],
    ['SO_DONTROUTE', 5], ['SO_ERROR', 4], ['SO_TYPE', 3], ['SO_REUSEADDR', 2], ['SO_DEBUG', 1], ['UNKNOWN', 0],
  ],
  splice_flags: [
    ['SPLICE_F_MOVE', 1], ['SPLICE_F_NONBLOCK', 2], ['SPLICE_F_MORE', 4], ['SPLICE_F_GIFT', 8],
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
  'ITER_TASK_E.flags:execve_flags', 'ITER_TASK_FILE_ANON_INODE_E.fd_type:anon_inode_fd_types',
  'ITER_TASK_FILE_REGULAR_E.flags:file_flags', 'PAGE_FAULT_E.error:pf_flags',
  'SOCKET_GETSOCKOPT_X.level:sockopt_levels', 'SOCKET_GETSOCKOPT_X.optname:sockopt_options',
  'SOCKET_SETSOCKOPT_X.level:sockopt_levels', 'SOCKET_SETSOCKOPT_X.optname:sockopt_options',
  'SOCKET_SHUTDOWN_E.how:shutdown_how', 'SOCKET_SHUTDOWN_X.how:shutdown_how',
  'SOCKET_SOCKETPAIR_E.domain:socket_families', 'SOCKET_SOCKET_E.domain:socket_families',
  'SYSCALL_ACCESS_E.mode:access_flags', 'SYSCALL_CLOSE_RANGE_X.flags:close_range_flags',
  'SYSCALL_EPOLL_CREATE1_E.flags:epoll_create1_flags', 'SYSCALL_EPOLL_CREATE1_X.flags:epoll_create1_flags',
  'SYSCALL_EXECVEAT_E.flags:execveat_flags', 'SYSCALL_FCNTL_E.cmd:fcntl_commands',
  'SYSCALL_FLOCK_E.operation:flock_flags', 'SYSCALL_FSCONFIG_X.cmd:fsconfig_cmds',
  'SYSCALL_FUTEX_E.op:futex_operations', 'SYSCALL_FUTEX_X.op:futex_operations',
  'SYSCALL_GETRLIMIT_E.resource:rlimit_resources', 'SYSCALL_GETRLIMIT_X.resource:rlimit_resources',
  'SYSCALL_IO_URING_ENTER_X.flags:io_uring_enter_flags',
  'SYSCALL_IO_URING_REGISTER_X.opcode:io_uring_register_opcodes',
  'SYSCALL_IO_URING_SETUP_X.features:io_uring_setup_feats', 'SYSCALL_IO_URING_SETUP_X.flags:io_uring_setup_flags',
  'SYSCALL_KEYCTL_X.operation:keyctl_operations', 'SYSCALL_LLSEEK_E.whence:lseek_whence',
  'SYSCALL_LLSEEK_X.whence:lseek_whence', 'SYSCALL_LSEEK_E.whence:lseek_whence',
  'SYSCALL_LSEEK_X.whence:lseek_whence', 'SYSCALL_MLOCK2_X.flags:mlock2_flags',
  'SYSCALL_MLOCKALL_X.flags:mlockall_flags', 'SYSCALL_MMAP2_E.flags:mmap_flags', 'SYSCALL_MMAP2_E.prot:prot_flags',
  'SYSCALL_MMAP_E.flags:mmap_flags', 'SYSCALL_MMAP_E.prot:prot_flags', 'SYSCALL_MOUNT_E.flags:mount_flags',
  'SYSCALL_MPROTECT_E.prot:prot_flags', 'SYSCALL_OPENAT2_E.flags:file_flags',
  'SYSCALL_OPENAT2_E.resolve:openat2_flags', 'SYSCALL_OPENAT_2_E.flags:file_flags',
  'SYSCALL_OPENAT_E.flags:file_flags', 'SYSCALL_OPEN_E.flags:file_flags',
  'SYSCALL_PRLIMIT_E.resource:rlimit_resources', 'SYSCALL_PRLIMIT_X.resource:rlimit_resources',
  'SYSCALL_PTRACE_E.request:ptrace_requests', 'SYSCALL_QUOTACTL_E.cmd:quotactl_cmds',
  'SYSCALL_QUOTACTL_E.quota_fmt:quotactl_quota_fmts', 'SYSCALL_QUOTACTL_E.type:quotactl_types',
  'SYSCALL_QUOTACTL_X.cmd:quotactl_cmds', 'SYSCALL_QUOTACTL_X.dqi_flags:quotactl_dqi_flags',
  'SYSCALL_QUOTACTL_X.quota_fmt:quotactl_quota_fmts', 'SYSCALL_QUOTACTL_X.quota_fmt_out:quotactl_quota_fmts',
  'SYSCALL_QUOTACTL_X.type:quotactl_types', 'SYSCALL_SEMCTL_E.cmd:semctl_commands',
  'SYSCALL_SEMCTL_X.cmd:semctl_commands', 'SYSCALL_SEMGET_E.semflg:semget_flags',
  'SYSCALL_SEMGET_X.semflg:semget_flags', 'SYSCALL_SEMOP_X.sem_flg_0:semop_flags',
  'SYSCALL_SEMOP_X.sem_flg_1:semop_flags', 'SYSCALL_SETNS_E.nstype:clone_flags',
  'SYSCALL_SETRLIMIT_E.resource:rlimit_resources', 'SYSCALL_SETRLIMIT_X.resource:rlimit_resources',
  'SYSCALL_SPLICE_E.flags:splice_flags', 'SYSCALL_SPLICE_X.flags:splice_flags',
  'SYSCALL_UMOUNT2_E.flags:umount_flags', 'SYSCALL_UMOUNT_E.flags:umount_flags',
  'SYSCALL_UNSHARE_E.flags:clone_flags',
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
