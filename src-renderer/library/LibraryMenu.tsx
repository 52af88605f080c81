/**
 * The node menu's library items on a block node: Save to library…, and Update from library when
 * My blocks holds a block of this one's name whose content differs. Not offered inside an opened
 * block (there is no block node there to save). The library is listed again when the menu
 * opens on a block, so a version saved from another window is offered.
 */
import { useEffect } from 'react';
import { blockDefinitionOf } from '../../src-shared/graph/blocks';
import { useFiles } from '../files/context';
import { useEditor, useEditorStore } from '../store/context';
import { libraryUpdateFor } from './libraryEdits';
import { saveToLibrary, updateFromLibrary } from './libraryActions';
import { refreshLibrary, useLibrary } from './libraryStore';
import { askBlockName } from './SaveBlockDialog';

export function LibrarySection({ node, onDone }: { node: string; onDone: (action: () => unknown) => () => void }) {
  const store = useEditorStore();
  const { api, dialogs } = useFiles();
  const inside = useEditor((state) => state.openBlock !== undefined);
  const block = useEditor((state) => blockDefinitionOf(state.document, node) !== undefined);
  const library = useLibrary((state) => state.blocks);
  const update = useEditor((state) => libraryUpdateFor(state.document, node, library));
  // Listed again as the menu opens: another window may have saved a newer version since.
  useEffect(() => {
    if (block && !inside) void refreshLibrary(api);
  }, [api, block, inside]);
  if (inside || !block) return null;
  return (
    <>
      <button type="button" role="menuitem" className="menu-item" onClick={onDone(() => saveToLibrary(store, api, dialogs, node, askBlockName))}>
        <span>Save to library…</span>
      </button>
      {update && (
        <button type="button" role="menuitem" className="menu-item" onClick={onDone(() => updateFromLibrary(store, node))}>
          <span>Update from library</span>
        </button>
      )}
    </>
  );
}
