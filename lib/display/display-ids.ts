/**
 * The ids of a displayed output, derived from where it is, never random, so two runs of a notebook store the same
 * bytes: the notebook (Jupyter's JPY_SESSION_NAME, the notebook's path, when the server sets it), the execute request
 * (counted from the kernel's start: the cell's position in a Run All) and the output's position in that request.
 *
 * - `elementId`, stored in the notebook (the figure's div in its text/html form): `dl4nlp-fig-<8 hex>`.
 * - `displayId`, the Jupyter display id of an updatable output (update_display_data). Front ends keep it only while the
 *   page is open (it is `transient`, never saved), but they update EVERY output with that id, so it also names the
 *   kernel process: after a restart, cell 1 of the new kernel must not update cell 1's figure of the old one.
 */
export interface OutputIds {
  elementId: string;
  displayId: string;
}

let lastRequest: unknown;
let request = 0;
let output = 0;

/**
 * The ids of the next output of the current execute request. `requestToken` is anything that changes exactly when a
 * new execute request starts (the kernel's per-request display writer); null outside a kernel (one long request).
 */
export function nextOutputIds(requestToken: unknown): OutputIds {
  if (requestToken !== lastRequest) {
    lastRequest = requestToken;
    request++;
    output = 0;
  }
  output++;
  const notebook = typeof process !== "undefined" ? (process.env.JPY_SESSION_NAME ?? "") : "";
  const hash = fnv1a(`${notebook}\u0000${request}\u0000${output}`);
  return { elementId: `dl4nlp-fig-${hash}`, displayId: `dl4nlp-${hash}-${kernelKey()}` };
}

let key: string | undefined;

/** This process: its pid and start time, base 36 (unique per kernel on one machine; kept out of saved files). */
function kernelKey(): string {
  if (key === undefined) {
    const pid = typeof process !== "undefined" ? process.pid : 0;
    key = `${pid.toString(36)}${Math.floor(performance.timeOrigin).toString(36)}`;
  }
  return key;
}

/** FNV-1a, 32 bits, as 8 hex digits (an id, not a security hash). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
