/* SPDX-License-Identifier: MIT */
/* support.c - see support.h. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libfdt.h>
#include <zlib.h>
#include "support.h"
#include "kexec.h"
#include "le.h"

#define KX_ALIGN512(x) (((x) + 511) & ~(size_t)511)

static char dirs[32][256];
static int ndirs;

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static void cleanup(void)
{
	while (ndirs > 0)
		nftw(dirs[--ndirs], rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *t_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	if (ndirs == 32)
		abort();
	snprintf(dirs[ndirs], sizeof(dirs[0]), "%s/kxtest.XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(dirs[ndirs]))
		abort();
	if (ndirs == 0)
		atexit(cleanup);
	return dirs[ndirs++];
}

static void mkparents(char *path)
{
	char *s;

	for (s = path + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(path, 0755);
			*s = '/';
		}
}

const char *t_write(const char *dir, const char *rel, const void *data, size_t n)
{
	static char bufs[8][512];
	static int next;
	char *p = bufs[next++ % 8];
	size_t off, chunk;
	int fd;

	snprintf(p, 512, "%s/%s", dir, rel);
	mkparents(p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		abort();
	/* A page at a time: the page cache then holds the file in small
	 * folios, and a read through a mapping maps a page, not a 2 MiB
	 * folio, so that the peak RSS the memory tests measure is the
	 * loader's anonymous memory. */
	for (off = 0; off < n; off += chunk) {
		chunk = n - off < 4096 ? n - off : 4096;
		if (write(fd, (const char *)data + off, chunk) != (ssize_t)chunk)
			abort();
	}
	close(fd);
	return p;
}

const char *t_write_str(const char *dir, const char *rel, const char *text)
{
	return t_write(dir, rel, text, strlen(text));
}

const char t_crash_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"00100000-3fffffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  03000000-030fffff : reserved\n"
	"  20000000-2fffffff : Crash kernel\n"
	"fec00000-fec003ff : IOAPIC 0\n";

const char *t_fake_root(unsigned ram_mib, const char *cmdline)
{
	const char *d = t_tmpdir();
	unsigned long long end = (unsigned long long)ram_mib << 20;
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "00000000-00000fff : Reserved\n"
		 "00001000-0009fbff : System RAM\n"
		 "000a0000-000bffff : PCI Bus 0000:00\n"
		 "000f0000-000fffff : Reserved\n"
		 "  000f0000-000fffff : System ROM\n"
		 "00100000-%08llx : System RAM\n"
		 "  01000000-01ffffff : Kernel code\n"
		 "  03000000-030fffff : reserved\n"
		 "fec00000-fec003ff : IOAPIC 0\n", end - 1);
	t_write_str(d, "proc/iomem", buf);
	snprintf(buf, sizeof(buf),
		 "MemTotal:       %llu kB\nMemFree:        1000 kB\nMemAvailable:   %llu kB\n",
		 end >> 10, end >> 11);
	t_write_str(d, "proc/meminfo", buf);
	t_write_str(d, "proc/cmdline",
		    cmdline ? cmdline : "BOOT_IMAGE=/vmlinuz root=/dev/vda ro quiet\n");
	t_write_str(d, "sys/kernel/kexec_loaded", "0\n");
	t_write_str(d, "sys/kernel/kexec_crash_loaded", "0\n");
	t_write_str(d, "sys/firmware/memmap/0/start", "0x0\n");
	t_write_str(d, "sys/firmware/memmap/0/end", "0x9fbff\n");
	t_write_str(d, "sys/firmware/memmap/0/type", "System RAM\n");
	t_write_str(d, "sys/firmware/memmap/1/start", "0xf0000\n");
	t_write_str(d, "sys/firmware/memmap/1/end", "0xfffff\n");
	t_write_str(d, "sys/firmware/memmap/1/type", "Reserved\n");
	t_write_str(d, "sys/firmware/memmap/2/start", "0x100000\n");
	snprintf(buf, sizeof(buf), "0x%llx\n", end - 1);
	t_write_str(d, "sys/firmware/memmap/2/end", buf);
	t_write_str(d, "sys/firmware/memmap/2/type", "System RAM\n");
	return d;
}

