/**
 * User text echoed in a message (a dictionary or `.options` line, a flag value, a path) must not
 * drive the terminal: an escape sequence could recolour, hide or rewrite the lines around it, a
 * carriage return could overwrite the line it is in, and a bidirectional override could reorder
 * what the reader sees. These are shown as escapes instead.
 */

/** C0 controls, DEL, C1 controls, and the Unicode bidirectional overrides and isolates. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u{${n.toString(16)}}`;
}

/**
 * Escapes control characters as \xNN (\u{NNNN} above 0xff). `bytes`: the text is bytes decoded as
 * latin1 (a dictionary), so every byte from 0x80 up is escaped too, as the dictionary syntax writes it.
 */
export function escapeControl(s: string, bytes = false): string {
  return s.replace(bytes ? /[\x00-\x1f\x7f-\xff]/g : CONTROL, escapeChar);
}

/** escapeControl for a message that may span lines on purpose (a compiler's output): newlines and tabs stay. */
export function escapeControlKeepLines(s: string): string {
  return s.replace(CONTROL_KEEP_NEWLINES, escapeChar);
}
