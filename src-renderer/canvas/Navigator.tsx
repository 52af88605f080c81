/**
 * The minimap, in its own panel beside the canvas rather than over it, so it never hides a node.
 * React Flow's MiniMap reads the flow's store through the provider, so it works outside <ReactFlow>.
 */
import { MiniMap } from '@xyflow/react';
import { useSideWidths } from '../workspace/Workspace';
import { countRender } from '../renderCount';

/** The navigator's padding and the palette's border, around the minimap (px). */
const AROUND_MINIMAP = 17;

export function Navigator() {
  countRender('Navigator');
  // The minimap takes its size as numbers: it follows the palette's width as the user drags it.
  const width = useSideWidths().widths.palette - AROUND_MINIMAP;
  return (
    <section className="navigator" aria-label="Overview of the graph">
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap: drag to pan, wheel to zoom"
        style={{ width, height: 110 }}
        nodeBorderRadius={3}
        nodeColor={(node) => (node.type === 'frame' ? 'rgba(120, 140, 180, 0.25)' : node.selected ? '#6aa8ff' : '#4a5163')}
      />
    </section>
  );
}
