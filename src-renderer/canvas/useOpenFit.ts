/**
 * A document just opened (an example, a file, a restored backup) is shown at a readable zoom:
 * whole when it fits, else framed on the nodes the reader starts with (framing.ts). New goes
 * back to zoom 1 at the origin, so the first node dropped lands where it was dropped.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { useFiles } from '../files/context';
import { useEditorStore } from '../store/context';
import { keepFramed } from './framing';
import { HOME_VIEWPORT, startingNodes } from './viewport';

export function useOpenFit(): void {
  const { controller } = useFiles();
  const store = useEditorStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  useEffect(() => {
    let stop: (() => void) | undefined;
    const stopListening = controller.onDidReplaceDocument(() => {
      stop?.();
      stop = undefined;
      const document = store.getState().document;
      if (document.nodes.length === 0) {
        void flow.setViewport(HOME_VIEWPORT);
        return;
      }
      stop = keepFramed(flow, flowStore, store, {
        shown: new Set(document.nodes.map((node) => node.id)),
        focus: startingNodes(document),
        // A lesson being walked through frames the canvas on its step itself (views/lesson).
        stillWanted: () => store.getState().lessonStep === undefined,
      });
    });
    return () => {
      stopListening();
      stop?.();
    };
  }, [controller, flow, flowStore, store]);
}
