/** Well-formed calls of the whole API, shared by the IPC and the WebSocket tests. */
import type { AppMethodName } from '../src-shared/protocol';

const doc = { format: 'convolab.graph', version: 2, nodes: [], edges: [] };
const text = JSON.stringify(doc);

/**
 * One well-formed call of every method. Typed by AppMethodName, so a method added to the
 * protocol does not compile here until it has its line, and the tests below cover it.
 */
export const GOOD_CALLS: { readonly [M in AppMethodName]: unknown[] } = {
  run: [{ doc }],
  cancel: [1],
  info: [],
  getValue: ['a', 'out'],
  compareValues: [{ node: 'a', port: 'out' }, { node: 'b', port: 'out' }],
  frequencyResponse: [{ node: 'k', port: 'out' }],
  probeNode: ['u', 'unetFeatures', { channel: 2, axis: 'z' }],
  profile: [{ series: [{ label: 'direct', operation: 'direct', dims: 1 }], fromLog2: 8, toLog2: 10 }],
  cancelProfile: [1],
  openDocument: [{ path: '/home/u/g.convolab.json' }],
  saveDocument: [{ text, path: '/home/u/g.convolab.json' }],
  exportFile: [{ suggestedName: 'a.wav', data: Uint8Array.from([82, 73, 70, 70]) }],
  listFolder: [''],
  uploadFile: [{ path: 'a.wav', data: Uint8Array.from([82, 73, 70, 70]) }],
  recentDocuments: [],
  clearRecent: [],
  startup: ['s1'],
  writeBackup: [{ id: 's1', text }],
  discardBackup: ['s1'],
  setDocumentState: [{ name: 'g', dirty: true }],
  libraryBlocks: [],
  saveLibraryBlock: [{ name: 'FFT convolution', text }],
  askToSave: ['g'],
  closeWindow: [],
};

