// A cell cannot take the ids the exporters write for their own scripts (DOM clobbering: getElementById returns the
// first element of an id, so a cell's options would be read instead of the page's). Every id of the registry
// (page-names.ts PAGE_ID), on a page and in a deck; the labels script's options (added after the list was first
// written by hand) among them.
import { describe, expect, it } from "vitest";
import { PAGE_ID } from "../../../lib/tools/html/page-names";
import { exportPage } from "../../../lib/tools/html/page";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { md, notebook } from "../slides/overflow-notebooks";

describe("the exporters' own ids", () => {
  it.each(Object.values(PAGE_ID))("a cell's element with id %s loses the id, with a warning naming the cell", (id) => {
    const nb = notebook([md("clobber", `<script type="application/json" id="${id}">{"maxWidth":1}</script>`)]);
    for (const { html, warnings } of [exportPage(nb), exportDeck(nb)]) {
      expect(warnings.some((w) => w.includes("(id clobber)") && w.includes(`id="${id}" removed`))).toBe(true);
      // the cell's own HTML: from its box to the box's end (the exporters write their element after it)
      const start = html.indexOf('<div class="cell-html">');
      const cell = html.slice(start, html.indexOf("</div>", start));
      expect(cell).toContain('<script type="application/json">');
      expect(cell.includes(`id="${id}"`)).toBe(false);
    }
  });
});
