import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { embedLocalImage } from "../../../lib/tools/html/local-images";

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p as number[]))));
const pad = Buffer.alloc(32);

/** The start of a file of each type, as its specification fixes it (magic bytes), padded. */
const HEADERS: Record<string, Buffer> = {
  "a.png": bytes([0x89], "PNG\r\n\x1a\n", pad),
  "a.jpg": bytes([0xff, 0xd8, 0xff, 0xe0], pad),
  "a.jpeg": bytes([0xff, 0xd8, 0xff, 0xdb], pad),
  "a.gif": bytes("GIF89a", pad),
  "b.gif": bytes("GIF87a", pad),
  "a.webp": bytes("RIFF", [0x20, 0, 0, 0], "WEBPVP8 ", pad),
  "a.bmp": bytes("BM", pad),
  "a.avif": bytes([0, 0, 0, 0x20], "ftypavif", [0, 0, 0, 0], "mif1miaf", pad),
  "a.ico": bytes([0, 0, 1, 0, 1, 0], pad),
  "a.svg": bytes('<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'),
};

/** Files whose extension names an image type their content is not. */
const IMPOSTORS: Record<string, Buffer> = {
  "png-as.jpg": HEADERS["a.png"],
  "jpeg-as.gif": HEADERS["a.jpg"],
  "text.webp": bytes("RIFF but no image here at all, just words"),
  "mp4.avif": bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 0, 0], "isommp41", pad),
  "empty.png": Buffer.alloc(0),
  "text.svg": bytes("password=hunter2\n"),
  "text-then.svg": bytes("secret line\n<svg xmlns='http://www.w3.org/2000/svg'/>"),
  "html.svg": bytes("<html><body><svg/></body></html>"),
  "xml.svg": bytes('<?xml version="1.0"?><config><key>secret</key></config>'),
  "two.svg": bytes("<svg/><svg/>"),
  "binary.svg": bytes([0xff, 0xfe, 0x00, 0x3c], pad),
};

describe("a local image is embedded only when its content is the image type its extension names", () => {
  const dir = mkdtempSync(join(tmpdir(), "dl4nlp-image-types-"));
  for (const [name, content] of Object.entries({ ...HEADERS, ...IMPOSTORS })) writeFileSync(join(dir, name), content);

  it.each(Object.keys(HEADERS))("%s with its format's magic bytes is embedded", (name) => {
    const image = embedLocalImage(name, dir);
    expect(image.problem).toBeUndefined();
    expect(image.dataUrl).toMatch(/^data:image\/[a-z+-]+;base64,/);
  });

  it.each(Object.keys(IMPOSTORS))("%s is refused, its content named as not the claimed type", (name) => {
    const image = embedLocalImage(name, dir);
    expect(image.dataUrl).toBeUndefined();
    expect(image.refused).toBe(true);
    expect(image.problem).toMatch(new RegExp(`^image "${name.replace(".", "\\.")}" is not an image/[a-z+-]+ file`));
  });
});