void *t_read(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		fail_msg("%s: %s", path, strerror(errno));
	buf = malloc(st.st_size + 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		fail_msg("%s: short read", path);
	buf[st.st_size] = 0;
	close(fd);
	*len = st.st_size;
	return buf;
}

void *t_dtc(const char *dts, const char *extra, size_t *len)
{
	static const char *d; /* one scratch dir: t_tmpdir has 32 */
	char in[512], out[512], cmd[1600];
	int rc;

	if (!d)
		d = t_tmpdir();
	snprintf(in, sizeof(in), "%s", t_write_str(d, "in.dts", dts));
	snprintf(out, sizeof(out), "%s/out.dtb", d);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s -o '%s' '%s'", extra ? extra : "", out,
		 in);
	rc = system(cmd);
	if (rc != 0)
		fail_msg("dtc failed (%d): %s\n%s", rc, cmd, dts);
	return t_read(out, len);
}

static void le16(unsigned char *p, unsigned v) { p[0] = v; p[1] = v >> 8; }
static void le32(unsigned char *p, unsigned v) { le16(p, v); le16(p + 2, v >> 16); }

unsigned char *t_fake_kernel(size_t len, uint64_t footprint)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	assert_true(len >= T_FAKE_HDR);
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 7 + 1);
	memset(b, 0, T_FAKE_HDR);
	memcpy(b, T_FAKE_MAGIC, 8);
	kx_put64(b + 8, footprint);
	kx_put64(b + 16, len);
	return b;
}

unsigned char *t_bzimage(size_t payload, size_t *len)
{
	size_t setup = (4 + 1) * 512, n = setup + payload;
	unsigned char *b = calloc(1, n);
	size_t i;

	if (!b)
		abort();
	b[0x1f1] = 4;                      /* setup_sects */
	le32(b + 0x1f4, payload / 16);     /* syssize */
	le16(b + 0x1fe, 0xaa55);
	b[0x200] = 0xeb;                   /* jmp short over the header */
	b[0x201] = 0x6a;                   /* header ends at 0x26c */
	memcpy(b + 0x202, "HdrS", 4);
	le16(b + 0x206, 0x20f);            /* protocol 2.15 */
	b[0x211] = 0x01;                   /* LOADED_HIGH */
	le32(b + 0x22c, 0x7fffffff);       /* initrd_addr_max */
	le32(b + 0x230, 0x200000);         /* kernel_alignment */
	b[0x234] = 1;                      /* relocatable */
	le16(b + 0x236, 0x7f);             /* xloadflags */
	le32(b + 0x238, 2047);             /* cmdline_size */
	le32(b + 0x258, 0x1000000);        /* pref_address */
	le32(b + 0x260, 16 << 20);         /* init_size */
	for (i = setup; i < n; i++)
		b[i] = (unsigned char)(i * 7);
	*len = n;
	return b;
}

void t_expect_within(const struct kx_plan *p, uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < p->nseg; i++)
		if (p->seg[i].mem < lo || p->seg[i].mem + p->seg[i].memsz > hi)
			fail_msg("segment %s 0x%llx-0x%llx is outside 0x%llx-0x%llx",
				 p->seg[i].what, (unsigned long long)p->seg[i].mem,
				 (unsigned long long)(p->seg[i].mem + p->seg[i].memsz),
				 (unsigned long long)lo, (unsigned long long)hi);
}

void t_crash_root(const char *root, const char *iomem, const char *notes, unsigned size,
		  const char *vmcoreinfo)
{
	char n[32];

	t_write_str(root, "proc/iomem", iomem);
	t_write_str(root, "sys/devices/system/cpu/cpu0/crash_notes", notes);
	snprintf(n, sizeof(n), "%u\n", size);
	t_write_str(root, "sys/devices/system/cpu/cpu0/crash_notes_size", n);
	t_write_str(root, "sys/kernel/vmcoreinfo", vmcoreinfo);
}

const struct kx_segment *t_crash_plan(struct kx_ctx *ctx, struct kx_opts *o, uint64_t lo,
				      uint64_t hi, struct kx_plan **p)
{
	const struct kx_segment *hdr;

	o->flags |= KX_PANIC;
	o->syscall = KX_SYSCALL_LOAD;
	if (kx_plan_build(ctx, o, p))
		fail_msg("%s", ctx->msg);
	t_expect_within(*p, lo, hi);
	hdr = t_seg(*p, "elfcorehdr");
	assert_int_equal(hdr->mem + hdr->memsz, hi);
	return hdr;
}

