// Shared by the Playground's browser tests: the panel's state as its root element exposes it, and waiting for it.
import type { Locator, Page } from "playwright-core";
import type { PlaygroundSettings } from "../../lib/playground/settings";

/** The state attributes of a panel's root element. */
export interface PanelState {
  epoch: number;
  steps: number;
  trainLoss: number;
  testLoss: number | null;
  playing: boolean;
  settings: Record<string, unknown>;
}

export async function panelState(root: Locator): Promise<PanelState> {
  return root.evaluate((e: HTMLElement) => ({
    epoch: Number(e.dataset.epoch),
    steps: Number(e.dataset.steps),
    trainLoss: Number(e.dataset.trainLoss),
    testLoss: e.dataset.testLoss ? Number(e.dataset.testLoss) : null,
    playing: e.dataset.playing === "true",
    settings: JSON.parse(e.dataset.settings ?? "{}"),
  }));
}

/** The boundary canvas's pixels as a data URL (to see that the picture changed). */
export function boundaryImage(root: Locator): Promise<string> {
  return root.locator("canvas.pg-boundary").evaluate((c: HTMLCanvasElement) => c.toDataURL());
}

/** Waits until the panel's epoch counter reaches `epoch` (polling its attribute). */
export async function waitForEpoch(page: Page, root: Locator, epoch: number, timeout = 60_000): Promise<void> {
  const handle = await root.elementHandle();
  await page.waitForFunction(([e, n]) => Number((e as HTMLElement).dataset.epoch) >= (n as number), [handle, epoch] as const, {
    timeout,
    polling: 100,
  });
}

/**
 * Presses play, waits for `epochs` epochs, presses pause; checks nothing itself. Returns the state and boundary image
 * before and after.
 */
export async function playFor(page: Page, root: Locator, epochs: number) {
  const before = { state: await panelState(root), image: await boundaryImage(root) };
  await root.locator(".pg-play").click();
  await waitForEpoch(page, root, before.state.epoch + epochs);
  await root.locator(".pg-play").click();
  const after = { state: await panelState(root), image: await boundaryImage(root) };
  return { before, after };
}

/** Settings of the panels these tests train: circles, a 2-8-1 tanh network. */
export const CIRCLES_2_8_1: Partial<PlaygroundSettings> = {
  data: "circles",
  points: 200,
  hidden: [8],
  activation: "tanh",
  optimizer: "sgd",
  lr: 0.3,
  batchSize: 10,
  seed: 4,
  stepsPerFrame: 20,
};
