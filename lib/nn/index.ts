export type { Model } from "./model";