void t_expect_crash_chosen(const struct kx_plan *p, unsigned n, const uint64_t *usable)
{
	const struct kx_segment *hdr = t_seg(p, "elfcorehdr"), *dt = t_seg(p, "dtb");
	int node = fdt_path_offset(dt->buf, "/chosen"), len;
	const fdt64_t *v = fdt_getprop(dt->buf, node, "linux,elfcorehdr", &len);

	assert_int_equal(len, 16);
	assert_int_equal(fdt64_ld(v), hdr->mem);
	assert_int_equal(fdt64_ld(v + 1), hdr->memsz);
	v = fdt_getprop(dt->buf, node, "linux,usable-memory-range", &len);
	assert_int_equal(len, 16 * n);
	for (unsigned i = 0; i < 2 * n; i++)
		assert_int_equal(fdt64_ld(v + i), usable[i]);
}

void t_expect_ranges(const struct kx_ranges *rs, unsigned n, const uint64_t *want)
{
	unsigned i;

	if (rs->n != n) {
		for (i = 0; i < rs->n; i++)
			print_message("  [%u] 0x%llx-0x%llx\n", i,
				      (unsigned long long)rs->r[i].start,
				      (unsigned long long)rs->r[i].end);
		fail_msg("%u ranges, expected %u", rs->n, n);
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(rs->r[i].start, want[2 * i]);
		assert_int_equal(rs->r[i].end, want[2 * i + 1]);
	}
}

void *t_dtc_open(const char *dts, int extra)
{
	size_t len;
	void *b = t_dtc(dts, NULL, &len), *o = malloc(len + extra);

	assert_int_equal(fdt_open_into(b, o, (int)(len + extra)), 0);
	free(b);
	return o;
}

const struct kx_segment *t_seg(const struct kx_plan *p, const char *what)
{
	unsigned i;

	for (i = 0; i < p->nseg; i++)
		if (!strcmp(p->seg[i].what, what))
			return &p->seg[i];
	fail_msg("no %s segment", what);
	return NULL;
}

unsigned char *t_gzip(const void *in, size_t n, size_t *out)
{
	z_stream zs = { 0 };
	size_t cap = n + n / 100 + 1024;
	unsigned char *o = malloc(cap);

	assert_non_null(o);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = o;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out = zs.total_out;
	deflateEnd(&zs);
	return o;
}

const char *t_gzip_zeros(const char *dir, const char *name, uint64_t n)
{
	static const unsigned char zero[1 << 16];
	unsigned char out[4096]; /* written a page at a time: see t_write */
	z_stream zs = { 0 };
	const char *path = t_write(dir, name, "", 0);
	FILE *f = fopen(path, "wb");
	int flush;

	assert_non_null(f);
	assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	do {
		zs.next_in = (unsigned char *)zero;
		zs.avail_in = n > sizeof(zero) ? sizeof(zero) : (uInt)n;
		n -= zs.avail_in;
		flush = n ? Z_NO_FLUSH : Z_FINISH;
		do {
			zs.next_out = out;
			zs.avail_out = sizeof(out);
			assert_true(deflate(&zs, flush) != Z_STREAM_ERROR);
			assert_int_equal(fwrite(out, 1, sizeof(out) - zs.avail_out, f),
					 sizeof(out) - zs.avail_out);
		} while (zs.avail_out == 0);
	} while (flush != Z_FINISH);
	deflateEnd(&zs);
	assert_int_equal(fclose(f), 0);
	return path;
}

static long status_kib(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	fclose(f);
	assert_true(v >= 0);
	return v;
}

long t_peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	assert_non_null(f);
	assert_true(fputs("5", f) >= 0);
	assert_int_equal(fclose(f), 0);
	return status_kib("VmHWM:");
}

long t_peak_kib(void)
{
	return status_kib("VmHWM:");
}

void t_add_pe(unsigned char *b, uint32_t raw_end)
{
	b[0] = 'M';
	b[1] = 'Z';
	kx_put32(b + 0x3c, 0x40);
	memset(b + 0x40, 0, 24 + 40);
	memcpy(b + 0x40, "PE\0\0", 4);
	b[0x40 + 6] = 1;  /* one section */
	b[0x40 + 20] = 0; /* no optional header */
	kx_put32(b + 0x40 + 24 + 16, raw_end - 0x1000); /* SizeOfRawData */
	kx_put32(b + 0x40 + 24 + 20, 0x1000);           /* PointerToRawData */
}

