import { escapeHtml } from "./escape";

/** The 16 ANSI colours as in JupyterLab's light theme (normal 0-7, bright 8-15). */
const PALETTE = [
  "#3e424d",
  "#e75c58",
  "#00a250",
  "#ddb62b",
  "#208ffb",
  "#d160c4",
  "#60c6c8",
  "#c5c1b4",
  "#282c36",
  "#b22b31",
  "#007427",
  "#b27d12",
  "#0065ca",
  "#a03196",
  "#258f8f",
  "#a1a6b2",
];

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
/** CSI sequences (group 1: parameters, group 2: final letter), OSC sequences, and two-character escapes. */
const ANSI_SEQUENCE = `${ESC}\\[([0-9;]*)([A-Za-z])|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)|${ESC}[@-_]`;

interface Style {
  fg?: string;
  bg?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** Colour n of the xterm 256-colour table. */
function xterm256(n: number): string {
  if (n < 16) return PALETTE[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const k = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(k / 36))},${level(Math.floor(k / 6) % 6)},${level(k % 6)})`;
}

/** Applies one SGR sequence's parameters to a style. */
function applySgr(style: Style, params: number[]): Style {
  const s = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) {
      for (const k of Object.keys(s)) delete s[k as keyof Style];
    } else if (p === 1) s.bold = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 22) s.bold = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p >= 30 && p <= 37) s.fg = PALETTE[p - 30];
    else if (p >= 90 && p <= 97) s.fg = PALETTE[p - 90 + 8];
    else if (p >= 40 && p <= 47) s.bg = PALETTE[p - 40];
    else if (p >= 100 && p <= 107) s.bg = PALETTE[p - 100 + 8];
    else if (p === 39) s.fg = undefined;
    else if (p === 49) s.bg = undefined;
    else if ((p === 38 || p === 48) && params[i + 1] === 5) {
      s[p === 38 ? "fg" : "bg"] = xterm256(params[i + 2] ?? 0);
      i += 2;
    } else if ((p === 38 || p === 48) && params[i + 1] === 2) {
      s[p === 38 ? "fg" : "bg"] = `rgb(${params[i + 2] ?? 0},${params[i + 3] ?? 0},${params[i + 4] ?? 0})`;
      i += 4;
    }
  }
  return s;
}

function css(style: Style): string {
  const parts: string[] = [];
  if (style.fg) parts.push(`color:${style.fg}`);
  if (style.bg) parts.push(`background-color:${style.bg}`);
  if (style.bold) parts.push("font-weight:bold");
  if (style.italic) parts.push("font-style:italic");
  if (style.underline) parts.push("text-decoration:underline");
  return parts.join(";");
}

/**
 * Terminal text → HTML: SGR colour codes (16, 256 and true colours, bold, italic, underline) become styled spans,
 * everything is escaped, other escape sequences (cursor moves, OSC links) are dropped. A carriage return without
 * a newline overwrites the line, as in a terminal (progress bars).
 */
export function ansiToHtml(text: string): string {
  const lines = text.split("\n").map((line) => {
    const parts = line.split("\r");
    return parts.length > 1 ? (parts.filter((p) => p !== "").pop() ?? "") : line;
  });
  text = lines.join("\n");
  let out = "";
  let style: Style = {};
  let open = false;
  const re = new RegExp(ANSI_SEQUENCE, "g");
  let last = 0;
  const flush = (chunk: string) => {
    if (chunk) out += escapeHtml(chunk);
  };
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    flush(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] !== "m") continue;
    const params = m[1] === "" ? [0] : m[1].split(";").map((x) => Number(x || 0));
    style = applySgr(style, params);
    if (open) out += "</span>";
    const c = css(style);
    open = c !== "";
    if (open) out += `<span style="${c}">`;
  }
  flush(text.slice(last));
  if (open) out += "</span>";
  return out;
}

/** Removes every ANSI escape sequence (for plain-text uses). */
export function stripAnsi(text: string): string {
  return text.replace(new RegExp(ANSI_SEQUENCE, "g"), "");
}
