import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";

/** Opens a local file in a fresh page (1280×720 unless told), offline: every request that is not file:// is aborted and recorded. */
export async function openOffline(
  browser: Browser,
  file: string,
  query = "",
  viewport = { width: 1280, height: 720 },
): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  // on the context, so popups (the speaker view) are offline too
  await page.context().route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.push(url);
    return route.abort("internetdisconnected");
  });
  await page.goto(`${pathToFileURL(file).href}${query}`);
  return { page, errors, blocked };
}

/** Waits for reveal.js to be ready, the deck's figures to be drawn and tall slides fitted; returns how many were drawn. */
export async function deckReady(page: Page): Promise<number> {
  await page.waitForFunction(
    () => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true,
    undefined,
    {
      timeout: 180_000,
    },
  );
  const drawn = await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn);
  await page.evaluate(() => (window as unknown as { dl4nlpSlidesFitted?: Promise<number> }).dl4nlpSlidesFitted);
  return drawn;
}

/** Visible text of the page outside typeset formulas (KaTeX keeps the TeX in a MathML annotation). */
export function textOutsideMath(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)!.cloneNode(true) as HTMLElement;
    for (const k of Array.from(root.querySelectorAll(".katex, script"))) k.remove();
    return root.textContent ?? "";
  }, selector);
}

/**
 * Per vertical slide of a deck (screen view): how far its content overflows the slide (px) and the zoom fit.ts gave
 * it. Slides reveal.js keeps hidden are shown for the measurement and hidden again.
 */
export function slideFits(page: Page): Promise<{ i: number; excess: number; zoom: number }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).map((s, i) => {
      const stack = s.parentElement as HTMLElement;
      const [sd, pd] = [s.style.display, stack.style.display];
      s.style.display = "block";
      stack.style.display = "block";
      const r = { i, excess: s.scrollHeight - s.clientHeight, zoom: Number(s.dataset.fitZoom ?? 1) };
      s.style.display = sd;
      stack.style.display = pd;
      return r;
    }),
  );
}
