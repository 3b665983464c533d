/**
 * Starts reveal.js on a deck (a browser script, no imports; built by tsc and inlined by deck.ts) with the deck's
 * configuration from the JSON in `#dl4nlp-deck-config` and the notes plugin (speaker view: press S). `?print-pdf` in
 * the address opens reveal's print view (one page per slide), `&pdf-fragments` one page per fragment step. In a deck
 * whose too tall sections are broken over continuation slides (split-slides), reveal.js starts once that is done.
 */
(() => {
  const w = window as unknown as {
    Reveal: { initialize(config: Record<string, unknown>): unknown };
    RevealNotes: unknown;
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpSlidesSplit?: Promise<number>;
  };
  // a deck without figures has no drawing script: nothing to wait for
  if (!w.dl4nlpPlotsDrawn) w.dl4nlpPlotsDrawn = Promise.resolve(0);
  const config = JSON.parse(document.getElementById("dl4nlp-deck-config")?.textContent ?? "{}") as Record<string, unknown>;
  const query = window.location.search;
  config.pdfSeparateFragments = /pdf-fragments/.test(query);
  config.plugins = [w.RevealNotes];
  if (/print-pdf/.test(query)) config.view = "print";
  const start = () => {
    // each vertical slide's number as the deck shows it (c/t), for fit-slides' reports (print view copies slides)
    const slides = document.querySelectorAll<HTMLElement>(".reveal .slides>section>section");
    for (const [i, s] of Array.from(slides).entries()) s.setAttribute("data-slide-number", String(i + 1));
    w.Reveal.initialize(config);
  };
  if (w.dl4nlpSlidesSplit) {
    w.dl4nlpSlidesSplit.then(start, (e: unknown) => {
      console.error(`dl4nlp: slides not split: ${e}`);
      start();
    });
  } else start();
})();
