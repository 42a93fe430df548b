/* SPDX-License-Identifier: MIT */
/*
 * strerror.c - errno in words, for the errnos a load can meet (files,
 * /proc and /sys, memory, the kexec syscalls and their signature checks),
 * in glibc's words (what users of kexec-tools read).  musl's strerror
 * table of every errno costs 2 KiB; any other errno is "errno N".
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

#define ERRNOS(X)                                                                          \
	X(EPERM, "Operation not permitted") X(ENOENT, "No such file or directory")          \
	X(ESRCH, "No such process") X(EINTR, "Interrupted system call")                    \
	X(EIO, "Input/output error") X(ENXIO, "No such device or address")                 \
	X(E2BIG, "Argument list too long") X(ENOEXEC, "Exec format error")                  \
	X(EBADF, "Bad file descriptor") X(EAGAIN, "Resource temporarily unavailable")        \
	X(ENOMEM, "Cannot allocate memory") X(EACCES, "Permission denied")                  \
	X(EFAULT, "Bad address") X(EBUSY, "Device or resource busy")                        \
	X(EEXIST, "File exists") X(ENODEV, "No such device") X(ENOTDIR, "Not a directory")  \
	X(EISDIR, "Is a directory") X(EINVAL, "Invalid argument")                           \
	X(ENFILE, "Too many open files in system") X(EMFILE, "Too many open files")         \
	X(ENOTTY, "Inappropriate ioctl for device") X(ETXTBSY, "Text file busy")            \
	X(EFBIG, "File too large") X(ENOSPC, "No space left on device")                     \
	X(EROFS, "Read-only file system") X(ERANGE, "Numerical result out of range")        \
	X(ENAMETOOLONG, "File name too long") X(ENOSYS, "Function not implemented")         \
	X(ELOOP, "Too many levels of symbolic links") X(ENODATA, "No data available")       \
	X(ENOPKG, "Package not installed") X(EBADMSG, "Bad message")                        \
	X(EOVERFLOW, "Value too large for defined data type")                              \
	X(ELIBBAD, "Accessing a corrupted shared library") X(EMSGSIZE, "Message too long")  \
	X(EOPNOTSUPP, "Operation not supported")                                          \
	X(EADDRNOTAVAIL, "Cannot assign requested address") X(ESTALE, "Stale file handle")  \
	X(ENOKEY, "Required key not available") X(EKEYEXPIRED, "Key has expired")          \
	X(EKEYREVOKED, "Key has been revoked") X(EKEYREJECTED, "Key was rejected by service")

#define CODE(e, s) e,
#define TEXT(e, s) s "\0"
static const unsigned char codes[] = { ERRNOS(CODE) };
static const char texts[] = ERRNOS(TEXT);

const char *kx_strerror(int err)
{
	static char other[24];
	const char *t = texts;
	unsigned i;

	for (i = 0; i < sizeof(codes); t += strlen(t) + 1, i++)
		if (codes[i] == err)
			return t;
	kx_snprintf(other, sizeof(other), "errno %d", err);
	return other;
}
