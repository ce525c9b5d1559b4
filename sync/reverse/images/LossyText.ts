/**
 * One text field of an outbox row as the cloud holds it and as UH gets it (the nearest value its single-byte
 * columns hold). `field` is the cloud table's column, so forward capture can keep the cloud's exact text
 * while UH still holds `uhValue` (sync.lossy_text). Equal values mean UH holds the text exactly.
 */
export interface LossyText {
  readonly field: string;
  readonly cloudValue: string;
  readonly uhValue: string;
}
