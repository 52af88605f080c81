/**
 * The dock under the canvas: the selected node's value (the large preview) and, where they
 * apply, the teaching views — flip and slide for convolve/correlate, the equivalence check for
 * compare, the kernel inspector for kernels, the complexity profiler for convolutions and the
 * FFT route, the U-Net's feature maps for a node that offers the `unetFeatures` probe. Tabs appear only when there is more than the value to show; the dock remembers the
 * kind of view last chosen and shows it whenever the selection offers it. Its top edge resizes
 * it and its header collapses it (dockSize.ts remembers both).
 */
import { compareOperation } from '../../src-shared/nodes/op.compare';
import { convolveOperation } from '../../src-shared/nodes/op.convolve';
import { correlateOperation } from '../../src-shared/nodes/op.correlate';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { GraphNode } from '../../src-shared/graph/document';
import { LargePreview } from '../panels/LargePreview';
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorStore } from '../store/context';
import type { DockView } from '../store/document';
import { CompareView } from './compare/CompareView';
import { Splitter } from '../workspace/Splitter';
import { MIN_DOCK_HEIGHT, RESERVED_ABOVE_DOCK, useDockSize } from './dockSize';
import { FlipSlideView } from './flipSlide/FlipSlideView';
import { KernelView } from './kernel/KernelView';
import { ProfileView } from './profile/ProfileView';
import { PROFILED_TYPES } from './profile/series';
import { UNetView } from './unet/UNetView';
import { ViewBoundary } from './ViewBoundary';
import { UNET_FEATURES_PROBE } from './unet/useUNetFeatures';
import { countRender } from '../renderCount';

const TITLES: Readonly<Record<DockView, string>> = {
  value: 'Value',
  slide: 'Flip & slide',
  compare: 'Equivalence',
  kernel: 'Kernel',
  profile: 'Profile',
  unet: 'U-Net',
};

/** The teaching view that explains a node of this type, if there is one. */
export function teachingViewFor(type: string): DockView | undefined {
  if (type === convolveOperation.type || type === correlateOperation.type) return 'slide';
  if (type === compareOperation.type) return 'compare';
  const definition = getNodeDefinition(type);
  if (definition?.category === 'kernel') return 'kernel';
  if (definition?.probes && Object.hasOwn(definition.probes, UNET_FEATURES_PROBE)) return 'unet';
  return undefined;
}

/** The views the dock offers for a selection, the value first. */
export function viewsFor(selected: readonly GraphNode[]): DockView[] {
  const views: DockView[] = [];
  if (selected.length === 1) {
    views.push('value');
    const teaching = teachingViewFor(selected[0]!.type);
    if (teaching) views.push(teaching);
  }
  if (selected.some((node) => PROFILED_TYPES.has(node.type))) views.push('profile');
  return views;
}

const NOTHING: readonly GraphNode[] = [];

export function ViewDock() {
  countRender('ViewDock');
  const store = useEditorStore();
  // The selected nodes, compared one by one: an edit of a node not selected does not render the dock again.
  const selected = useEditor(
    useShallow((state) => {
      const ids = state.selection.nodes;
      return ids.length === 0 ? NOTHING : ids.flatMap((id) => state.document.nodes.filter((node) => node.id === id));
    }),
  );
  const preferred = useEditor((state) => state.dock);
  const views = viewsFor(selected);
  const shown: DockView = views.includes(preferred) ? preferred : (views[0] ?? 'value');
  const dock = useDockSize(shown !== 'value');
  const only = selected.length === 1 ? selected[0]!.id : undefined;
  let body;
  if (shown === 'value') body = <LargePreview />;
  else if (shown === 'slide' && only) body = <FlipSlideView nodeId={only} />;
  else if (shown === 'compare' && only) body = <CompareView nodeId={only} />;
  else if (shown === 'kernel' && only) body = <KernelView nodeId={only} />;
  else if (shown === 'unet' && only) body = <UNetView nodeId={only} />;
  else body = <ProfileView />;
  const what = selected.length === 0 ? '' : selected.length === 1 ? (selected[0]!.label ?? selected[0]!.id) : `${selected.length} nodes`;
  return (
    <section
      className={`view-dock${dock.collapsed ? ' collapsed' : ''}`}
      style={dock.collapsed ? undefined : { height: dock.height }}
      aria-label="Views"
      data-view={shown}
      data-collapsed={dock.collapsed}
    >
      <Splitter
        panel={{ size: dock.height, collapsed: dock.collapsed, resize: dock.resize, toggle: dock.toggle }}
        grows="up"
        least={MIN_DOCK_HEIGHT}
        most={window.innerHeight - RESERVED_ABOVE_DOCK}
        className="dock-splitter"
        label="Resize the dock"
      />
      <div className="view-tabs">
        {views.length > 1 || shown !== 'value' ? (
          <nav className="view-tab-list" role="tablist">
            {views.map((view) => (
            <button
              key={view}
              type="button"
              role="tab"
              aria-selected={view === shown}
              className={view === shown ? 'active' : ''}
              onClick={() => {
                store.getState().showView(view);
                if (dock.collapsed) dock.toggle();
              }}
            >
              {TITLES[view]}
            </button>
            ))}
          </nav>
        ) : (
          <span className="view-tabs-title">{TITLES[shown]}</span>
        )}
        <span className="muted view-tabs-what">{what}</span>
        <button
          type="button"
          className="dock-collapse"
          aria-expanded={!dock.collapsed}
          aria-label={dock.collapsed ? 'Expand the dock' : 'Collapse the dock'}
          title={dock.collapsed ? 'Expand the dock' : 'Collapse the dock'}
          onClick={dock.toggle}
        >
          {dock.collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!dock.collapsed && (
        <div className="view-dock-body">
          <ViewBoundary what={`the ${TITLES[shown]} view`} resetKey={`${shown} ${selected.map((node) => node.id).join(' ')}`}>
            {body}
          </ViewBoundary>
        </div>
      )}
    </section>
  );
}
