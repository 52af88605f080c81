import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { HostApi, HostInfo } from '../src-shared/protocol';
import { Canvas } from './canvas/Canvas';
import { Palette } from './panels/Palette';
import { createEditorStore, type EditorStore } from './store/document';
import { EditorContext, useEditor } from './store/context';

function StatusBar({ info }: { info: HostInfo | undefined }) {
  const run = useEditor((state) => state.run);
  const notice = useEditor((state) => state.notice);
  const count = useEditor((state) => state.document.nodes.length);
  return (
    <footer className="status-bar" role="status">
      <span data-run-status={run?.status ?? 'idle'}>
        {run ? `run ${run.runId}: ${run.status}${run.ms !== undefined ? ` in ${run.ms.toFixed(1)} ms` : ''}` : 'ready'}
      </span>
      <span>{count} nodes</span>
      {notice && <span className="notice">{notice}</span>}
      <span className="spacer" />
      <span>{info ? `Convolab ${info.version} · ${info.mode}` : 'connecting…'}</span>
    </footer>
  );
}

export function App({ host }: { host: HostApi }) {
  const [store] = useState<EditorStore>(() => createEditorStore(host));
  const [info, setInfo] = useState<HostInfo>();
  useEffect(() => {
    host.info().then(setInfo, () => undefined);
  }, [host]);
  return (
    <EditorContext.Provider value={store}>
      <ReactFlowProvider>
        <div className="app">
          <header className="title-bar">
            <strong>Convolab</strong>
            <span className="subtitle">see every wire</span>
          </header>
          <main className="workspace">
            <Palette />
            <Canvas />
          </main>
          <StatusBar info={info} />
        </div>
      </ReactFlowProvider>
    </EditorContext.Provider>
  );
}
