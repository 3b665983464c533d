/** One epoch's figures, passed to fit's onEpoch callback (for live plots) and stored in the History. */
export interface EpochEntry {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (each computed before its update), weighted by batch size. */
  loss: number;
  /** Training accuracy over the epoch's batches (before each update), when accuracy is a metric. */
  accuracy?: number;
  /** Loss on the validation data after the epoch. */
  valLoss?: number;
  /** Accuracy on the validation data after the epoch. */
  valAccuracy?: number;
  /** The learning rate used in this epoch. */
  lr: number;
}

/** Why training ended. */
export type StopReason = "epochs" | "earlyStopping" | "callback";

/** What fit returns: one value per epoch in each array (accuracy and validation arrays empty when not measured). */
export interface History {
  epoch: number[];
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  lr: number[];
  stopReason: StopReason;
  /** With early stopping: the epoch whose weights the model holds at the end if restoreBest, else the best epoch seen. */
  bestEpoch: number | null;
}

export function emptyHistory(): History {
  return { epoch: [], loss: [], accuracy: [], valLoss: [], valAccuracy: [], lr: [], stopReason: "epochs", bestEpoch: null };
}
