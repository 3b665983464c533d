import { describe, expect, it } from "vitest";
import { shownPath } from "../../../lib/tools/shown-path";

describe("paths in reports and messages", () => {
  it("relative to the working folder only when inside it, else absolute (no ../ climbing out)", () => {
    expect(shownPath("/home/t/course/class/bob.ipynb", "/home/t/course")).toBe("class/bob.ipynb");
    expect(shownPath("class/bob.ipynb", "/home/t/course")).toBe("class/bob.ipynb");
    expect(shownPath("/tmp/class/bob.ipynb", "/home/t/course")).toBe("/tmp/class/bob.ipynb");
    expect(shownPath("../other/bob.ipynb", "/home/t/course")).toBe("/home/t/other/bob.ipynb");
    expect(shownPath("/home/t/course-2/bob.ipynb", "/home/t/course")).toBe("/home/t/course-2/bob.ipynb");
    expect(shownPath("/home/t/course/..bob.ipynb", "/home/t/course")).toBe("..bob.ipynb");
  });
});
