import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppApi, HostInfo } from '../src-shared/protocol';
import { BlockScope } from './canvas/BlockScope';
import { Canvas } from './canvas/Canvas';
import { formatMs, nodesInRun, SHOW_RUNNING_MS, useIsLong } from './store/nodeStatus';
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
import { Workspace } from './workspace/Workspace';
import { LessonPanel } from './views/lesson/LessonPanel';
import { ViewBoundary } from './views/ViewBoundary';
import { ViewDock } from './views/ViewDock';
import { countRender } from './renderCount';

/**
 * The run as a whole: its time when done, progress while a long one lasts. It reads the run's
 * status, not its count of nodes done: a run's results re-render the count alone, and only while
 * it is shown.
 */
function RunStatus() {
  countRender('RunStatus');
  const store = useEditorStore();
  const run = useEditor(
    useShallow((state) => (state.run ? { status: state.run.status, startedAt: state.run.startedAt, ms: state.run.ms, error: state.run.error } : undefined)),
  );
  const running = run?.status === 'running';
  const long = useIsLong(run?.startedAt, running);
  // A quick run is not announced: the bar keeps the last result until the new one is in.
  const visible = useIsLong(run?.startedAt, running, SHOW_RUNNING_MS);
  const settled = useRef<{ text: string; status: string }>({ text: 'ready', status: 'idle' });
  let text: ReactNode = settled.current.text;
  let shownStatus = settled.current.status;
  if (run && running && visible) {
    text = <RunningCount />;
    shownStatus = 'running';
  } else if (run && !running) {
    const words = run.status === 'done' ? `ran in ${formatMs(run.ms ?? 0)}` : run.status === 'cancelled' ? 'run cancelled' : `run failed${run.error ? `: ${run.error}` : ''}`;
    text = words;
    shownStatus = run.status;
    settled.current = { text: words, status: shownStatus };
  }
  return (
    <>
      <span className="run-status" data-run-status={run?.status ?? 'idle'}>
        <span className={`run-dot ${shownStatus}`} />
        {text}
      </span>
      <FailedNodes />
      {running && long && (
        <>
          <RunProgress />
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
    </>
  );
}

/** `running… 12 of 300 nodes`, while a run is shown running (a block's inner nodes each count). */
function RunningCount() {
  const done = useEditor((state) => state.run?.nodesDone ?? 0);
  const count = useEditor((state) => nodesInRun(state.document));
  return <>{`running… ${done} of ${count} nodes`}</>;
}

/** A long run's progress: the nodes done, and the one running now by the fraction it reported from inside its loop. */
function RunProgress() {
  const done = useEditor((state) => state.run?.nodesDone ?? 0);
  const count = useEditor((state) => nodesInRun(state.document));
  const current = useEditor((state) => {
    let fraction = 0;
    for (const nodeState of Object.values(state.nodeStates)) if (nodeState.status === 'running') fraction = nodeState.progress ?? 0;
    return fraction;
  });
  return <progress max={Math.max(1, count)} value={Math.min(count, done + current)} aria-label="Run progress" />;
}

/** The last notice, an error until dismissed, anything else for six seconds. */
function Notice() {
  const notice = useEditor((state) => state.notice);
  const [shownNotice, setShownNotice] = useState(notice);
  useEffect(() => {
    setShownNotice(notice);
    if (!notice || notice.level === 'error') return;
    const timer = setTimeout(() => setShownNotice(undefined), 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!shownNotice) return null;
  return (
    <span className={`notice ${shownNotice.level}`} data-notice-level={shownNotice.level}>
      {shownNotice.text}
      <button type="button" className="link" aria-label="Dismiss" onClick={() => setShownNotice(undefined)}>
        ×
      </button>
    </span>
  );
}

function NodeCount() {
  const count = useEditor((state) => state.document.nodes.length);
  return <span>{count === 1 ? '1 node' : `${count} nodes`}</span>;
}

/** The status bar: the run, failed nodes and checks, the graph's size, notices, the host. Each part reads only what it shows. */
function StatusBar({ info }: { info: HostInfo | undefined }) {
  countRender('StatusBar');
  return (
    <footer className="status-bar" role="status">
      <RunStatus />
      <CheckSummary />
      <NodeCount />
      <Notice />
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
              <Workspace
                palette={
                  <div className="left">
                    <Palette />
                    <Navigator />
                  </div>
                }
                centre={
                  <div className="centre">
                    <LessonPanel />
                    <ViewBoundary what="the canvas" resetKey="canvas">
                      <Canvas />
                    </ViewBoundary>
                    <ViewDock />
                  </div>
                }
                inspector={
                  <ViewBoundary what="the inspector" resetKey="inspector">
                    <Inspector />
                  </ViewBoundary>
                }
              />
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
