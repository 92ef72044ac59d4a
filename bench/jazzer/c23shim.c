/*
 * c23shim.c - the two glibc 2.38 C23 entry points that Jazzer.js's prebuilt
 * addon (@jazzer.js/fuzzer 4.0.0, prebuilds/fuzzer-linux-x64.node) imports,
 * for systems with an older glibc (Debian 12 has 2.36).
 *
 * glibc 2.38 redirects strtol/strtoul to __isoc23_strtol/__isoc23_strtoul
 * when compiling for C2x/C++ with _GNU_SOURCE. The only difference from the
 * classic functions is that, with base 0 or 2, a "0b"/"0B" prefix followed
 * by a binary digit is accepted (C23 binary literals). That is reproduced
 * here; everything else is forwarded to the system's strtol/strtoul.
 *
 * Built by setup.sh into a shared library that is added to a patched copy
 * of the addon as DT_NEEDED (see patch-addon.py). Not built as part of
 * bunfuzz itself.
 */
#include <ctype.h>
#include <stdlib.h>

/* If nptr (after spaces and an optional sign) starts with 0b/0B followed by
 * a binary digit and base allows binary, return a pointer to the first binary
 * digit, else NULL. */
static const char *c23_binary_digits(const char *nptr, int base) {
  if (base != 0 && base != 2) return NULL;
  const char *s = nptr;
  while (isspace((unsigned char)*s)) s++;
  if (*s == '+' || *s == '-') s++;
  if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && (s[2] == '0' || s[2] == '1'))
    return s + 2;
  return NULL;
}

/* With a binary prefix, the digits are parsed with the classic function in
 * base 2 and the sign applied afterwards. Overflow handling is that of the
 * classic function on the magnitude, which matches glibc except for exactly
 * LONG_MIN; enough for what the addon parses (libFuzzer's numeric flags). */
static int c23_negative(const char *nptr) {
  const char *s = nptr;
  while (isspace((unsigned char)*s)) s++;
  return *s == '-';
}

__attribute__((visibility("default")))
long __isoc23_strtol(const char *nptr, char **endptr, int base) {
  const char *digits = c23_binary_digits(nptr, base);
  if (!digits) return strtol(nptr, endptr, base);
  long v = strtol(digits, endptr, 2);
  return c23_negative(nptr) ? -v : v;
}

__attribute__((visibility("default")))
unsigned long __isoc23_strtoul(const char *nptr, char **endptr, int base) {
  const char *digits = c23_binary_digits(nptr, base);
  if (!digits) return strtoul(nptr, endptr, base);
  unsigned long v = strtoul(digits, endptr, 2);
  return c23_negative(nptr) ? -v : v;
}
