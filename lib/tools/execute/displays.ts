import type { IDisplayData, IOutput } from "@jupyterlab/nbformat";

type Mime = IDisplayData["data"];

/**
 * The display ids of one kernel session: display_id → every output (in any cell) that showed it. An
 * `update_display_data` replaces the data and metadata of all of them, whichever cell (or timer) sent it, as nbclient's
 * `_display_id_map` does. Outputs are held by reference: the cell that holds one sees the update.
 */
export class DisplayRegistry {
  private readonly outputs = new Map<string, IOutput[]>();

  /** Remembers an output that carries `transient.display_id`. */
  register(displayId: string, output: IOutput): void {
    const list = this.outputs.get(displayId);
    if (list) list.push(output);
    else this.outputs.set(displayId, [output]);
  }

  /** Applies an update_display_data to every output with that id; returns how many it changed. */
  update(displayId: string, data: Mime, metadata: IDisplayData["metadata"] | undefined): number {
    const list = this.outputs.get(displayId) ?? [];
    for (const out of list) {
      (out as IDisplayData).data = data;
      (out as IDisplayData).metadata = metadata ?? {};
    }
    return list.length;
  }
}
