import { describe, expect, it } from "vitest";
import { serverPathFor } from "../../../lib/tools/kernel/server-factory";

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
