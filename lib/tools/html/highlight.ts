import hljs from "highlight.js/lib/core";
import { escapeHtml } from "./escape";

let registered = false;

function register(): void {
  if (registered) return;
  hljs.registerLanguage("typescript", require("highlight.js/lib/languages/typescript"));
  hljs.registerLanguage("javascript", require("highlight.js/lib/languages/javascript"));
  hljs.registerLanguage("json", require("highlight.js/lib/languages/json"));
  hljs.registerLanguage("bash", require("highlight.js/lib/languages/bash"));
  hljs.registerLanguage("python", require("highlight.js/lib/languages/python"));
  hljs.registerLanguage("plaintext", require("highlight.js/lib/languages/plaintext"));
  hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
  hljs.registerAliases(["js", "jsx"], { languageName: "javascript" });
  hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
  hljs.registerAliases(["py"], { languageName: "python" });
  hljs.registerAliases(["text", "txt"], { languageName: "plaintext" });
  registered = true;
}

/** Code → highlighted HTML (highlight.js `hljs-*` spans, escaped); an unknown language is escaped only. */
export function highlightCode(code: string, language = "typescript"): string {
  register();
  const lang = hljs.getLanguage(language) ? language : undefined;
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

/** The highlight.js theme of the exports (GitHub light colours, with enough contrast for a projector). */
export const HIGHLIGHT_CSS = `
.hljs-comment,.hljs-quote{color:#5c6370;font-style:italic}
.hljs-keyword,.hljs-selector-tag,.hljs-built_in{color:#a626a4}
.hljs-string,.hljs-regexp,.hljs-addition,.hljs-attribute,.hljs-meta .hljs-string{color:#2a7a1f}
.hljs-number,.hljs-literal,.hljs-symbol,.hljs-bullet{color:#b35900}
.hljs-title,.hljs-title.function_,.hljs-section{color:#1f5fbf}
.hljs-title.class_,.hljs-type,.hljs-class .hljs-title{color:#986801}
.hljs-variable,.hljs-template-variable,.hljs-attr,.hljs-property{color:#b0304a}
.hljs-params{color:inherit}
.hljs-meta{color:#4078f2}
.hljs-deletion{color:#e45649}
.hljs-emphasis{font-style:italic}.hljs-strong{font-weight:bold}`;
