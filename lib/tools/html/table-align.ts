import type MarkdownIt from "markdown-it";

type Md = ReturnType<typeof MarkdownIt>;

type Token = ReturnType<Md["parse"]>[number];

/** A table cell that holds a number: optional sign (also U+2212), digits, decimals, exponent, a trailing % or unit-less. */
const NUMBER = /^[+\-−]?(\d[\d,  ]*)?(\.\d+)?([eE][+\-−]?\d+)?\s?%?$/;

const isNumber = (text: string) => {
  const t = text.trim();
  return t !== "" && /\d/.test(t) && NUMBER.test(t);
};

/**
 * markdown-it plugin: the columns of a Markdown table whose body cells are all numbers (empty cells allowed) are
 * right-aligned; every other column stays left-aligned (the page and slide CSS align table cells left). A column
 * the author aligned (`|:--|`, `|--:|`, `|:-:|`) keeps the author's alignment.
 */
export function tableAlign(md: Md): void {
  md.core.ruler.push("dl4nlp_table_align", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== "table_open") continue;
      const cells: { open: Token; text: string; column: number; body: boolean }[] = [];
      let column = 0;
      let body = false;
      let j = i + 1;
      for (; j < tokens.length && tokens[j].type !== "table_close"; j++) {
        const t = tokens[j];
        if (t.type === "tbody_open") body = true;
        else if (t.type === "tr_open") column = 0;
        else if (t.type === "th_open" || t.type === "td_open") {
          const inline = tokens[j + 1];
          cells.push({ open: t, text: inline?.type === "inline" ? inline.content : "", column: column++, body });
        }
      }
      const columns = new Set(cells.map((c) => c.column));
      for (const col of columns) {
        const inColumn = cells.filter((c) => c.column === col);
        const bodyCells = inColumn.filter((c) => c.body && c.text.trim() !== "");
        if (bodyCells.length === 0 || !bodyCells.every((c) => isNumber(c.text))) continue;
        for (const c of inColumn) if (!c.open.attrGet("style")) c.open.attrSet("style", "text-align:right");
      }
      i = j;
    }
  });
}
