/**
 * Starts reveal.js on a deck (a browser script, no imports; built by tsc and inlined by deck.ts) with the deck's
 * configuration from the JSON in `#dl4nlp-deck-config` and the notes plugin (speaker view: press S). `?print-pdf` in
 * the address opens reveal's print view (one page per slide), `&pdf-fragments` one page per fragment step.
 */
(() => {
  const w = window as unknown as {
    Reveal: { initialize(config: Record<string, unknown>): unknown };
    RevealNotes: unknown;
    dl4nlpPlotsDrawn?: Promise<number>;
  };
  // a deck without figures has no drawing script: nothing to wait for
  if (!w.dl4nlpPlotsDrawn) w.dl4nlpPlotsDrawn = Promise.resolve(0);
  const config = JSON.parse(document.getElementById("dl4nlp-deck-config")?.textContent ?? "{}") as Record<string, unknown>;
  const query = window.location.search;
  config.pdfSeparateFragments = /pdf-fragments/.test(query);
  config.plugins = [w.RevealNotes];
  if (/print-pdf/.test(query)) config.view = "print";
  w.Reveal.initialize(config);
})();
