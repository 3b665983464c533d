import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerKernel } from "../../../lib/tools/kernel/server-client";

// A real HTTP exchange with a tiny local server that refuses POST /api/kernels the way Jupyter servers and Enterprise
// Gateway do (status and JSON body as tornado's write_error sends them); the body to send is chosen by the token.
const REFUSALS: Record<string, { status: number; body: string; type?: string }> = {
  "eg-user": {
    status: 403,
    body: JSON.stringify({
      reason: "Forbidden",
      message:
        "User 'root' is not authorized to start kernel 'dl4nlp'. Ensure KERNEL_USERNAME is set to an appropriate value and retry the request.",
    }),
  },
  "eg-uid": {
    status: 403,
    body: JSON.stringify({ reason: "Forbidden", message: "Kernel's UID value of '0' has been denied via EG_PROHIBITED_UIDS" }),
  },
  "eg-control": { status: 403, body: JSON.stringify({ message: "denied\u001b[31m by policy\n(second line)" }) },
  "bare-forbidden": { status: 403, body: JSON.stringify({ message: "Forbidden", reason: null }) },
  "html-403": { status: 403, body: "<html><body>403 Forbidden</body></html>", type: "text/html" },
  xsrf: { status: 403, body: JSON.stringify({ message: "'_xsrf' argument missing from POST" }) },
  "401": { status: 401, body: JSON.stringify({ message: "Unauthorized" }) },
};

describe("a Jupyter server that refuses to start a kernel: the server's own reason, not always 'check --token'", () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const token = /token (\S+)/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const refusal = REFUSALS[token] ?? REFUSALS["bare-forbidden"];
      res.writeHead(refusal.status, { "Content-Type": refusal.type ?? "application/json" });
      res.end(refusal.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refusal = (token: string) => createServerKernel({ baseUrl, token, kernelName: "dl4nlp" }).then(() => "started");

  it("Enterprise Gateway refusing a user or a uid: its message, and no word of the token", async () => {
    for (const [token, reason] of [
      ["eg-user", "User 'root' is not authorized to start kernel 'dl4nlp'. Ensure KERNEL_USERNAME is set"],
      ["eg-uid", "Kernel's UID value of '0' has been denied via EG_PROHIBITED_UIDS"],
    ]) {
      const err = (await refusal(token).catch((e: Error) => e)) as Error;
      expect(err.message).toContain(`refused to start kernel "dl4nlp" (HTTP 403): ${reason}`);
      expect(err.message).not.toMatch(/token/);
    }
  });

  it("the server's reason is one line without control characters", async () => {
    const err = (await refusal("eg-control").catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/\(HTTP 403\): denied \[31m by policy \(second line\)$/);
    expect(err.message).not.toContain("\u001b");
  });

  it("a bare 403, an HTML 403, an XSRF refusal and a 401 are about the credentials: check --token", async () => {
    await expect(refusal("bare-forbidden")).rejects.toThrow(/refused the token \(HTTP 403\): check --token$/);
    await expect(refusal("html-403")).rejects.toThrow(/refused the token \(HTTP 403\): check --token$/);
    await expect(refusal("xsrf")).rejects.toThrow(
      /refused the token \(HTTP 403: '_xsrf' argument missing from POST\): check --token/,
    );
    await expect(refusal("401")).rejects.toThrow(/refused the token \(HTTP 401\): check --token$/);
  });
});
