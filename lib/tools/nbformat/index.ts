export { NotebookFormatError, normalizeNotebook, parseNotebook, readNotebook, sourceText } from "./read";
export { validateNotebook } from "./validate";
export { formatNotebook, writeFileAtomic, writeNotebook } from "./write";
