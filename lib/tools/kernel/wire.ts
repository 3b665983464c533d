import { createHmac, randomUUID } from "node:crypto";
import type { Message, MessageHeader } from "./messages";

/** The delimiter between ZeroMQ routing identities and the signed message parts. */
const DELIM = Buffer.from("<IDS|MSG>");

/** signature = HMAC-SHA256(key, header ‖ parent_header ‖ metadata ‖ content), hex; "" when the key is empty. */
export function sign(key: string, parts: Buffer[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** A new request message of the given type for the given session. */
export function newMessage<C>(msgType: string, session: string, content: C): Message<C> {
  const header: MessageHeader = {
    msg_id: randomUUID(),
    session,
    username: "dl4nlp",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: "5.3",
  };
  return { header, parent_header: {}, metadata: {}, content, buffers: [] };
}

/** [<IDS|MSG>, signature, header, parent_header, metadata, content, ...buffers] (a DEALER adds no identity). */
export function encode(key: string, msg: Message<unknown>): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [DELIM, Buffer.from(sign(key, parts)), ...parts, ...msg.buffers];
}

/** Parses a multipart message and checks its signature; throws naming what is wrong. */
export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.equals(DELIM));
  if (at < 0) throw new Error("jupyter message: no <IDS|MSG> delimiter");
  if (frames.length < at + 6) throw new Error(`jupyter message: ${frames.length - at - 1} parts after the delimiter, need 5`);
  const signature = frames[at + 1].toString();
  const parts = frames.slice(at + 2, at + 6);
  const expected = sign(key, parts);
  if (signature !== expected) throw new Error(`jupyter message: bad HMAC signature ${signature}`);
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString()));
  return { header, parent_header: parent, metadata, content, buffers: frames.slice(at + 6) };
}
