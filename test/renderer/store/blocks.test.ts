import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockDefinitionOf, innerDocument, portsOf } from '../../../src-shared/graph/blocks';
import { BLOCK_TYPE, emptyDocument, innerNodeId, type GraphDocument } from '../../../src-shared/graph/document';
import { copyNodes, pasteNodes } from '../../../src-renderer/files/clipboard';
import { loadGraph } from '../../../src-shared/graph/load';
import { validateDocument } from '../../../src-shared/graph/validate';
import { RecordingHost } from '../quiet-host';
import { applyCommand, type Command } from '../../../src-renderer/store/commands';
import { groupSelection } from '../../../src-renderer/canvas/blockActions';
import { createEditorStore, type NodeState } from '../../../src-renderer/store/document';
import { record, startHistory, undo } from '../../../src-renderer/store/history';
import { createScopedStore } from '../../../src-renderer/store/scope';
import { blockNodeState } from '../../../src-renderer/canvas/blockState';
import { checkConnection } from '../../../src-renderer/canvas/rules';
import { refusalResolved } from '../../../src-renderer/canvas/refusal';
import { CANVAS_SHORTCUTS, type CanvasContext } from '../../../src-renderer/shortcuts';

function theorem(): GraphDocument {
  const loaded = loadGraph(readFileSync(join(import.meta.dirname, '../../../examples/convolution-theorem.convolab.json'), 'utf8'));
  if (!loaded.ok) throw new Error('the example does not load');
  return loaded.document;
}

/** The theorem's FFT route (both FFTs, the product, the IFFT) grouped as block node `route`. */
function grouped(): GraphDocument {
  const document = applyCommand(theorem(), { kind: 'group', nodes: ['fftA', 'fftB', 'product', 'back'], id: 'route', title: 'FFT convolution' });
  expect(document.nodes.some((node) => node.id === 'route' && node.type === BLOCK_TYPE)).toBe(true);
  return document;
}

