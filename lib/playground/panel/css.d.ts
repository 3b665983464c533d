// The panel's stylesheet is imported as text (esbuild's text loader in lib/build/playground.mjs).
declare module "*.css" {
  const text: string;
  export default text;
}