void *t_dup_chosen_tree(uint64_t mem_base, size_t *len)
{
	static const char *const dup[] = { "linux,initrd-start", "linux,initrd-end",
					   "linux,elfcorehdr", "linux,usable-memory-range" };
	size_t size = 4096;
	void *fdt = malloc(size);
	fdt64_t reg[2] = { cpu_to_fdt64(mem_base), cpu_to_fdt64(256ULL << 20) };
	fdt64_t v[2] = { cpu_to_fdt64(0x48000000), cpu_to_fdt64(0x1000) };
	unsigned i, copy;

	assert_non_null(fdt);
	assert_int_equal(fdt_create(fdt, (int)size), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(fdt, "memory@0"), 0);
	assert_int_equal(fdt_property_string(fdt, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(fdt, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, "chosen"), 0);
	assert_int_equal(fdt_property_string(fdt, "bootargs", "console=ttyS0"), 0);
	for (copy = 0; copy < 2; copy++)
		for (i = 0; i < sizeof(dup) / sizeof(dup[0]); i++)
			assert_int_equal(fdt_property(fdt, dup[i], v, i < 2 ? 8 : 16), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	*len = fdt_totalsize(fdt);
	return fdt;
}

static void dup_refused(const char *root, struct kx_opts *o, const char *source)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_plan *p = NULL;
	char want[256];

	kx_sys_recorder(&sys, &rec);
	ctx.sys = &sys;
	assert_int_equal(kx_plan_build(&ctx, o, &p), -EINVAL);
	assert_null(p);
	snprintf(want, sizeof(want), "dtb %s: node /chosen: property \"linux,initrd-start\" "
				     "appears twice", source);
	if (!strstr(ctx.msg, want))
		fail_msg("\"%s\" lacks \"%s\"", ctx.msg, want);
	assert_int_equal(rec.calls, 0);
}

void t_dup_chosen_refused(const char *root, const char *kernel, uint64_t mem_base)
{
	struct kx_opts o = { .kernel = kernel, .cmdline = "console=ttyS0" };
	char fw[512];
	size_t len;
	void *fdt = t_dup_chosen_tree(mem_base, &len);

	o.dtb = t_write(root, "boot/dup.dtb", fdt, len);
	dup_refused(root, &o, o.dtb);
	/* The running system's tree, read when no --dtb is given. */
	o.dtb = NULL;
	snprintf(fw, sizeof(fw), "%s", t_write(root, "sys/firmware/fdt", fdt, len));
	dup_refused(root, &o, "/sys/firmware/fdt");
	assert_int_equal(unlink(fw), 0);
	free(fdt);
}

unsigned char *t_zboot(const void *payload, size_t n, const char *codec, size_t *len)
{
	size_t off = 0x1000;
	unsigned char *b = calloc(1, off + n + 512);

	assert_non_null(b);
	b[0] = 'M';
	b[1] = 'Z';
	memcpy(b + 4, "zimg", 4);
	kx_put32(b + 8, (uint32_t)off);
	kx_put32(b + 0x0c, (uint32_t)n);
	strcpy((char *)b + 0x18, codec);
	memcpy(b + off, payload, n);
	*len = off + n + 512;
	return b;
}

unsigned char *t_pe(const struct t_sec *s, unsigned n, size_t *len)
{
	size_t opt = 0x40 + 24, table = opt + 240, at = KX_ALIGN512(table + 40 * n), total = at;
	unsigned char *b;
	unsigned i;

	for (i = 0; i < n; i++)
		total += KX_ALIGN512(s[i].size);
	b = calloc(1, total);
	assert_non_null(b);
	b[0] = 'M';
	b[1] = 'Z';
	kx_put32(b + 0x3c, 0x40);
	memcpy(b + 0x40, "PE\0\0", 4);
	kx_put16(b + 0x40 + 6, (uint16_t)n);
	kx_put16(b + 0x40 + 20, 240);  /* SizeOfOptionalHeader */
	kx_put16(b + opt, 0x20b);      /* PE32+ */
	kx_put32(b + opt + 108, 16);   /* NumberOfRvaAndSizes */
	for (i = 0; i < n; i++) {
		unsigned char *e = b + table + 40 * i;

		strncpy((char *)e, s[i].name, 8);
		kx_put32(e + 8, (uint32_t)s[i].size);                 /* VirtualSize */
		kx_put32(e + 12, (uint32_t)(0x100000 * (i + 1)));     /* VirtualAddress */
		kx_put32(e + 16, (uint32_t)KX_ALIGN512(s[i].size));  /* SizeOfRawData */
		kx_put32(e + 20, (uint32_t)at);                       /* PointerToRawData */
		memcpy(b + at, s[i].data, s[i].size);
		at += KX_ALIGN512(s[i].size);
	}
	*len = total;
	return b;
}

void t_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc)
		fail_msg("exit %d: %s", rc, cmd);
}
