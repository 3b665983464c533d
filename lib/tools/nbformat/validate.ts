import type { INotebookContent } from "@jupyterlab/nbformat";
import type { ErrorObject, ValidateFunction } from "ajv";
import schema from "./nbformat.v4.5.schema.json";

let compiled: ValidateFunction | undefined;

/** The official nbformat v4.5 JSON schema (from the pip `nbformat` package), compiled once with ajv. */
function validator(): ValidateFunction {
  if (!compiled) {
    const Ajv = require("ajv").default as typeof import("ajv").default;
    // The schema says draft-04; its keywords are all valid in ajv's default draft, so the $schema line is dropped.
    const { $schema: _draft, ...rest } = schema as Record<string, unknown>;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(rest);
  }
  return compiled;
}

/** Validates a notebook against nbformat 4.5; returns readable problems ("/cells/2/outputs/0: must have ..."), [] if valid. */
export function validateNotebook(nb: INotebookContent | unknown): string[] {
  const validate = validator();
  if (validate(nb)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === "" ? "/" : e.instancePath;
  const extra =
    e.keyword === "additionalProperties" ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : "";
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}
