import type { IOutput, IStream } from "@jupyterlab/nbformat";
import { count } from "../../tensor/plural";

/**
 * Caps each stream output of a cell at `maxBytes` (UTF-16 code units, close to bytes for the ASCII logs cells print):
 * the first and last half are kept, cut at line ends, with a marker line between them that says how many lines and
 * characters were left out. Other outputs are kept whole. Without a cap (undefined or 0) the outputs are returned as
 * they are.
 */
export function capStreams(outputs: IOutput[], maxBytes: number | undefined): IOutput[] {
  if (!maxBytes || maxBytes <= 0) return outputs;
  return outputs.map((o) => {
    if (o.output_type !== "stream") return o;
    const text = streamText(o as IStream);
    if (text.length <= maxBytes) return o;
    return { ...o, text: cutMiddle(text, maxBytes) };
  });
}

/** The marker that replaces the middle of a capped stream. */
export function capMarker(lines: number, chars: number, maxBytes: number): string {
  return `[... ${count(lines, "line")} (${count(chars, "character")}) left out by the output cap of ${maxBytes} characters per stream ...]\n`;
}

function cutMiddle(text: string, maxBytes: number): string {
  const half = Math.floor(maxBytes / 2);
  let headEnd = text.lastIndexOf("\n", half);
  headEnd = headEnd < 0 ? half : headEnd + 1;
  let tailStart = text.indexOf("\n", text.length - half);
  tailStart = tailStart < 0 || tailStart + 1 >= text.length ? text.length - half : tailStart + 1;
  if (tailStart <= headEnd) return text;
  const cut = text.slice(headEnd, tailStart);
  const lines = cut.split("\n").length - (cut.endsWith("\n") ? 1 : 0);
  return text.slice(0, headEnd) + capMarker(lines, cut.length, maxBytes) + text.slice(tailStart);
}

function streamText(o: IStream): string {
  return Array.isArray(o.text) ? o.text.join("") : String(o.text);
}
