import { describe, expect, it } from "vitest";
import { serverPathFor } from "../../../lib/tools/kernel/server-factory";
import { isServicesRoutineLog } from "../../../lib/tools/kernel/server-log";

describe("serverPathFor: local notebook folder -> path relative to the Jupyter server's root dir", () => {
  it("maps folders below the root, the root itself, and nothing outside it", () => {
    expect(serverPathFor("/srv/course", "/srv/course/notebooks")).toBe("notebooks");
    expect(serverPathFor("/srv/course", "/srv/course/notebooks/week 2")).toBe("notebooks/week 2");
    expect(serverPathFor("/srv/course", "/srv/course")).toBe("");
    expect(serverPathFor("/srv/course", "/srv/other")).toBeUndefined();
    expect(serverPathFor("/srv/course", "/srv/course-2/notebooks")).toBeUndefined();
    expect(serverPathFor(undefined, "/srv/course/notebooks")).toBeUndefined();
  });
});

describe("isServicesRoutineLog: only @jupyterlab/services' routine connection messages are muted", () => {
  it("matches the four messages of services 7.6 and nothing else", () => {
    expect(isServicesRoutineLog("Starting WebSocket: ws://127.0.0.1:8888/api/kernels/9e9f0281-5dd2-41ac-abb3-56900fdf1856")).toBe(
      true,
    );
    expect(isServicesRoutineLog("Kernel: autorestarting (83220bcd-a289-4d3b-b8c9-49050f99b8a3)")).toBe(true);
    expect(isServicesRoutineLog("Connection lost, reconnecting in 0 seconds.")).toBe(true);
    expect(isServicesRoutineLog('The kernel "4675d3b0-eb19-4dd1-8c6f-e5f558021f2e" does not exist on the server')).toBe(true);
    expect(isServicesRoutineLog("Kernel died unexpectedly")).toBe(false);
    expect(isServicesRoutineLog("Starting WebSocket")).toBe(false);
    expect(isServicesRoutineLog("progress: 3/9 notebooks")).toBe(false);
  });
});
