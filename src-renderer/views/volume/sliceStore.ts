/**
 * The plane each volume view shows, per node: one place, so the node's sliders and the large
 * preview's scrub together. View state only, never part of the document (not saved, not undone).
 */
import { create } from 'zustand';
import type { VolumeAxis } from './slices';

type Chosen = Partial<Record<VolumeAxis, number>>;

interface SliceState {
  readonly chosen: Readonly<Record<string, Chosen>>;
  choose(nodeId: string, axis: VolumeAxis, index: number): void;
}

export const useSliceStore = create<SliceState>((set) => ({
  chosen: {},
  choose: (nodeId, axis, index) => set((state) => ({ chosen: { ...state.chosen, [nodeId]: { ...state.chosen[nodeId], [axis]: index } } })),
}));
