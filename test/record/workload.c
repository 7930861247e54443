/* A deterministic syscall workload for comparing the probe's counts with
 * strace's: N openat, M connect (refused), K fork+execve of /bin/true. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10, m = argc > 2 ? atoi(argv[2]) : 3, k = argc > 3 ? atoi(argv[3]) : 2;
	for (int i = 0; i < n; i++) {
		int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	for (int i = 0; i < m; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(1) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		connect(s, (struct sockaddr *)&a, sizeof(a));
		close(s);
	}
	for (int i = 0; i < k; i++) {
		pid_t p = fork();
		if (p == 0) {
			execl("/bin/true", "true", (char *)0);
			_exit(127);
		}
		waitpid(p, 0, 0);
	}
	return 0;
}
