/**
 * Text from a notebook or a submission (a file name, an error message, a warning) made safe to print on a terminal:
 * control characters (escape sequences that recolour, move the cursor or write the clipboard; a carriage return that
 * overwrites the line) and the Unicode marks that reorder text (bidi overrides) are shown escaped (`\x1b`, `\u{202e}`),
 * so what is printed is what the file holds. Line breaks are kept, or, with `lineBreaks: "escape"` (a file name in a
 * table row or a one-line report), shown as `\x0a` too.
 */
export function terminalSafe(text: string, lineBreaks: "keep" | "escape" = "keep"): string {
  const unsafe =
    lineBreaks === "keep"
      ? // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is matched
        /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
      : // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is matched
        /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  return text.replace(unsafe, (c) =>
    c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}