describe('block commands', () => {
  it('groups the FFT route into one valid block node whose ports carry the wires that crossed the border', () => {
    const document = grouped();
    expect(validateDocument(document)).toEqual([]);
    for (const id of ['fftA', 'fftB', 'product', 'back']) expect(document.nodes.some((node) => node.id === id)).toBe(false);
    const ports = portsOf(document, 'route')!;
    expect(ports.inputs).toHaveLength(2);
    // The product feeds the spectrum and the IFFT feeds the plot and the check: two outputs.
    expect(ports.outputs).toHaveLength(2);
    const outer = document.edges.filter((edge) => edge.source === 'route' || edge.target === 'route');
    expect(outer.map((edge) => `${edge.source}->${edge.target}`).sort()).toEqual(['a->route', 'b->route', 'route->check', 'route->plot', 'route->spectrum'].sort());
  });

  it('refuses a group of nothing, changing nothing; a group holding a block node makes a block of blocks', () => {
    const document = grouped();
    expect(applyCommand(document, { kind: 'group', nodes: [] })).toBe(document);
    const nested = applyCommand(document, { kind: 'group', nodes: ['route', 'a'], id: 'outer' });
    expect(nested.nodes.map((node) => node.id)).not.toContain('route');
    expect(validateDocument(nested)).toEqual([]);
  });

  it('refuses a group that would feed itself through a node left outside (fftA and back, not the product between)', () => {
    const document = theorem();
    expect(applyCommand(document, { kind: 'group', nodes: ['fftA', 'back'] })).toBe(document);
    // What the editor says then names the node to take in too.
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(document);
    root.getState().setSelection({ nodes: ['fftA', 'back'] });
    groupSelection(root);
    expect(root.getState().document).toBe(document);
    expect(root.getState().notice).toMatchObject({ level: 'error' });
    expect(root.getState().notice!.text).toMatch(/^Group as block: .*product/);
  });

  it('edits inside a block as one undo entry that every instance of the block follows', () => {
    let document = grouped();
    // A second instance of the same block (as a paste or duplicate would make it).
    const route = document.nodes.find((node) => node.id === 'route')!;
    document = applyCommand(document, { kind: 'addNodes', nodes: [{ ...route, id: 'route2', position: { x: 0, y: 900 } }] });
    const key = route.block;
    let history = startHistory(document);
    history = record(history, { kind: 'inBlock', instance: 'route', command: { kind: 'setParam', node: 'fftA', name: 'n', value: 32 } });
    const after = history.present;
    expect(history.past).toHaveLength(1);
    const keys = after.nodes.filter((node) => node.type === BLOCK_TYPE).map((node) => node.block);
    // Content changed, so the key did; both instances name the new definition, the old one is gone.
    expect(keys[0]).not.toBe(key);
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(Object.keys(after.blocks ?? {})).toEqual([keys[0]]);
    expect(blockDefinitionOf(after, 'route2')!.nodes.find((node) => node.id === 'fftA')!.params).toMatchObject({ n: 32 });
    expect(validateDocument(after)).toEqual([]);
    expect(undo(history).present).toBe(document);
  });

  it('an edit inside that changes nothing records nothing', () => {
    const document = grouped();
    const same = applyCommand(document, { kind: 'inBlock', instance: 'route', command: { kind: 'move', nodes: { fftA: blockDefinitionOf(document, 'route')!.nodes.find((n) => n.id === 'fftA')!.position! } } });
    expect(same).toBe(document);
  });

  it('ungroups back to the same nodes, params and wires as before the group', () => {
    const start = theorem();
    const document = grouped();
    const back = applyCommand(document, { kind: 'ungroup', node: 'route' });
    expect(back.nodes.map((node) => node.id).sort()).toEqual(start.nodes.map((node) => node.id).sort());
    for (const node of start.nodes) expect(back.nodes.find((n) => n.id === node.id)!.params).toEqual(node.params);
    const wires = (d: GraphDocument) => d.edges.map((edge) => `${edge.source}.${edge.sourceHandle}->${edge.target}.${edge.targetHandle}`).sort();
    expect(wires(back)).toEqual(wires(start));
    expect(back.blocks).toBeUndefined();
    expect(validateDocument(back)).toEqual([]);
  });

  it('promotes a param to the face, where setting it sets every bound inner param when ungrouped, and unpromotes it', () => {
    let document = grouped();
    document = applyCommand(document, { kind: 'promoteParam', instance: 'route', node: 'fftA', param: 'n', name: 'size' });
    expect(blockDefinitionOf(document, 'route')!.params).toEqual([{ name: 'size', bind: [{ node: 'fftA', param: 'n' }] }]);
    document = applyCommand(document, { kind: 'setParam', node: 'route', name: 'size', value: 64 });
    expect(validateDocument(document)).toEqual([]);
    const back = applyCommand(document, { kind: 'ungroup', node: 'route' });
    expect(back.nodes.find((node) => node.id === 'fftA')!.params).toMatchObject({ n: 64 });
    const unpromoted = applyCommand(document, { kind: 'unpromoteParam', instance: 'route', name: 'size' });
    expect(blockDefinitionOf(unpromoted, 'route')!.params ?? []).toEqual([]);
  });

  it('renames a port with the wires on it, and moves a port in the face order', () => {
    let document = grouped();
    const before = portsOf(document, 'route')!.inputs.map((port) => port.name);
    document = applyCommand(document, { kind: 'renamePort', instance: 'route', side: 'input', index: 0, name: 'signal' });
    expect(portsOf(document, 'route')!.inputs[0]!.name).toBe('signal');
    expect(document.edges.filter((edge) => edge.target === 'route').map((edge) => edge.targetHandle)).toContain('signal');
    expect(validateDocument(document)).toEqual([]);
    document = applyCommand(document, { kind: 'movePort', instance: 'route', side: 'input', from: 0, to: 1 });
    expect(portsOf(document, 'route')!.inputs.map((port) => port.name)).toEqual([before[1], 'signal']);
  });
});

