import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../src-shared/graph/document';
import { loadGraph } from '../../../src-shared/graph/load';
import { exportPythonScript, pythonScriptName } from '../../../src-renderer/files/exportPython';

function example(name: string): GraphDocument {
  const loaded = loadGraph(readFileSync(`examples/${name}.convolab.json`, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

/** The desktop's save dialog: records what it was asked to save, and saves it (or is cancelled). */
function fakeDialog(cancel = false) {
  const requests: { suggestedName: string; data: Uint8Array }[] = [];
  return {
    requests,
    api: {
      exportFile: async (request: { suggestedName: string; data: Uint8Array }) => {
        requests.push(request);
        return cancel ? undefined : { name: request.suggestedName, path: `/home/me/${request.suggestedName}` };
      },
    },
  };
}

describe('File › Export as Python', () => {
  it('names the script after the graph file', () => {
    expect(pythonScriptName('two-dice.convolab.json')).toBe('two-dice.py');
    expect(pythonScriptName('scan.JSON')).toBe('scan.py');
    expect(pythonScriptName('Untitled')).toBe('Untitled.py');
  });

  it('saves the graph\'s script through the desktop\'s dialog and says how to run it', async () => {
    const dialog = fakeDialog();
    const said = await exportPythonScript(dialog.api, 'electron', example('two-dice'), 'two-dice.convolab.json');
    expect(said).toBe('Exported two-dice.py: run it with python3 two-dice.py (add --check DIR to compare with convolab run)');
    expect(dialog.requests).toHaveLength(1);
    expect(dialog.requests[0]!.suggestedName).toBe('two-dice.py');
    const text = new TextDecoder().decode(dialog.requests[0]!.data);
    expect(text.startsWith('#!/usr/bin/env python3\n"""two-dice.convolab.json, exported from Convolab')).toBe(true);
    expect(text).toContain('    sinks["plot"] = sink_plot(sum)\n');
  });

  it('names the nodes the script cannot compute, and says nothing when the dialog is cancelled', async () => {
    const said = await exportPythonScript(fakeDialog().api, 'electron', example('ct-3d-sparse'), 'ct-3d-sparse.convolab.json');
    expect(said).toBe('Exported ct-3d-sparse.py; it stops at phantom (source.phantom3d), fullScan (op.conebeam), fullFdk (op.fdk) and 4 more: no Python counterpart yet');
    expect(await exportPythonScript(fakeDialog(true).api, 'electron', example('two-dice'), 'two-dice.convolab.json')).toBeUndefined();
  });
});
