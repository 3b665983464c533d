/** What ./index.ts asks the snapshot build (./entry.ts) to freeze, passed as JSON in DL4NLP_SNAPSHOT_BUILD. */
export interface BuildConfig {
  /** @tslab/typescript-for-tslab's lib/typescript.js, as tslab's require resolves it. */
  typescript: string;
  /** tslab's bin script (process.argv[1] of a kernel) and its dist/main.js. */
  tslabBin: string;
  tslabMain: string;
  /** The folder whose node_modules/@types tslab will use (the project root). */
  cwd: string;
  /** Declaration files to parse besides those the compiler options pull in (the dl4nlp library's index.d.ts). */
  roots: string[];
}
