/**
 * Where the canvas shows a block from inside (opened in place by a double-click): everything under
 * it sees the block's content through a scoped store (store/scope.ts), the view of the graph is
 * kept and given back on the way out, and the inside is framed when it opens.
 */
import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { EditorContext, useEditor, useEditorStore } from '../store/context';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { createScopedStore } from '../store/scope';
import { blockDefinitionOf } from '../../src-shared/graph/blocks';
import { keepFramed } from './framing';
import { startingNodes } from './viewport';

export interface PortEnd {
  readonly side: 'input' | 'output';
  readonly name: string;
}

export interface OpenBlock {
  readonly instance: string;
  /** The block node's label, else its definition's title. */
  readonly title: string;
  /** Inner `node.handle` → the block port it is the end of: drawn as a tag beside the port. */
  readonly ends: ReadonlyMap<string, PortEnd>;
  /** The promoted params by the inner `node.param` they bind: the inspector offers Unpromote there. */
  readonly promoted: ReadonlyMap<string, string>;
  /** How many block nodes run this block (all of them follow an edit inside). */
  readonly instances: number;
  /** The editor's own store, for the edits of the block node itself (promote, unpromote). */
  readonly root: EditorStore;
}

const OpenBlockContext = createContext<OpenBlock | undefined>(undefined);

/** The block opened in place, if the canvas shows one. */
export function useOpenBlock(): OpenBlock | undefined {
  return useContext(OpenBlockContext);
}

export function BlockScope({ children }: { children: ReactNode }) {
  const root = useEditorStore();
  const instance = useEditor((state) => state.openBlock);
  const definition = useEditor((state) => (instance !== undefined ? blockDefinitionOf(state.document, instance) : undefined));
  const label = useEditor((state) => (instance !== undefined ? state.document.nodes.find((node) => node.id === instance)?.label : undefined));
  const instances = useEditor((state) => {
    const key = instance !== undefined ? state.document.nodes.find((node) => node.id === instance)?.block : undefined;
    return key === undefined ? 0 : state.document.nodes.filter((node) => node.block === key).length;
  });
  const scoped = useMemo(() => (instance !== undefined ? createScopedStore(root, instance) : undefined), [root, instance]);
  useEffect(() => scoped?.follow(), [scoped]);
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const outside = useRef<{ viewport: Viewport; instance: string } | undefined>(undefined);

  // Going in keeps the view of the graph and frames the inside; coming out gives the view back
  // with the block selected, however the block was left (breadcrumb, Escape, an undo).
  useEffect(() => {
    if (instance === undefined) {
      const left = outside.current;
      outside.current = undefined;
      if (!left) return;
      void flow.setViewport(left.viewport);
      if (root.getState().document.nodes.some((node) => node.id === left.instance)) root.getState().setSelection({ ...EMPTY_SELECTION, nodes: [left.instance] });
      return;
    }
    if (!scoped) return;
    outside.current ??= { viewport: flow.getViewport(), instance };
    const document = scoped.store.getState().document;
    return keepFramed(flow, flowStore, scoped.store, { shown: new Set(document.nodes.map((node) => node.id)), focus: startingNodes(document) });
  }, [instance, scoped, flow, flowStore, root]);

  const open = useMemo((): OpenBlock | undefined => {
    if (instance === undefined || definition === undefined) return undefined;
    const ends = new Map<string, PortEnd>();
    for (const input of definition.inputs) for (const end of input.to) ends.set(`${end.node}.${end.handle}`, { side: 'input', name: input.name });
    for (const output of definition.outputs) ends.set(`${output.from.node}.${output.from.handle}`, { side: 'output', name: output.name });
    const promoted = new Map<string, string>();
    for (const param of definition.params ?? []) for (const bind of param.bind) promoted.set(`${bind.node}.${bind.param}`, param.name);
    return { instance, title: label ?? definition.title, ends, promoted, instances, root };
  }, [instance, definition, label, instances, root]);

  return (
    <OpenBlockContext.Provider value={open}>
      <EditorContext.Provider value={scoped && open ? scoped.store : root}>{children}</EditorContext.Provider>
    </OpenBlockContext.Provider>
  );
}

/** Inside an opened block: a tag beside an inner port that is one of the block's ports. */
export function PortEndTag({ end }: { end: PortEnd | undefined }) {
  if (!end) return null;
  const text = end.side === 'input' ? `⇠ ${end.name}` : `${end.name} ⇢`;
  const title = end.side === 'input' ? `fed by the block's input ${end.name}` : `passed out as the block's output ${end.name}`;
  return (
    <span className={`cl-port-end ${end.side}`} title={title}>
      {text}
    </span>
  );
}
