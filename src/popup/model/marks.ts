/** Performance marks the popup sets for the benchmark (test/bench/popup.ts). */

/** Set once per page, the frame after the first rooms of the rooms list are committed. */
export const ROOMS_PAINTED_MARK = "mta:rooms-list-painted";
