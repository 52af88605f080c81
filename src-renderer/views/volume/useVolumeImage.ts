/**
 * One plane (or projection) of a node's volume from the host, kept current as a slider moves:
 * at most one request in flight, and when it returns only the newest wish is asked for next, so a
 * fast scrub over a large volume never queues up stale planes.
 */
import { useEffect, useRef, useState } from 'react';
import type { FullValue, ValueOptions } from '../../../src-shared/protocol';
import { useEditorStore } from '../../store/context';

export type ImageValue = Extract<FullValue, { kind: 'image' }>;
export interface LoadedPlane {
  readonly value: ImageValue;
  readonly data: Float32Array;
  /** What was asked for: which plane (or projection) this is. */
  readonly options: ValueOptions;
}

/**
 * Asks `fetch` for what `want` was last given, one request at a time: wishes made while one is in
 * flight replace each other, and only the newest is asked for when it returns. Each answer goes
 * to `deliver` (with what it answers), unless `stop` was called.
 */
export function latestOnly<K, V>(fetch: (key: K) => Promise<V>, deliver: (value: V, key: K) => void) {
  let wanted: { key: K } | undefined;
  let busy = false;
  let stopped = false;
  const next = (): void => {
    if (busy || stopped || !wanted) return;
    const { key } = wanted;
    wanted = undefined;
    busy = true;
    const done = (value: V | undefined, ok: boolean): void => {
      busy = false;
      if (stopped) return;
      if (ok) deliver(value as V, key);
      next();
    };
    fetch(key).then(
      (value) => done(value, true),
      () => done(undefined, false),
    );
  };
  return {
    want(key: K): void {
      wanted = { key };
      next();
    },
    stop(): void {
      stopped = true;
    },
  };
}

export function useVolumeImage(nodeId: string, port: string, options: ValueOptions, generation: number): LoadedPlane | undefined {
  const store = useEditorStore();
  const [loaded, setLoaded] = useState<LoadedPlane>();
  const fetcher = useRef<ReturnType<typeof latestOnly<string, FullValue | undefined>>>(undefined);
  useEffect(() => {
    const created = latestOnly<string, FullValue | undefined>(
      (request) => {
        const [node, output, asked] = JSON.parse(request) as [string, string, ValueOptions];
        return store.getState().host.getValue(node, output, asked);
      },
      (value, request) => {
        const asked = (JSON.parse(request) as [string, string, ValueOptions])[2];
        if (value?.kind === 'image') setLoaded({ value, data: value.data, options: asked });
      },
    );
    fetcher.current = created;
    return () => created.stop();
  }, [store]);
  // The generation is in the key: a fresh result of the same plane is asked for again.
  const key = JSON.stringify([nodeId, port, options, generation]);
  useEffect(() => fetcher.current?.want(key), [key]);
  return loaded;
}
