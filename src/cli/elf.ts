/**
 * What the ELF headers of a target say before anything loads it: a shared object for another
 * machine makes dlopen fail with a misleading "cannot open shared object file" (the file exists),
 * and a truncated one can crash the dynamic loader itself (SIGBUS or SIGSEGV while mapping the
 * missing part). Both become one-line target errors here, before a worker is spawned.
 */
import { EngineError } from "../findings/errors.ts";

/** e_machine values and their names (the ones people meet; others print as a number). */
const MACHINES: Record<number, string> = {
  3: "x86 (32-bit)", 8: "MIPS", 20: "PowerPC", 21: "PowerPC64", 22: "s390", 40: "ARM (32-bit)", 62: "x86-64",
  183: "AArch64 (arm64)", 243: "RISC-V", 258: "LoongArch",
};
/** This process's e_machine, by Node's process.arch. */
const HOST_MACHINE: Record<string, number> = { x64: 62, arm64: 183, ia32: 3, arm: 40, riscv64: 243, ppc64: 21, s390x: 22, loong64: 258 };

const ET_EXEC = 2, ET_DYN = 3;

function machineName(m: number): string {
  return MACHINES[m] ?? `machine ${m}`;
}

/**
 * Checks an ELF shared object's headers (little-endian 64-bit or 32-bit): the machine is this
 * one's, the type is a shared object, and every segment and the section table lie inside the file.
 * `bytes` is the whole file. Throws a target error that names the file, what is wrong, and the fix.
 */
export function checkElf(path: string, bytes: Buffer): void {
  const size = bytes.length;
  const truncated = (need: number) =>
    new EngineError("target", `${path} is truncated: its headers describe ${need} bytes, the file has ${size} (an interrupted copy or build?): rebuild it or copy it again`);
  if (size < 52) throw truncated(52);
  const is64 = bytes[4] === 2;
  const le = bytes[5] === 1;
  if (!le) throw new EngineError("target", `${path} is a big-endian ELF object: build it for this machine (${machineName(HOST_MACHINE[process.arch] ?? 0)})`);
  const headerSize = is64 ? 64 : 52;
  if (size < headerSize) throw truncated(headerSize);
  const type = bytes.readUInt16LE(16);
  const machine = bytes.readUInt16LE(18);
  const host = HOST_MACHINE[process.arch];
  if (host !== undefined && machine !== host) {
    throw new EngineError("target", `${path} is built for ${machineName(machine)}, and this machine is ${machineName(host)}: build it here (bunfuzz build) or cross-compile for ${machineName(host)}`);
  }
  if (type === ET_EXEC) throw new EngineError("target", `${path} is an executable, not a shared object: build it with -shared (bunfuzz build does)`);
  if (type !== ET_DYN) throw new EngineError("target", `${path} is not a shared object (ELF type ${type}): build one with \`bunfuzz build harness.c lib.c -o target.so\``);
  const num = (off: number) => (is64 ? Number(bytes.readBigUInt64LE(off)) : bytes.readUInt32LE(off));
  const phoff = num(is64 ? 32 : 28), shoff = num(is64 ? 40 : 32);
  const phentsize = bytes.readUInt16LE(is64 ? 54 : 42), phnum = bytes.readUInt16LE(is64 ? 56 : 44);
  const shentsize = bytes.readUInt16LE(is64 ? 58 : 46), shnum = bytes.readUInt16LE(is64 ? 60 : 48);
  let need = Math.max(headerSize, phoff + phentsize * phnum);
  if (shoff > 0) need = Math.max(need, shoff + shentsize * shnum);
  if (size < need) throw truncated(need);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    const offset = num(ph + (is64 ? 8 : 4));
    const filesz = num(ph + (is64 ? 32 : 16));
    need = Math.max(need, offset + filesz);
  }
  if (size < need) throw truncated(need);
}
