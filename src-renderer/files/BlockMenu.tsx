/**
 * The node menu's block items: Group as block (the selection), and on a block node Open and
 * Ungroup, inside an opened block as at the top level (blocks nest).
 */
import { useReactFlow } from '@xyflow/react';
import { isBlockNode } from '../../src-shared/graph/blocks';
import { groupSelection, ungroupSelection } from '../canvas/blockActions';
import { useEditor, useEditorStore } from '../store/context';
import { keysOf } from '../shortcuts';

export function BlockSection({ node, plural, onDone }: { node: string; plural: string; onDone: (action: () => unknown) => () => void }) {
  const store = useEditorStore();
  const flow = useReactFlow();
  // Inside an opened block too: a block of blocks, and a block inside opened in turn.
  const block = useEditor((state) => state.document.nodes.some((candidate) => candidate.id === node && isBlockNode(candidate)));
  return (
    <>
      <hr />
      <button type="button" role="menuitem" className="menu-item" onClick={onDone(() => groupSelection(store, flow))}>
        <span>Group{plural} as block</span>
        <kbd>{keysOf('group')}</kbd>
      </button>
      {block && (
        <button type="button" role="menuitem" className="menu-item" onClick={onDone(() => store.getState().setOpenBlock(node))}>
          <span>Open block</span>
          <kbd>Double-click</kbd>
        </button>
      )}
      {block && (
        <button type="button" role="menuitem" className="menu-item" onClick={onDone(() => ungroupSelection(store))}>
          <span>Ungroup</span>
          <kbd>{keysOf('ungroup')}</kbd>
        </button>
      )}
    </>
  );
}
