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
import { definitionAtPath } from '../../src-shared/graph/blocks';
import { BLOCK_ID_SEPARATOR, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import { keepFramed } from './framing';
import { startingNodes } from './viewport';

export interface PortEnd {
  readonly side: 'input' | 'output';
  readonly name: string;
}

export interface OpenBlock {
  /** The opened block node's path: `outer/inner` for block node `inner` inside block node `outer`. */
  readonly instance: string;
  /** The block node's label, else its definition's title. */
  readonly title: string;
  /** The blocks around it, outermost first, each with its path and title: the breadcrumb's steps. */
  readonly around: readonly { readonly path: string; readonly title: string }[];
  /** Inner `node.handle` → the block port it is the end of: drawn as a tag beside the port. */
  readonly ends: ReadonlyMap<string, PortEnd>;
  /** The promoted params by the inner `node.param` they bind: the inspector offers Unpromote there. */
  readonly promoted: ReadonlyMap<string, string>;
  /** How many block nodes run this block, at the top level and inside blocks (all of them follow an edit inside). */
  readonly instances: number;
  /** The editor's own store, for the edits of the block node itself (promote, unpromote). */
  readonly root: EditorStore;
}

const OpenBlockContext = createContext<OpenBlock | undefined>(undefined);

/** The block opened in place, if the canvas shows one. */
export function useOpenBlock(): OpenBlock | undefined {
  return useContext(OpenBlockContext);
}

/** Pixels at the canvas's top the breadcrumb of an opened block covers (BlockBreadcrumb, with its margin). */
const BREADCRUMB_COVERS = 44;

export function BlockScope({ children }: { children: ReactNode }) {
  const root = useEditorStore();
  const instance = useEditor((state) => state.openBlock);
  const definition = useEditor((state) => (instance !== undefined ? definitionAtPath(state.document, instance) : undefined));
  // Titles along the path, as one string so the selector's result compares by value.
  const titles = useEditor((state) => (instance !== undefined ? JSON.stringify(pathTitles(state.document, instance)) : '[]'));
  const instances = useEditor((state) => {
    const key = instance !== undefined ? blockNodeAt(state.document, instance)?.block : undefined;
    if (key === undefined) return 0;
    const count = (nodes: readonly GraphNode[]): number => nodes.filter((node) => node.block === key).length;
    // Every definition that holds it once, times nothing: an edit changes the definition, which all its instances run.
    return count(state.document.nodes) + Object.values(state.document.blocks ?? {}).reduce((sum, other) => sum + count(other.nodes), 0);
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
    return keepFramed(flow, flowStore, scoped.store, { shown: new Set(document.nodes.map((node) => node.id)), focus: startingNodes(document), coveredTop: BREADCRUMB_COVERS });
  }, [instance, scoped, flow, flowStore, root]);

  const open = useMemo((): OpenBlock | undefined => {
    if (instance === undefined || definition === undefined) return undefined;
    const ends = new Map<string, PortEnd>();
    for (const input of definition.inputs) for (const end of input.to) ends.set(`${end.node}.${end.handle}`, { side: 'input', name: input.name });
    for (const output of definition.outputs) ends.set(`${output.from.node}.${output.from.handle}`, { side: 'output', name: output.name });
    const promoted = new Map<string, string>();
    for (const param of definition.params ?? []) for (const bind of param.bind) promoted.set(`${bind.node}.${bind.param}`, param.name);
    const trail = JSON.parse(titles) as { path: string; title: string }[];
    const title = trail[trail.length - 1]?.title ?? definition.title;
    return { instance, title, around: trail.slice(0, -1), ends, promoted, instances, root };
  }, [instance, definition, titles, instances, root]);

  return (
    <OpenBlockContext.Provider value={open}>
      <EditorContext.Provider value={scoped && open ? scoped.store : root}>{children}</EditorContext.Provider>
    </OpenBlockContext.Provider>
  );
}

/** The block node at `path` (`outer/inner`: node `inner` inside the block `outer` runs). */
function blockNodeAt(document: GraphDocument, path: string): GraphNode | undefined {
  const cut = path.lastIndexOf(BLOCK_ID_SEPARATOR);
  const nodes = cut < 0 ? document.nodes : definitionAtPath(document, path.slice(0, cut))?.nodes;
  return nodes?.find((node) => node.id === path.slice(cut + 1));
}

/** Each block node along `path` with its path and title (its label, else its block's title). */
function pathTitles(document: GraphDocument, path: string): { path: string; title: string }[] {
  const parts = path.split(BLOCK_ID_SEPARATOR);
  return parts.map((_, i) => {
    const at = parts.slice(0, i + 1).join(BLOCK_ID_SEPARATOR);
    const node = blockNodeAt(document, at);
    return { path: at, title: node?.label ?? definitionAtPath(document, at)?.title ?? at };
  });
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
