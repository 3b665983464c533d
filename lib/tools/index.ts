export type * from "./kernel/types";
