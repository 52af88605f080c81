/**
 * Text that came from a file (node ids, labels, paths, messages quoting them) is printed to a
 * terminal by the CLI. A control character there is a command to the terminal, not text: ESC
 * starts escape sequences (retitle the window, move the cursor), CR and LF can overwrite or
 * forge a line, BEL rings. So ids refuse them, and everything else is escaped before printing.
 */

/**
 * C0 controls, DEL, C1 controls (a terminal may take U+009B as CSI), the line and paragraph
 * separators, and the bidirectional overrides and isolates that make text display in another
 * order than it reads.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function codePoint(c: string): string {
  return c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** The first control character in `text`, as `U+001B`, or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const found = text.match(new RegExp(CONTROL.source));
  return found ? `U+${codePoint(found[0])}` : undefined;
}

/** `text` with every control character written as `\u001B`, so printing it prints exactly what it says. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${codePoint(c)}`);
}

/** What JSON.stringify leaves raw inside strings although a terminal may act on it. */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify, which escapes C0 controls already) with the other control
 * characters escaped as `\uXXXX`: the same value when parsed, harmless when printed.
 */
export function printableJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${codePoint(c)}`);
}
