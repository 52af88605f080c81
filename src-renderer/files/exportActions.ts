/**
 * The export commands a node offers (its context menu and the inspector): its preview as PNG,
 * and its value at full resolution in each format that fits the value's type.
 */
import { resolveParams } from '../../src-shared/nodes/define';
import { displayOf } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { writeGraph } from '../../src-shared/graph/write';
import type { AppApi } from '../../src-shared/protocol';
import type { EditorState } from '../store/document';
import { deliver, previewPng } from './deliver';
import { volumeShape } from '../views/volume/slices';
import { EXPORT_LIMITS, exportBytes, exportFormats, exportName, withGraph, type ExportFormat } from './export';
import { volumeNpy, type VolumeSize } from './exportVolume';

export interface ExportAction {
  readonly key: string;
  readonly label: string;
  readonly format: ExportFormat | 'preview';
  readonly port: string;
  /** Set when the value is a volume: its size, so the export can gather its planes. */
  readonly volume?: VolumeSize;
}

const KIND_WORDS: Readonly<Record<string, string>> = { signal: 'Signal', spectrum: 'Spectrum', image: 'Image', spectrum2d: 'Image', value: 'Values' };

/** What a node can export now: nothing before it has a value. */
export function exportActions(state: EditorState, nodeId: string): ExportAction[] {
  const node = state.document.nodes.find((n) => n.id === nodeId);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const nodeState = state.nodeStates[nodeId];
  if (!definition || !nodeState || nodeState.status !== 'ok') return [];
  const port = nodeState.previews.sink ? 'sink' : definition.outputs[0]?.id;
  const preview = port ? nodeState.previews[port] : undefined;
  if (!port || !preview) return [];
  const actions: ExportAction[] = [];
  if (preview.kind !== 'value') actions.push({ key: 'preview', label: 'Preview as PNG', format: 'preview', port });
  const volume = volumeShape(preview);
  if (volume) {
    const { width, height, depth, channels } = volume;
    return [...actions, { key: 'npy', label: 'Volume as NPY', format: 'npy', port, volume: { width, height, depth, channels } }];
  }
  const kind = preview.kind === 'spectrum2d' ? 'image' : preview.kind;
  for (const format of exportFormats(kind)) {
    actions.push({ key: format, label: `${KIND_WORDS[preview.kind]} as ${format.toUpperCase()}`, format, port });
  }
  return actions;
}

/** Runs an export: fetches the full value, encodes it, and saves or downloads it. */
export async function runExport(
  api: Pick<AppApi, 'getValue' | 'exportFile'>,
  mode: 'electron' | 'browser',
  state: EditorState,
  nodeId: string,
  action: ExportAction,
  /** The editor's state now (a volume's planes arrive over time: a fresh run on the way is noticed). */
  current: () => EditorState = () => state,
): Promise<{ ok: true; name: string | undefined; warning?: string } | { ok: false; error: string }> {
  try {
    // Every PNG carries the graph that made it: dropped back on Convolab, it opens that graph.
    const graphText = writeGraph(state.document);
    if (action.format === 'preview') {
      const element = document.querySelector(`.cl-node[data-node-id="${CSS.escape(nodeId)}"] .cl-node-preview`);
      if (!element) return { ok: false, error: `${nodeId}: its preview is not on screen` };
      const png = withGraph(await previewPng(element), graphText);
      if (!png.ok) return png;
      return { ok: true, name: await deliver(api, mode, exportName(nodeId, 'png', '-preview'), png.bytes), ...(png.warning ? { warning: png.warning } : {}) };
    }
    if (action.volume) {
      const generation = state.nodeStates[nodeId]?.generation;
      const encoded = await volumeNpy(api, nodeId, action.port, action.volume, () => current().nodeStates[nodeId]?.generation === generation);
      if (!encoded.ok) return { ok: false, error: `${nodeId}: ${encoded.error}` };
      return { ok: true, name: await deliver(api, mode, exportName(nodeId, 'npy'), encoded.bytes) };
    }
    const full = await api.getValue(nodeId, action.port, EXPORT_LIMITS);
    if (!full) return { ok: false, error: `${nodeId} has no value yet: let it run first` };
    const node = state.document.nodes.find((n) => n.id === nodeId);
    const definition = node ? getNodeDefinition(node.type) : undefined;
    const display = displayOf(definition, definition && node ? resolveParams(definition, node.params) : {}).image;
    const encoded = exportBytes(full, action.format, display, graphText);
    if (!encoded.ok) return { ok: false, error: `${nodeId}: ${encoded.error}` };
    return { ok: true, name: await deliver(api, mode, exportName(nodeId, action.format), encoded.bytes), ...(encoded.warning ? { warning: encoded.warning } : {}) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
