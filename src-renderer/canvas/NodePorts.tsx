/**
 * A node's ports as the canvas draws them, for every kind of node (GenericNode from its type's
 * definition, BlockNode from its block's ports): inputs on the left, outputs on the right, each a
 * React Flow handle coloured by its data type with the port's name beside it, and, inside an
 * opened block, a tag on an inner port that is one of the block's own.
 */
import { Handle, Position } from '@xyflow/react';
import { PortEndTag, useOpenBlock } from './BlockScope';

export interface PortFace {
  /** The handle's id, as wires name it: a port's id, or a block port's name. */
  readonly id: string;
  /** The words beside the handle. */
  readonly label: string;
  /** The data type the handle is coloured by (`signal`, `image`, …; `any` while it is open). */
  readonly type: string;
  /** The handle's tooltip: the port and what it takes or gives. */
  readonly title: string;
}

export function NodePorts({ nodeId, inputs, outputs }: { nodeId: string; inputs: readonly PortFace[]; outputs: readonly PortFace[] }) {
  const ends = useOpenBlock()?.ends;
  return (
    <div className="cl-node-ports">
      <div className="cl-node-inputs">
        {inputs.map((port) => (
          <div key={port.id} className="cl-port cl-port-in">
            <Handle type="target" position={Position.Left} id={port.id} className={`type-${port.type}`} title={port.title} />
            <span>{port.label}</span>
            <PortEndTag end={ends?.get(`${nodeId}.${port.id}`)} />
          </div>
        ))}
      </div>
      <div className="cl-node-outputs">
        {outputs.map((port) => (
          <div key={port.id} className="cl-port cl-port-out">
            <PortEndTag end={ends?.get(`${nodeId}.${port.id}`)} />
            <span>{port.label}</span>
            <Handle type="source" position={Position.Right} id={port.id} className={`type-${port.type}`} title={port.title} />
          </div>
        ))}
      </div>
    </div>
  );
}
