/**
 * The messages between a kernel (live-client.ts) and its figure renderer process (live-server.ts): one JSON object
 * per line, on the renderer's stdin (requests) and stdout (replies).
 */
export interface RenderRequest {
  id: number;
  /** The figure as stored (application/vnd.plotly.v1+json). */
  figure: unknown;
}

export type RenderReply = { id: number; svg: string } | { id: number; error: string };
