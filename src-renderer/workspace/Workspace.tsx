/**
 * The editor's workspace: the node palette (with the navigator), the canvas column and the
 * inspector, side by side. Each side panel has an edge toward the canvas to drag (Splitter.tsx),
 * a button on that edge to collapse it, and when collapsed a strip to bring it back; widths and
 * states are sidePanels.ts's. A collapsed panel stays mounted, only hidden, so what it held (the
 * palette's search, the inspector's open editors) is there again when it comes back.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { keysOf } from '../shortcuts';
import { useWindowSize } from './panelState';
import { clampSideWidth, mostSideWidth, SIDE_STATES, SIDES, sideWidths, toggleSide, type Side, type SideWidths } from './sidePanels';
import { Splitter } from './Splitter';

const SHORTCUT: Readonly<Record<Side, string>> = { palette: 'togglePalette', inspector: 'toggleInspector' };
/** The chevron that points the way the panel goes when its button is pressed. */
const CHEVRON: Readonly<Record<Side, { collapse: string; expand: string }>> = {
  palette: { collapse: '‹', expand: '›' },
  inspector: { collapse: '›', expand: '‹' },
};

function SidePanel({ side, width, otherWidth, windowWidth, children }: { side: Side; width: number; otherWidth: number; windowWidth: number; children: ReactNode }) {
  const spec = SIDES[side];
  const collapsed = SIDE_STATES[side]((state) => state.collapsed);
  const body = useRef<HTMLDivElement>(null);
  const strip = useRef<HTMLButtonElement>(null);
  const collapse = useRef<HTMLButtonElement>(null);
  // Focus inside the panel as it collapses (its search field, say) goes to the strip, not to
  // nothing; focus on the strip goes to the panel's edge button as it expands. Whatever toggles it
  // (a button, a key), the store tells before the panel is hidden, while the focus is still there.
  const hadFocus = useRef(false);
  useEffect(
    () =>
      SIDE_STATES[side].subscribe((now, before) => {
        if (now.collapsed === before.collapsed) return;
        const active = document.activeElement;
        hadFocus.current = active !== null && (body.current?.contains(active) === true || active === strip.current);
      }),
    [side],
  );
  useEffect(() => {
    if (!hadFocus.current) return;
    hadFocus.current = false;
    (collapsed ? strip : collapse).current?.focus();
  }, [collapsed]);
  const toggle = (): void => toggleSide(side);
  const keys = keysOf(SHORTCUT[side]);
  const name = `${collapsed ? 'Expand' : 'Collapse'} the ${spec.title}`;
  const panel = {
    size: width,
    collapsed,
    resize: (next: number, done: boolean) => SIDE_STATES[side].getState().resize(clampSideWidth(side, next, otherWidth, window.innerWidth), done),
    toggle,
  };
  return (
    <div className={`side-panel side-${side}${collapsed ? ' collapsed' : ''}`} data-side={side} data-collapsed={collapsed}>
      <div className="side-panel-body" ref={body} hidden={collapsed}>
        {children}
      </div>
      {collapsed ? (
        <button type="button" ref={strip} className="side-strip" aria-expanded={false} aria-label={name} title={`${name} (${keys})`} onClick={toggle}>
          <span className="side-strip-chevron" aria-hidden="true">
            {CHEVRON[side].expand}
          </span>
          <span className="side-strip-label" aria-hidden="true">
            {spec.strip}
          </span>
        </button>
      ) : (
        <button type="button" ref={collapse} className="side-collapse" aria-expanded aria-label={name} title={`${name} (${keys})`} onClick={toggle}>
          {CHEVRON[side].collapse}
        </button>
      )}
      <Splitter
        panel={panel}
        grows={side === 'palette' ? 'right' : 'left'}
        least={spec.least}
        most={mostSideWidth(side, otherWidth, windowWidth)}
        className="side-splitter"
        label={`Resize the ${spec.title}`}
      />
    </div>
  );
}

/**
 * The three columns. The panels' contents come in as elements made by the caller, so a drag of
 * an edge, which renders this at every move, renders none of them (the canvas, the inspector).
 */
export function Workspace({ palette, centre, inspector }: { palette: ReactNode; centre: ReactNode; inspector: ReactNode }) {
  const { widths, windowWidth } = useSideWidths();
  return (
    <main className="workspace" style={{ gridTemplateColumns: `${widths.palette}px minmax(0, 1fr) ${widths.inspector}px` }}>
      <SidePanel side="palette" width={widths.palette} otherWidth={widths.inspector} windowWidth={windowWidth}>
        {palette}
      </SidePanel>
      {centre}
      <SidePanel side="inspector" width={widths.inspector} otherWidth={widths.palette} windowWidth={windowWidth}>
        {inspector}
      </SidePanel>
    </main>
  );
}

/** The side panels' drawn widths in this window (px), following their states and the window. */
export function useSideWidths(): { widths: SideWidths; windowWidth: number } {
  const windowWidth = useWindowSize().width;
  const palette = SIDE_STATES.palette(useShallow((state) => ({ size: state.size, collapsed: state.collapsed })));
  const inspector = SIDE_STATES.inspector(useShallow((state) => ({ size: state.size, collapsed: state.collapsed })));
  return { widths: sideWidths(palette, inspector, windowWidth), windowWidth };
}
