import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { AppApi, HostInfo } from '../src-shared/protocol';
import { BlockScope } from './canvas/BlockScope';
import { Canvas } from './canvas/Canvas';
import { formatMs, SHOW_RUNNING_MS, useIsLong } from './store/nodeStatus';
import { Navigator } from './canvas/Navigator';
import { Dialogs } from './files/Dialogs';
import { FileEvents } from './files/FileEvents';
import { FilesProvider } from './files/FilesProvider';
import { NodeMenu } from './files/NodeMenu';
import { TitleBar } from './files/TitleBar';
import { CheckSummary } from './panels/Checks';
import { FailedNodes } from './panels/FailedNodes';
import { Inspector } from './panels/Inspector';
import { Palette } from './panels/Palette';
import { createEditorStore, type EditorStore } from './store/document';
import { EditorContext, useEditor, useEditorStore } from './store/context';
import { LessonPanel } from './views/lesson/LessonPanel';
import { ViewDock } from './views/ViewDock';

/** The run as a whole: progress while it lasts, its time when done; notices on the right. */
function StatusBar({ info }: { info: HostInfo | undefined }) {
  const store = useEditorStore();
  const run = useEditor((state) => state.run);
  const notice = useEditor((state) => state.notice);
  const count = useEditor((state) => state.document.nodes.length);
  // The node running now counts by the fraction the engine reported from inside its loop.
  const current = useEditor((state) => {
    let fraction = 0;
    for (const nodeState of Object.values(state.nodeStates)) if (nodeState.status === 'running') fraction = nodeState.progress ?? 0;
    return fraction;
  });
  const running = run?.status === 'running';
  const long = useIsLong(run?.startedAt, running);
  const [shownNotice, setShownNotice] = useState(notice);
  useEffect(() => {
    setShownNotice(notice);
    if (!notice || notice.level === 'error') return;
    const timer = setTimeout(() => setShownNotice(undefined), 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  // A quick run is not announced: the bar keeps the last result until the new one is in.
  const visible = useIsLong(run?.startedAt, running, SHOW_RUNNING_MS);
  const settled = useRef<{ text: string; status: string }>({ text: 'ready', status: 'idle' });
  let text = settled.current.text;
  let shownStatus = settled.current.status;
  if (run && running && visible) {
    text = `running… ${run.nodesDone} of ${count} nodes`;
    shownStatus = 'running';
  } else if (run && !running) {
    if (run.status === 'done') text = `ran in ${formatMs(run.ms ?? 0)}`;
    else if (run.status === 'cancelled') text = 'run cancelled';
    else text = `run failed${run.error ? `: ${run.error}` : ''}`;
    shownStatus = run.status;
    settled.current = { text, status: shownStatus };
  }
  return (
    <footer className="status-bar" role="status">
      <span className="run-status" data-run-status={run?.status ?? 'idle'}>
        <span className={`run-dot ${shownStatus}`} />
        {text}
      </span>
      <FailedNodes />
      {running && long && (
        <>
          <progress max={Math.max(1, count)} value={Math.min(count, run.nodesDone + current)} aria-label="Run progress" />
          <button type="button" className="small" onClick={() => store.getState().cancelRun()}>
            Cancel run
          </button>
        </>
      )}
      {run?.status === 'cancelled' && (
        <button type="button" className="small" onClick={() => store.getState().runAgain()}>
          Run again
        </button>
      )}
      <CheckSummary />
      <span>{count} nodes</span>
      {shownNotice && (
        <span className={`notice ${shownNotice.level}`} data-notice-level={shownNotice.level}>
          {shownNotice.text}
          <button type="button" className="link" aria-label="Dismiss" onClick={() => setShownNotice(undefined)}>
            ×
          </button>
        </span>
      )}
      <span className="spacer" />
      <span>{info ? `Convolab ${info.version} · ${info.mode}` : 'connecting…'}</span>
    </footer>
  );
}

export function App({ host }: { host: AppApi }) {
  const [store] = useState<EditorStore>(() => createEditorStore(host));
  const [info, setInfo] = useState<HostInfo>();
  useEffect(() => {
    host.info().then(setInfo, () => undefined);
  }, [host]);
  return (
    <EditorContext.Provider value={store}>
      <FilesProvider api={host}>
        <ReactFlowProvider>
          <div className="app">
            <TitleBar />
            {/* Inside a block opened in place, these see and edit the block's content. */}
            <BlockScope>
              <main className="workspace">
                <div className="left">
                  <Palette />
                  <Navigator />
                </div>
                <div className="centre">
                  <LessonPanel />
                  <Canvas />
                  <ViewDock />
                </div>
                <Inspector />
              </main>
              {/* Fixed overlays, so they take no row of the app's grid. */}
              <FileEvents />
              <NodeMenu />
            </BlockScope>
            <StatusBar info={info} />
          </div>
          <Dialogs />
        </ReactFlowProvider>
      </FilesProvider>
    </EditorContext.Provider>
  );
}
