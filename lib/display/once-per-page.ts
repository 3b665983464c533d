/**
 * The attribute that marks an output's `<script>` as one copy per page: `<script data-dl4nlp-once>`. Such a script
 * serves every output of its kind on the page (the Playground's panel script starts every panel there, also those
 * parsed after it), so the exporters of site pages and decks (lib/tools/html/isolate.ts) keep its first copy and drop
 * later ones whose text is byte-for-byte the same. In a notebook each output keeps its copy: JupyterLab and Notebook 7
 * run each output's scripts on their own.
 */
export const ONCE_PER_PAGE_ATTRIBUTE = "data-dl4nlp-once";
