import { Parser } from "htmlparser2";

/** A text without any whitespace: how secrets and files are compared, so that wrapping and indentation do not matter. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * What a reader (or a script) of an HTML file can get at: its text with entities decoded, the contents of its scripts
 * (with JSON string escapes undone, since pages embed data as JSON) and its attribute values. Parsed by htmlparser2,
 * a well-kept tolerant HTML parser, so that highlighted code (one span per token) reads as the code it shows.
 *
 * Deliberately not parse5, the parser html/isolate.ts uses: isolation needs the WHATWG parser's exact rules, on one
 * cell's small fragment at a time; this check reads every whole page and deck, each with plotly.js (4.5 MB) inlined,
 * where parse5 took 3.7 s and htmlparser2 0.2 s on the same 5 MB page (measured here).
 */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let inScript = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        inScript = name === "script";
        for (const value of Object.values(attributes)) parts.push(`\n${value}\n`);
      },
      ontext(text) {
        parts.push(inScript ? unescapeJson(text) : text);
      },
      onclosetag() {
        inScript = false;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join("");
}

/** `\"`, `\n`, `\u003c` and the other JSON escapes undone (one level). */
function unescapeJson(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_m, e: string) => {
    if (e[0] === "u") return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e] ?? e;
  });
}

/** Every string of a notebook's JSON (sources, outputs, metadata), one after the other. */
export function notebookText(json: string): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) {
      // a multi-line string is stored as an array of lines: join them as written
      if (v.every((x) => typeof x === "string")) parts.push(v.join(""));
      else v.forEach(walk);
    } else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json));
  return parts.join("\n");
}
