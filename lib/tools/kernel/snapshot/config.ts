/** What ./index.ts asks the snapshot build (./entry.ts) to freeze, passed as JSON in DL4NLP_SNAPSHOT_BUILD. */
export interface BuildConfig {
  /** @tslab/typescript-for-tslab's lib/typescript.js, as tslab's require resolves it. */
  typescript: string;
  /**
   * The kernel program the snapshot stands for (process.argv[1] of the kernel): tslab's bin script, which runs tslab
   * when required, or the project's kernel launcher (../launcher.ts), whose `launch(argv)` starts it.
   */
  program: string;
  start: "require" | "launch";
  /** The folder whose node_modules/@types tslab will use (the project root). */
  cwd: string;
  /**
   * tslab's own type root (`<tslab>/node_modules/@types`), which tslab adds when no type root of cwd holds @types/node
   * (its converter's getTypeRoots): then @types/node and undici-types are parsed from there.
   */
  tslabTypes: string;
  /** Declaration files to parse besides those the compiler options pull in (the dl4nlp library's index.d.ts). */
  roots: string[];
}
