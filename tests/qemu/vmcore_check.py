#!/usr/bin/env python3
# tests/qemu/vmcore_check.py LOG KEEP_OUT TEXT - the kdump scenario's proof,
# read from the console log: the crash kernel's /proc/vmcore (its first
# 16 KiB, "KX2: core" hex lines) is an ELF core with a VMCOREINFO note;
# its RAM PT_LOADs are exactly kernel 1's System RAM outside the "Crash
# kernel" reservation(s) and below KEEP_OUT (x86: the low 1 MiB, the crash
# kernel's); with TEXT, one more PT_LOAD is kernel 1's text up to _end,
# _stext at the virtual address /proc/kallsyms gave (KASLR'd) and the
# physical one where /proc/iomem's "Kernel code" starts; and the token kernel 1
# wrote into its memory was found in the dump (unless the crash kernel's
# command line says kx.notoken).  Prints "FAIL: why" lines,
# and lines that describe the dump.
import struct
import sys


def main():
    log, keep_out, want_text = sys.argv[1], int(sys.argv[2], 0), sys.argv[3] == "1"
    core, iomem, syms = bytearray(), [], {}
    k1tok = k2tok = None
    cmdline = []
    for line in open(log, errors="replace"):
        line = line.rstrip("\r\n")
        if line.startswith("KX2: core "):
            core += bytes.fromhex(line[10:])
        elif line.startswith("KX1: out iomem: "):
            iomem.append(line[16:])
        elif line.startswith("KX1: out syms: "):
            f = line[15:].split()
            if len(f) == 3:
                syms[f[2]] = int(f[0], 16)
        elif line.startswith("KX1: out memtoken: "):
            k1tok = line[19:].strip()
        elif line.startswith("KX2: memtoken="):
            k2tok = line[14:].strip()
        elif line.startswith("KX2: cmdline="):
            cmdline = line[13:].split()
    fails = []
    if len(core) < 64 or core[:4] != b"\x7fELF":
        print("FAIL: /proc/vmcore does not start with an ELF header (%d bytes read)" % len(core))
        return
    cls = core[4]
    if cls == 2:
        etype, machine = struct.unpack_from("<HH", core, 16)
        phoff, = struct.unpack_from("<Q", core, 32)
        phentsize, phnum = struct.unpack_from("<HH", core, 54)
        fmt, fields = "<IIQQQQQQ", ("type", "flags", "off", "va", "pa", "filesz", "memsz", "align")
    else:
        etype, machine = struct.unpack_from("<HH", core, 16)
        phoff, = struct.unpack_from("<I", core, 28)
        phentsize, phnum = struct.unpack_from("<HH", core, 42)
        fmt, fields = "<IIIIIIII", ("type", "off", "va", "pa", "filesz", "memsz", "flags", "align")
    if etype != 4:
        fails.append("/proc/vmcore: e_type %d, not ET_CORE" % etype)
    ph = []
    for i in range(phnum):
        o = phoff + i * phentsize
        if o + phentsize > len(core):
            fails.append("/proc/vmcore: program header %d is past the 16 KiB read" % i)
            break
        ph.append(dict(zip(fields, struct.unpack_from(fmt, core, o))))
    notes = [p for p in ph if p["type"] == 4]
    loads = [p for p in ph if p["type"] == 1]
    # The crash kernel merges the notes into one PT_NOTE; find VMCOREINFO.
    info = None
    for n in notes:
        d = core[n["off"]:n["off"] + n["filesz"]]
        o = 0
        while o + 12 <= len(d):
            namesz, descsz, _ = struct.unpack_from("<III", d, o)
            name = d[o + 12:o + 12 + namesz].rstrip(b"\0")
            desc = o + 12 + ((namesz + 3) & ~3)
            if name == b"VMCOREINFO":
                info = d[desc:desc + descsz].decode(errors="replace")
            o = desc + ((descsz + 3) & ~3)
    if info is None:
        fails.append("/proc/vmcore: no VMCOREINFO note")
    # Kernel 1's System RAM (outermost), minus its reservations and the
    # keep-out.
    ram, crash, code, data_end = [], [], None, None
    for l in iomem:
        rng, _, name = l.partition(" : ")
        s, e = (int(x, 16) for x in rng.strip().split("-"))
        if name == "System RAM" and not l.startswith(" "):
            ram.append([s, e + 1])
        elif name == "Crash kernel":
            crash.append((s, e + 1))
        elif name == "Kernel code":
            code = s
        elif name == "Kernel data":
            data_end = e + 1
    if not ram or not crash:
        fails.append("kernel 1 printed no System RAM or no Crash kernel range (/proc/iomem)")
    cuts = crash + ([(0, keep_out)] if keep_out else [])
    for cs, ce in cuts:
        out = []
        for s, e in ram:
            if ce <= s or cs >= e:
                out.append([s, e])
                continue
            if s < cs:
                out.append([s, cs])
            if ce < e:
                out.append([ce, e])
        ram = out
    text = None
    if want_text:
        t0, t1 = syms.get("_stext"), syms.get("_end")
        if not t0:
            fails.append("kernel 1 printed no _stext from /proc/kallsyms")
        else:
            # The PT_LOAD that maps _stext (from _text: x86 has _text at
            # _stext, arm64 its 64 KiB image header before it) at the
            # physical address where "Kernel code" starts (at _stext on
            # both), up to _end (arm64 lists no _end: its "Kernel data"
            # ends there).
            tl = [p for p in loads if p["va"] <= t0 < p["va"] + p["memsz"]]
            if len(tl) != 1:
                fails.append("no PT_LOAD maps _stext 0x%x (kernel 1's /proc/kallsyms)" % t0)
            else:
                text = tl[0]
                if code is None or text["pa"] + t0 - text["va"] != code:
                    fails.append("the text PT_LOAD puts _stext at physical 0x%x, kernel 1's "
                                 "\"Kernel code\" starts at %s"
                                 % (text["pa"] + t0 - text["va"],
                                    "?" if code is None else "0x%x" % code))
                if t1 and text["va"] + text["memsz"] != t1:
                    fails.append("the text PT_LOAD ends at 0x%x, kernel 1's _end is 0x%x"
                                 % (text["va"] + text["memsz"], t1))
                if not t1 and text["pa"] + text["memsz"] != data_end:
                    fails.append("the text PT_LOAD ends at physical 0x%x, kernel 1's \"Kernel "
                                 "data\" (up to _end) at %s" % (text["pa"] + text["memsz"],
                                 "?" if data_end is None else "0x%x" % data_end))
    got = sorted([p["pa"], p["pa"] + p["memsz"]] for p in loads if p is not text)
    if got != sorted(ram):
        fails.append("RAM PT_LOADs %s, kernel 1's RAM outside the reservation %s"
                     % (" ".join("%x-%x" % tuple(r) for r in got),
                        " ".join("%x-%x" % tuple(r) for r in sorted(ram))))
    if k1tok is None and "kx.notoken" in cmdline:
        print("token: not looked for (kx.notoken)")
    elif not k1tok or k2tok != "KXMEM" + k1tok:
        fails.append("the token kernel 1 left in its memory (%s) is not in /proc/vmcore (found %s)"
                     % (k1tok, k2tok or "nothing"))
    for f in fails:
        print("FAIL: " + f)
    rel = [l[10:] for l in (info or "").splitlines() if l.startswith("OSRELEASE=")]
    print("vmcore: ELF%d, %d notes, %d PT_LOAD (%d MiB of RAM)%s, VMCOREINFO %s"
          % (32 if cls == 1 else 64, len(notes), len(loads),
             sum(p["memsz"] for p in loads if p is not text) >> 20,
             ", kernel text at 0x%x (physical 0x%x)" % (text["va"], text["pa"]) if text else "",
             "of " + rel[0] if rel else "missing"))


main()
