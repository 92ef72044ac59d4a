#!/usr/bin/env python3
"""Make Jazzer.js's prebuilt Linux x64 addon load on glibc < 2.38.

@jazzer.js/fuzzer 4.0.0 ships prebuilds/fuzzer-linux-x64.node built against
glibc 2.38 / libstdc++ from GCC 13. It imports three symbols that Debian 12
(glibc 2.36, libstdc++ GLIBCXX_3.4.30) does not have:

  __isoc23_strtol@GLIBC_2.38, __isoc23_strtoul@GLIBC_2.38
      C23 variants that glibc 2.38 headers redirect strtol/strtoul to;
      provided here by c23shim.c (libjazzerc23shim.so).
  _ZSt21ios_base_library_initv@GLIBCXX_3.4.32  (std::ios_base_library_init)
      a link-time anchor only: no relocation refers to it, so it never needs
      to resolve (the script checks this).

Usage: patch-addon.py ORIGINAL OUTPUT SHIM_SONAME

Writes a patched copy of ORIGINAL to OUTPUT (ORIGINAL is never modified):
  1. patchelf --clear-symbol-version SYM   for the three symbols, so they bind
     unversioned (the C23 ones then resolve to the shim);
  2. patchelf --set-rpath '$ORIGIN', then patchelf --add-needed SHIM_SONAME,
     so the shim is loaded from the addon's own folder;
  3. sets VER_FLG_WEAK on the version needs GLIBC_2.38 (libc.so.6) and
     GLIBCXX_3.4.32 (libstdc++.so.6) in .gnu.version_r (patchelf 0.14 has no
     option for this), so ld.so does not reject the file because the system
     libraries lack those version definitions;
  4. verifies that no dynamic symbol still carries one of those versions and
     that no relocation refers to the libstdc++ anchor.
The code of the addon (the libFuzzer engine and Jazzer.js's native part) is
not changed: only dynamic-linking metadata is.
"""
import os
import shutil
import struct
import subprocess
import sys

SYMBOLS = ["__isoc23_strtol", "__isoc23_strtoul", "_ZSt21ios_base_library_initv"]
WEAK_NEEDS = {("libc.so.6", "GLIBC_2.38"), ("libstdc++.so.6", "GLIBCXX_3.4.32")}
ANCHOR = "_ZSt21ios_base_library_initv"

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_STRTAB, DT_SYMTAB = 0, 5, 6
DT_VERSYM, DT_VERNEED, DT_VERNEEDNUM = 0x6FFFFFF0, 0x6FFFFFFE, 0x6FFFFFFF
SHT_DYNSYM, SHT_RELA = 11, 4
VER_FLG_WEAK = 0x2


