/* A syscall-heavy loop for `npm run bench`: N × (openat /dev/null + close),
 * in P processes at once. Prints the loop's own wall time in ns, so the
 * overhead excludes process start and recorder set-up. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int procs = argc > 2 ? atoi(argv[2]) : 1;
	long long t0 = now_ns();
	for (int p = 0; p < procs; p++) {
		if (fork() == 0) {
			for (long i = 0; i < n; i++) {
				int fd = openat(AT_FDCWD, "/dev/null", O_RDONLY);
				close(fd);
			}
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	printf("%lld\n", now_ns() - t0);
	return 0;
}
