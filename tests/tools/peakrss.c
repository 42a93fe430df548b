/* SPDX-License-Identifier: MIT */
/*
 * peakrss.c - run a program with its output discarded and print its exit
 * status and the peak resident set of the program it ends as, in KiB:
 * "STATUS KIB".  The peak is read from /proc/PID/status (VmHWM) while the
 * process is stopped on its way out (ptrace's exit stop), so it counts the
 * last program exec'ed (through nokexec: the kexec), not this one or any
 * before it, as getrusage's ru_maxrss would.
 * Usage: peakrss PROGRAM [ARG]...
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static long vmhwm(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			kib = atol(line + 6);
	fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	long peak = -1;
	int status, sig;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: peakrss PROGRAM [ARG]...\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	/* The first stop: the exec, as a tracee. */
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return 2;
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC));
	sig = 0;
	for (;;) {
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
		if (waitpid(pid, &status, 0) != pid)
			return 2;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		sig = 0;
		if (status >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8))
			peak = vmhwm(pid);
		else if (status >> 8 != (SIGTRAP | PTRACE_EVENT_EXEC << 8))
			sig = WSTOPSIG(status);
	}
	printf("%d %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), peak);
	return 0;
}
