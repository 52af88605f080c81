/**
 * File › Export as Python: the open graph as a numpy/scipy script (src-shared/export/python.ts),
 * saved through the platform's dialog on the desktop and downloaded in the browser.
 */
import type { GraphDocument } from '../../src-shared/graph/document';
import { exportPython } from '../../src-shared/export/python';
import type { AppApi } from '../../src-shared/protocol';
import { deliver, plainFileName } from './deliver';

/** `dice.convolab.json` → `dice.py`; `Untitled` → `Untitled.py`. */
export function pythonScriptName(documentName: string): string {
  return `${plainFileName(documentName.replace(/(\.convolab)?\.json$/i, ''), 'graph')}.py`;
}

/**
 * Writes the script and says what happened in one line for the status bar, naming the nodes the
 * script cannot compute (it raises NotImplementedError there); undefined when the user cancelled.
 */
export async function exportPythonScript(
  api: Pick<AppApi, 'exportFile'>, mode: 'electron' | 'browser', document: GraphDocument, documentName: string,
): Promise<string | undefined> {
  const { text, unsupported } = exportPython(document, documentName);
  const saved = await deliver(api, mode, pythonScriptName(documentName), new TextEncoder().encode(text));
  if (saved === undefined) return undefined;
  if (unsupported.length === 0) return `Exported ${saved}: run it with python3 ${saved} (add --check DIR to compare with convolab run)`;
  const names = unsupported.slice(0, 3).map((node) => `${node.id} (${node.type})`).join(', ');
  const more = unsupported.length > 3 ? ` and ${unsupported.length - 3} more` : '';
  return `Exported ${saved}; it stops at ${names}${more}: no Python counterpart yet`;
}
