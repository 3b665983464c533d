import type { IStream } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { capStreams } from "../../../lib/tools/execute/output-cap";

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}\n`).join("");
const stream = (text: string): IStream => ({ output_type: "stream", name: "stdout", text });

describe("the output cap keeps the head and tail of a stream and marks what it cut", () => {
  it("a 20,000-line stream capped at 10,000 characters: first and last lines kept whole, a marker with the counts", () => {
    const [out] = capStreams([stream(lines(20_000))], 10_000) as IStream[];
    const text = out.text as string;
    expect(text.startsWith("line 0\nline 1\n")).toBe(true);
    expect(text.endsWith("line 19999\n")).toBe(true);
    const m =
      /\[\.\.\. (\d+) lines \((\d+) characters\) left out by the output cap of 10000 characters per stream \.\.\.\]\n/.exec(text);
    expect(m).not.toBeNull();
    const kept = text.replace(m?.[0] ?? "", "").split("\n").length - 1;
    expect(kept + Number(m?.[1])).toBe(20_000);
    expect(text.length).toBeLessThan(10_200);
  });

  it("streams under the cap, other outputs and no cap at all leave the outputs as they are", () => {
    const small = [stream("a\n"), { output_type: "display_data", data: { "text/plain": lines(5000) }, metadata: {} }];
    expect(capStreams(small as never, 100)).toEqual(small);
    const big = [stream(lines(5000))];
    expect(capStreams(big, undefined)).toBe(big);
    expect(capStreams(big, 0)).toBe(big);
  });
});