describe('copy and paste of block nodes', () => {
  it('a copied block node takes its definition along and pastes into an empty graph as a valid block', () => {
    const text = copyNodes(grouped(), ['route'])!;
    const pasted = pasteNodes(emptyDocument(), text);
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const document = applyCommand(emptyDocument(), pasted.command);
    expect(document.nodes.map((node) => node.type)).toEqual([BLOCK_TYPE]);
    expect(blockDefinitionOf(document, document.nodes[0]!)!.nodes.map((node) => node.id).sort()).toEqual(['back', 'fftA', 'fftB', 'product']);
    expect(validateDocument(document)).toEqual([]);
  });

  it('pasted inside a block, a block node runs the block as it was (its own key): a block inside a block', () => {
    const document = grouped();
    const before = document.nodes.find((node) => node.id === 'route')!.block!;
    const pasted = pasteNodes(innerDocument(blockDefinitionOf(document, 'route')!), copyNodes(document, ['route'])!);
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const next = applyCommand(document, { kind: 'inBlock', instance: 'route', command: pasted.command });
    const outer = blockDefinitionOf(next, 'route')!;
    expect(outer.nodes.filter((node) => node.type === 'block').map((node) => node.block)).toEqual([before]);
    expect(Object.keys(next.blocks!).sort()).toEqual([before, next.nodes.find((node) => node.id === 'route')!.block!].sort());
    expect(validateDocument(next)).toEqual([]);
  });
});

