// The Playground's learning rate is `lr` in both modes (the glossary's one name for η), and settings saved before the
// rename, with perceptron mode's η as `eta`, restore to the same panel: in cells, in the panel's settings text, with a
// preset. Saved settings (changedSettings) restore to the same settings in either mode.
import { describe, expect, it } from "vitest";
import { settingsToCode } from "../../lib/playground/code";
import { PerceptronReplay } from "../../lib/playground/perceptron";
import { changedSettings, DEFAULT_SETTINGS, normalizeSettings } from "../../lib/playground/settings";

describe("the Playground's learning rate: lr in both modes, eta read as its old name", () => {
  it("perceptron mode's η is lr, default 0.5 (the slides' η); network mode's default stays 0.1", () => {
    expect(normalizeSettings({ mode: "perceptron" }).lr).toBe(0.5);
    expect(normalizeSettings({ preset: "perceptron-slides" }).lr).toBe(0.5);
    expect(normalizeSettings({}).lr).toBe(0.1);
    expect(normalizeSettings({ mode: "perceptron", lr: 1 }).lr).toBe(1);
    expect(Object.keys(DEFAULT_SETTINGS)).not.toContain("eta");
  });

  it("old settings with eta restore: in perceptron mode eta is the lr used (over the old, unused network lr)", () => {
    for (const eta of [0.25, 1, 3]) {
      expect(normalizeSettings({ mode: "perceptron", eta }).lr).toBe(eta);
      expect(normalizeSettings({ mode: "perceptron", data: "perceptron", eta, lr: 0.05 }).lr).toBe(eta);
      expect(normalizeSettings({ preset: "perceptron-slides", eta }).lr).toBe(eta);
      // the settings text of the panel is JSON: the same through a parse
      expect(normalizeSettings(JSON.parse(JSON.stringify({ mode: "perceptron", eta }))).lr).toBe(eta);
    }
  });

  it("old settings with eta in network mode: eta was unused there and is dropped, lr is the optimizer's", () => {
    expect(normalizeSettings({ eta: 0.25 }).lr).toBe(0.1);
    expect(normalizeSettings({ eta: 0.25, lr: 0.03 }).lr).toBe(0.03);
    expect(normalizeSettings({ preset: "xor-slides", eta: 2 }).lr).toBe(0.05);
  });

  it("the perceptron trace of old settings with eta equals the one with lr, and copy as code says lr", () => {
    const old = new PerceptronReplay(normalizeSettings({ preset: "perceptron-slides", eta: 0.25 }));
    const now = new PerceptronReplay(normalizeSettings({ preset: "perceptron-slides", lr: 0.25 }));
    const slides = new PerceptronReplay(normalizeSettings({ preset: "perceptron-slides" }));
    const weights = (r: PerceptronReplay) => r.trace.map((step) => Array.from(step.wAfter.data));
    expect(weights(old)).toEqual(weights(now));
    expect(weights(old)).not.toEqual(weights(slides)); // η matters from w0 = (0, -1, 1)
    const code = settingsToCode(normalizeSettings({ mode: "perceptron", eta: 0.25 }), 0);
    expect(code).toContain("lr: 0.25");
    expect(code).not.toMatch(/\beta\b/);
  });

  it("a bad eta or lr is refused naming the field; the perceptron needs lr > 0, a network allows 0", () => {
    expect(() => normalizeSettings({ mode: "perceptron", eta: -1 })).toThrow(/eta \(the old name of lr\) must be a number/);
    expect(() => normalizeSettings({ mode: "perceptron", eta: "big" as unknown as number })).toThrow(/eta/);
    expect(() => normalizeSettings({ mode: "perceptron", lr: 0 })).toThrow(/lr must be a number in \[0\.000001, 100\], got 0/);
    expect(normalizeSettings({ lr: 0 }).lr).toBe(0);
    expect(() => normalizeSettings({ lr: 101 })).toThrow(/lr must be a number in \[0, 100\], got 101/);
  });

  it("saved settings (only what differs from the mode's defaults) restore the same settings, never writing eta", () => {
    const cases = [
      { mode: "perceptron" as const },
      { mode: "perceptron" as const, lr: 0.1 },
      { mode: "perceptron" as const, lr: 0.5 },
      { mode: "perceptron" as const, eta: 2 },
      { lr: 0.5 },
      { lr: 0.1, hidden: [3, 3] },
      { preset: "iris-slides" },
    ];
    for (const c of cases) {
      const s = normalizeSettings(c);
      const saved = JSON.parse(JSON.stringify(changedSettings(s)));
      expect(saved).not.toHaveProperty("eta");
      expect(normalizeSettings(saved)).toEqual(s);
    }
    expect(changedSettings(normalizeSettings({ mode: "perceptron", lr: 0.1 }))).toEqual({ mode: "perceptron", lr: 0.1 });
    expect(changedSettings(normalizeSettings({ mode: "perceptron" }))).toEqual({ mode: "perceptron" });
  });
});
