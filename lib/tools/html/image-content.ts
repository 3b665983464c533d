import { parseDocument } from "htmlparser2";

/** Image files a page may embed, by extension: their MIME type. Other local files are never read. */
export const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".bmp": "image/bmp",
  ".ico": "image/x-icon",
};

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString("latin1");

/** Whether `bytes` start as the format's specification says (magic bytes), by MIME type. */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/gif": (b) => ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a",
  "image/webp": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
  "image/bmp": (b) => ascii(b, 0, 2) === "BM" && b.length > 26,
  // ISO-BMFF: size, "ftyp", major brand, minor version, compatible brands; AVIF names avif or avis among them
  "image/avif": (b) =>
    b.length >= 16 && ascii(b, 4, 8) === "ftyp" && /avi[fs]/.test(ascii(b, 8, Math.min(b.length, b.readUInt32BE(0)))),
  "image/x-icon": (b) => b.length > 6 && b[0] === 0 && b[1] === 0 && (b[2] === 1 || b[2] === 2) && b[3] === 0,
  "image/svg+xml": isSvg,
};

/**
 * Whether `bytes` hold an SVG document: UTF-8 XML whose only top-level element is `<svg>` (only an XML declaration,
 * doctype, comments, processing instructions and white space beside it). Parsed by htmlparser2 in XML mode.
 */
function isSvg(bytes: Buffer): boolean {
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) return false;
  const doc = parseDocument(text, { xmlMode: true });
  let roots = 0;
  for (const node of doc.children) {
    if (node.type === "text") {
      if (node.data.trim() !== "") return false;
    } else if (node.type === "tag") {
      if (node.name !== "svg") return false;
      roots++;
    } else if (node.type !== "comment" && node.type !== "directive") return false;
  }
  return roots === 1;
}

/** Whether the file's content is the image type its extension claims (see SIGNATURES). */
export function contentIsImageType(bytes: Buffer, mime: string): boolean {
  const matches = SIGNATURES[mime];
  return matches !== undefined && matches(bytes);
}
