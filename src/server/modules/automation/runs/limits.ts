/** A chain deeper than this stops with status `loop` (a person's move is depth 0). */
export const MAX_CHAIN_DEPTH = 5;
/** More entries of one item than this within a minute stop with status `loop`. */
export const MAX_ENTRIES_PER_MINUTE = 20;
export const MAX_CHAIN_DEPTH_TEXT = String(MAX_CHAIN_DEPTH);
