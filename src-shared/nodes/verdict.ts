/**
 * Verdicts: a node whose value output is a check declares the field that says so in its
 * definition (`OutputPortDefinition.verdict`, op.compare's `match`). The editor shows PASS or FAIL
 * from it — apart from whether the node ran — on the node, in the inspector and in the status bar.
 */
import type { NodeDefinition } from './define';

export type Verdict = 'pass' | 'fail';

/** What a verdict is read from: a value record, or its preview (the same fields). */
export interface VerdictSource {
  readonly kind: string;
  readonly fields?: Readonly<Record<string, number>>;
}

/** A record's verdict by one field: 1 passes; 0, NaN or any other number fails; no field, none. */
export function verdictFromField(record: VerdictSource | undefined, field: string): Verdict | undefined {
  if (record?.kind !== 'value' || !record.fields) return undefined;
  const value = record.fields[field];
  if (typeof value !== 'number') return undefined;
  return value === 1 ? 'pass' : 'fail';
}

/** A node's verdict from its outputs: the first output its definition marks as a check. */
export function verdictOf(definition: NodeDefinition, outputs: Readonly<Record<string, VerdictSource | undefined>>): Verdict | undefined {
  for (const port of definition.outputs) {
    if (port.verdict === undefined) continue;
    const verdict = verdictFromField(outputs[port.id], port.verdict);
    if (verdict) return verdict;
  }
  return undefined;
}

/** The check field of one output port, if its definition declares one. */
export function verdictField(definition: NodeDefinition | undefined, port: string): string | undefined {
  return definition?.outputs.find((output) => output.id === port)?.verdict;
}