describe('a block opened in place (scoped store)', () => {
  it('shows the inner graph with the states of the flat ids, and sends its edits as one inBlock entry', () => {
    const host = new RecordingHost();
    const root = createEditorStore(host);
    root.getState().replaceDocument(grouped());
    root.getState().setOpenBlock('route');
    const { store, follow } = createScopedStore(root, 'route');
    const stop = follow();
    expect(store.getState().document.nodes.map((node) => node.id).sort()).toEqual(['back', 'fftA', 'fftB', 'product']);
    const fftState: NodeState = { status: 'error', previews: {}, generation: 1, report: { id: 'route/fftA', type: 'op.fft', status: 'error', ms: 1, cached: false, error: 'n is too small' } };
    root.setState({ nodeStates: { [innerNodeId('route', 'fftA')]: fftState } });
    expect(store.getState().nodeStates.fftA).toBe(fftState);

    store.getState().setParam('fftB', 'n', 32);
    expect(root.getState().history.past).toHaveLength(1);
    expect(blockDefinitionOf(root.getState().document, 'route')!.nodes.find((node) => node.id === 'fftB')!.params).toMatchObject({ n: 32 });
    // The scoped view followed the new definition.
    expect(store.getState().document.nodes.find((node) => node.id === 'fftB')!.params).toMatchObject({ n: 32 });
    store.getState().undo();
    expect(store.getState().document.nodes.find((node) => node.id === 'fftB')!.params).toMatchObject({ n: 16 });

    void store.getState().host.getValue('back', 'out');
    void store.getState().host.compareValues({ node: 'fftA', port: 'out' }, { node: 'fftB', port: 'out' });
    void store.getState().host.probeNode('product', 'x');
    expect(host.asked).toEqual(['value route/back', 'compare route/fftA route/fftB', 'probe route/product']);
    stop();
  });

  it('refuses a wire drawn inside a block that would make a wire out of the block carry the wrong type', () => {
    // sequence → [scale] → plot, the scale grouped with an image source beside it: the block
    // passes a signal on. Wiring the image into the scale inside is fine there, but the block
    // would then give an image, and the plot outside takes signals only.
    const flat: GraphDocument = {
      ...emptyDocument(),
      nodes: [
        { id: 'sequence1', type: 'source.sequence', position: { x: 0, y: 0 } },
        { id: 'testImage1', type: 'source.testImage', position: { x: 0, y: 300 } },
        { id: 'sequence2', type: 'source.sequence', position: { x: 0, y: 600 } },
        { id: 'scale1', type: 'op.scale', position: { x: 300, y: 0 } },
        { id: 'plot1', type: 'sink.plot', position: { x: 600, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'sequence1', sourceHandle: 'out', target: 'scale1', targetHandle: 'in' },
        { id: 'e2', source: 'scale1', sourceHandle: 'out', target: 'plot1', targetHandle: 'in' },
      ],
    };
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(applyCommand(flat, { kind: 'group', nodes: ['testImage1', 'sequence2', 'scale1'], id: 'block1' }));
    root.getState().setOpenBlock('block1');
    const { store, follow } = createScopedStore(root, 'block1');
    const stop = follow();
    const inside = store.getState();
    expect(inside.outside).toEqual({ document: root.getState().document, instance: 'block1' });
    const image = { source: 'testImage1', sourceHandle: 'out', target: 'scale1', targetHandle: 'in' };
    // The inside alone has nothing against it: the rule needs the graph around the block.
    expect(checkConnection(inside.document, image)).toEqual({ ok: true });
    expect(checkConnection(inside.document, image, undefined, inside.outside)).toEqual({
      ok: false,
      reason: 'outside block block1, plot1.in takes a signal, but block1.out gives an image',
    });
    // A signal there keeps the block giving a signal: accepted, and the graph stays valid.
    const signal = { ...image, source: 'sequence2' };
    expect(checkConnection(inside.document, signal, undefined, inside.outside)).toEqual({ ok: true });
    inside.connect(signal);
    expect(blockDefinitionOf(root.getState().document, 'block1')!.edges).toHaveLength(1);
    expect(validateDocument(root.getState().document)).toEqual([]);
    // The outside the rule reads follows each edit.
    expect(store.getState().outside!.document).toBe(root.getState().document);
    stop();
  });

  it('keeps the notice of a wire refused inside a block while the refusal holds, and ends it when the block is left', () => {
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(grouped());
    root.getState().setOpenBlock('route');
    const { store, follow } = createScopedStore(root, 'route');
    const stop = follow();
    // fftA's spectrum into fftB's input: an FFT takes a signal, so the rule refuses it in here.
    const request = { source: 'fftA', sourceHandle: 'out', target: 'fftB', targetHandle: 'in' };
    const check = checkConnection(store.getState().document, request, undefined, store.getState().outside);
    expect(check.ok).toBe(false);
    store.getState().say(check.ok ? '' : check.reason, 'error', { resolvedWhen: refusalResolved(request) });
    expect(root.getState().notice?.text).toBe(check.ok ? '' : check.reason);
    // An edit elsewhere in the graph leaves the refusal as it was: the notice stays.
    root.getState().setParam('a', 'values', [1, 2]);
    expect(root.getState().notice?.level).toBe('error');
    root.getState().setOpenBlock(undefined);
    expect(root.getState().notice).toBeUndefined();
    stop();
  });

  it('Escape clears the selection first, and with nothing selected leaves the block', () => {
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(grouped());
    root.getState().setOpenBlock('route');
    const { store, follow } = createScopedStore(root, 'route');
    const stop = follow();
    const escape = CANVAS_SHORTCUTS.find((shortcut) => shortcut.name === 'escape')!;
    const context = { store, flow: {} as CanvasContext['flow'], openQuickAdd: () => undefined, closeQuickAdd: () => undefined, frameNode: () => undefined };
    store.getState().setSelection({ nodes: ['fftA'] });
    escape.perform(context);
    expect(store.getState().selection.nodes).toEqual([]);
    expect(root.getState().openBlock).toBe('route');
    escape.perform(context);
    expect(root.getState().openBlock).toBeUndefined();
    stop();
  });

  it('leaves the block when an undo takes it away', () => {
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(theorem());
    root.getState().dispatch({ kind: 'group', nodes: ['fftA', 'fftB'], id: 'pair' });
    root.getState().setOpenBlock('pair');
    expect(root.getState().openBlock).toBe('pair');
    root.getState().undo();
    expect(root.getState().openBlock).toBeUndefined();
    // Opening something that is not a block does nothing.
    root.getState().setOpenBlock('a');
    expect(root.getState().openBlock).toBeUndefined();
  });

  it('draws a block node with its inner nodes summed up: an inner error names the inner node', () => {
    const document = grouped();
    const ok = (id: string): NodeState => ({ status: 'ok', previews: {}, generation: 1, report: { id, type: 'op.fft', status: 'ok', ms: 2, cached: false } });
    const states: Record<string, NodeState> = {
      'route/fftA': ok('route/fftA'),
      'route/fftB': { status: 'error', previews: {}, generation: 1, report: { id: 'route/fftB', type: 'op.fft', status: 'error', ms: 1, cached: false, error: 'n = 4 is too short' } },
    };
    const state = blockNodeState(document, states, 'route')!;
    expect(state.status).toBe('error');
    expect(state.report?.error).toContain('fftB');
    expect(state.report?.ms).toBe(3);
    // Asked again with the same states and document: the same object (a store selector relies on it).
    expect(blockNodeState(document, states, 'route')).toBe(state);
  });
});

describe('a block inside a block, opened in place', () => {
  /** The FFT route as block `route`, then grouped with the spectrum sink as block `outer`. */
  function twoLevels(): GraphDocument {
    return applyCommand(grouped(), { kind: 'group', nodes: ['route', 'spectrum'], id: 'outer', title: 'Outer' });
  }

  it('groups inside an opened block, opens the block inside by its path, edits it as one undo entry, and Escape goes one level out', () => {
    const host = new RecordingHost();
    const root = createEditorStore(host);
    root.getState().replaceDocument(grouped());
    root.getState().setOpenBlock('route');
    const outer = createScopedStore(root, 'route');
    const stopOuter = outer.follow();
    // Grouping inside an opened block makes a block inside it.
    outer.store.getState().setSelection({ nodes: ['fftA', 'fftB'] });
    groupSelection(outer.store);
    const inner = outer.store.getState().document.nodes.find((node) => node.type === BLOCK_TYPE)!;
    expect(root.getState().history.past).toHaveLength(1);
    expect(validateDocument(root.getState().document)).toEqual([]);
    // A double-click inside names the block node by its id there; the root opens its path.
    outer.store.getState().setOpenBlock(inner.id);
    expect(root.getState().openBlock).toBe(`route/${inner.id}`);
    const deep = createScopedStore(root, `route/${inner.id}`);
    const stopDeep = deep.follow();
    expect(deep.store.getState().document.nodes.map((node) => node.id).sort()).toEqual(['fftA', 'fftB']);
    const state: NodeState = { status: 'ok', previews: {}, generation: 1, report: { id: `route/${inner.id}/fftA`, type: 'op.fft', status: 'ok', ms: 1, cached: false } };
    root.setState({ nodeStates: { [`route/${inner.id}/fftA`]: state } });
    expect(deep.store.getState().nodeStates.fftA).toBe(state);
    // Seen from the outer block, the inner block node sums up its inner nodes.
    expect(outer.store.getState().nodeStates[`${inner.id}/fftA`]).toBe(state);

    const before = root.getState().document;
    deep.store.getState().setParam('fftB', 'n', 64);
    expect(root.getState().history.past).toHaveLength(2);
    expect(deep.store.getState().document.nodes.find((node) => node.id === 'fftB')!.params).toMatchObject({ n: 64 });
    void deep.store.getState().host.getValue('fftB', 'out');
    expect(host.asked).toEqual([`value route/${inner.id}/fftB`]);
    deep.store.getState().undo();
    expect(root.getState().document).toBe(before);

    const escape = CANVAS_SHORTCUTS.find((shortcut) => shortcut.name === 'escape')!;
    escape.perform({ store: deep.store, flow: {} as CanvasContext['flow'], openQuickAdd: () => undefined, closeQuickAdd: () => undefined, frameNode: () => undefined });
    expect(root.getState().openBlock).toBe('route');
    // Back in the outer block the grouped block is still selected: the first Escape clears that.
    const outerContext = { store: outer.store, flow: {} as CanvasContext['flow'], openQuickAdd: () => undefined, closeQuickAdd: () => undefined, frameNode: () => undefined };
    escape.perform(outerContext);
    expect(root.getState().openBlock).toBe('route');
    escape.perform(outerContext);
    expect(root.getState().openBlock).toBeUndefined();
    stopDeep();
    stopOuter();
  });

  it('an undo that takes the inner block away leaves the outer one open', () => {
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(twoLevels());
    root.getState().setOpenBlock('outer/route');
    expect(root.getState().openBlock).toBe('outer/route');
    root.getState().dispatch({ kind: 'inBlock', instance: 'outer', command: { kind: 'ungroup', node: 'route' } });
    expect(root.getState().openBlock).toBe('outer');
    // Ungrouping the outer block restores its inner block node.
    root.getState().dispatch({ kind: 'ungroup', node: 'outer' });
    expect(root.getState().openBlock).toBeUndefined();
    const back = applyCommand(twoLevels(), { kind: 'ungroup', node: 'outer' });
    expect(back.nodes.find((node) => node.id === 'route')).toMatchObject({ type: BLOCK_TYPE });
    expect(validateDocument(back)).toEqual([]);
  });

  it('copies a block of blocks with every definition inside it, so it pastes into an empty graph', () => {
    const text = copyNodes(twoLevels(), ['outer'])!;
    const pasted = pasteNodes(emptyDocument(), text);
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const next = applyCommand(emptyDocument(), pasted.command);
    expect(Object.keys(next.blocks ?? {})).toHaveLength(2);
    expect(validateDocument(next)).toEqual([]);
  });
});

describe('where grouping puts the block', () => {
  // a and b are grouped; c, left outside, sits right between them, where the block's centre falls.
  const spread = (): GraphDocument => ({
    ...emptyDocument(),
    nodes: [
      { id: 'a', type: 'source.sequence', position: { x: 0, y: 0 } },
      { id: 'c', type: 'source.sequence', position: { x: 300, y: 0 } },
      { id: 'b', type: 'op.scale', position: { x: 600, y: 0 } },
    ],
    edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' }],
  });
  const drawn = (document: GraphDocument) =>
    ({
      getNodes: () => document.nodes.map((node) => ({ id: node.id, type: 'generic', position: node.position, measured: { width: 240, height: 200 } })),
      getNode: () => undefined,
    }) as unknown as Parameters<typeof groupSelection>[1];
  const clearOf = (at: { x: number; y: number }, other: { x: number; y: number }) => at.x + 240 <= other.x || other.x + 240 <= at.x || at.y + 200 <= other.y || other.y + 200 <= at.y;

  it('puts it at the free spot nearest the selection, never on a node left outside', () => {
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(spread());
    root.getState().setSelection({ nodes: ['a', 'b'] });
    groupSelection(root, drawn(spread()));
    const block = root.getState().document.nodes.find((node) => node.type === BLOCK_TYPE)!;
    expect(clearOf(block.position!, { x: 300, y: 0 })).toBe(true);
    // Nearest: one node height and the gap off c, above or below it, not far away.
    expect(Math.abs(block.position!.y)).toBeLessThanOrEqual(200 + 24 + 40);
    // One undo entry takes it all back.
    root.getState().undo();
    expect(root.getState().document.nodes.map((node) => node.id)).toEqual(['a', 'c', 'b']);
  });

  it('keeps the centre of the selection when nothing is there', () => {
    const document = { ...spread(), nodes: spread().nodes.filter((node) => node.id !== 'c') };
    const root = createEditorStore(new RecordingHost());
    root.getState().replaceDocument(document);
    root.getState().setSelection({ nodes: ['a', 'b'] });
    groupSelection(root, drawn(document));
    expect(root.getState().document.nodes.find((node) => node.type === BLOCK_TYPE)!.position).toEqual({ x: 300, y: 0 });
  });
});

/** The commands a test file names, so a new kind without a test shows up here. */
export const COVERED: readonly Command['kind'][] = ['group', 'ungroup', 'inBlock', 'promoteParam', 'unpromoteParam', 'renamePort', 'movePort'];
