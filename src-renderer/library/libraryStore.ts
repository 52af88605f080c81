/**
 * The user's block library as the page knows it: the blocks the host listed and the lines of the
 * files it skipped. One per page (the library is the user's, not a document's); the palette reads
 * it, Save to library refreshes it, and the node menu asks it whether an instance has an update.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { LibraryBlock } from '../../src-shared/library';
import type { FileMethods } from '../../src-shared/protocol';

/** What a library block dragged from the palette carries: its name in the library. */
export const LIBRARY_MIME = 'application/x-convolab-library-block';

export interface LibraryState {
  readonly blocks: readonly LibraryBlock[];
  readonly skipped: readonly string[];
  /** Why the library could not be listed at all (the host refused), else undefined. */
  readonly error?: string;
}

export const libraryStore = createStore<LibraryState>()(() => ({ blocks: [], skipped: [] }));

export function useLibrary<T>(selector: (state: LibraryState) => T): T {
  return useStore(libraryStore, selector);
}

/** Lists the library again; a host that cannot list it leaves one line for the palette instead. */
export async function refreshLibrary(api: Pick<FileMethods, 'libraryBlocks'>): Promise<void> {
  try {
    const listing = await api.libraryBlocks();
    libraryStore.setState({ blocks: listing.blocks, skipped: listing.skipped, error: undefined });
  } catch (error) {
    libraryStore.setState({ blocks: [], skipped: [], error: `My blocks: ${error instanceof Error ? error.message : String(error)}` });
  }
}

export function libraryBlockNamed(name: string): LibraryBlock | undefined {
  return libraryStore.getState().blocks.find((block) => block.name === name);
}
