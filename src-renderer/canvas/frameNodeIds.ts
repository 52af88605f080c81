/** How frames appear among React Flow's nodes: their node ids, and the handles a collapsed frame's wires end at. */

/** A frame's React Flow node id is this prefix and the frame's id. */
export const FRAME_PREFIX = 'frame:';

/** Inputs of nodes a collapsed frame hides are wired to its left edge, their outputs leave from its right. */
export const FRAME_INPUTS = 'frame-inputs';
export const FRAME_OUTPUTS = 'frame-outputs';