class Elf:
    def __init__(self, data: bytearray):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise SystemExit("not a little-endian ELF64 file")
        self.d = data
        (self.phoff,) = struct.unpack_from("<Q", data, 0x20)
        (self.shoff,) = struct.unpack_from("<Q", data, 0x28)
        self.phentsize, self.phnum, self.shentsize, self.shnum = struct.unpack_from("<HHHH", data, 0x36)
        self.loads = []
        self.dyn_off = None
        for i in range(self.phnum):
            p_type, _f, p_offset, p_vaddr, _pa, p_filesz, _m, _a = struct.unpack_from(
                "<IIQQQQQQ", data, self.phoff + i * self.phentsize)
            if p_type == PT_LOAD:
                self.loads.append((p_vaddr, p_offset, p_filesz))
            elif p_type == PT_DYNAMIC:
                self.dyn_off = p_offset
        if self.dyn_off is None:
            raise SystemExit("no PT_DYNAMIC")
        self.dyn = {}
        off = self.dyn_off
        while True:
            tag, val = struct.unpack_from("<qQ", data, off)
            if tag == DT_NULL:
                break
            self.dyn.setdefault(tag, val)
            off += 16

    def off(self, vaddr: int) -> int:
        for va, fo, sz in self.loads:
            if va <= vaddr < va + sz:
                return fo + (vaddr - va)
        raise SystemExit(f"address {vaddr:#x} not in a PT_LOAD segment")

    def cstr(self, off: int) -> str:
        end = self.d.index(b"\0", off)
        return self.d[off:end].decode()

    def dynstr(self, idx: int) -> str:
        return self.cstr(self.off(self.dyn[DT_STRTAB]) + idx)

    def verneeds(self):
        """Yield (file, name, aux_offset, flags, other) for every Vernaux."""
        off = self.off(self.dyn[DT_VERNEED])
        for _ in range(self.dyn[DT_VERNEEDNUM]):
            _ver, cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.d, off)
            aoff = off + vn_aux
            for _ in range(cnt):
                _h, flags, other, name, a_next = struct.unpack_from("<IHHII", self.d, aoff)
                yield self.dynstr(vn_file), self.dynstr(name), aoff, flags, other
                aoff += a_next
            off += vn_next

    def sections(self):
        for i in range(self.shnum):
            yield struct.unpack_from("<IIQQQQIIQQ", self.d, self.shoff + i * self.shentsize)

    def dynsyms(self):
        """Yield (index, name, versym) for every dynamic symbol."""
        dynsym = [s for s in self.sections() if s[1] == SHT_DYNSYM]
        if len(dynsym) != 1:
            raise SystemExit("expected exactly one .dynsym section")
        sym_off, count = dynsym[0][4], dynsym[0][5] // 24
        vs_off = self.off(self.dyn[DT_VERSYM])
        for i in range(count):
            (st_name,) = struct.unpack_from("<I", self.d, sym_off + i * 24)
            (vs,) = struct.unpack_from("<H", self.d, vs_off + i * 2)
            yield i, self.dynstr(st_name), vs & 0x7FFF

    def rela_symbols(self):
        """Symbol indices referred to by any RELA section."""
        out = set()
        for s in self.sections():
            if s[1] == SHT_RELA:
                off, size = s[4], s[5]
                for j in range(size // 24):
                    (info,) = struct.unpack_from("<Q", self.d, off + j * 24 + 8)
                    out.add(info >> 32)
        return out


def patchelf(*args: str) -> None:
    cmd = ["patchelf", *args]
    print("+ " + " ".join(f"'{a}'" if "$" in a else a for a in cmd), flush=True)
    subprocess.run(cmd, check=True)


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    src, dst, shim = sys.argv[1:]
    tmp = dst + ".tmp"
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o755)

    for sym in SYMBOLS:
        patchelf("--clear-symbol-version", sym, tmp)
    # Two separate calls: patchelf 0.14 given both options in one call wrote
    # the new needed name as the RUNPATH too.
    patchelf("--set-rpath", "$ORIGIN", tmp)
    patchelf("--add-needed", shim, tmp)

    with open(tmp, "rb") as f:
        elf = Elf(bytearray(f.read()))
    found = set()
    weak_indices = set()
    for lib, name, aoff, flags, other in elf.verneeds():
        if (lib, name) in WEAK_NEEDS:
            struct.pack_into("<H", elf.d, aoff + 4, flags | VER_FLG_WEAK)
            found.add((lib, name))
            weak_indices.add(other)
            print(f"  version need {name} ({lib}): flags {flags:#x} -> {flags | VER_FLG_WEAK:#x}")
    if found != WEAK_NEEDS:
        raise SystemExit(f"version needs not found: {sorted(WEAK_NEEDS - found)}")

    still = [(n, v) for _i, n, v in elf.dynsyms() if v in weak_indices]
    if still:
        raise SystemExit(f"symbols still bound to a weakened version: {still}")
    anchor_idx = [i for i, n, _v in elf.dynsyms() if n == ANCHOR]
    if set(anchor_idx) & elf.rela_symbols():
        raise SystemExit(f"{ANCHOR} is relocated against: it would need a definition")

    with open(tmp, "wb") as f:
        f.write(elf.d)
    os.replace(tmp, dst)
    print(f"patched addon written to {dst}")


if __name__ == "__main__":
    main()
