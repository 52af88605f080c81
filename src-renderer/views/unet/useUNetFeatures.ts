/**
 * The U-Net's feature maps from the host, kept current as the channel or the plane moves: one
 * request in flight at a time and only the newest wish asked next (volume/useVolumeImage's
 * latestOnly), asked again when the node re-ran. Refusals come back as their one line.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProbeArgs } from '../../../src-shared/protocol';
import type { UNetFeatures } from '../../../src-shared/nodes/unet3d-features';
import { useEditorStore } from '../../store/context';
import type { Loaded } from '../common';
import { latestOnly } from '../volume/useVolumeImage';

/** The probe the U-Net's definition offers (nodes/op.unet3d.ts's `probes`). */
export const UNET_FEATURES_PROBE = 'unetFeatures';

type Reply = { ok: true; value: UNetFeatures | undefined } | { ok: false; error: string };

export function useUNetFeatures(nodeId: string, args: ProbeArgs, generation: number): Loaded<UNetFeatures> {
  const store = useEditorStore();
  const [loaded, setLoaded] = useState<Loaded<UNetFeatures>>({ status: 'loading' });
  const fetcher = useRef<ReturnType<typeof latestOnly<string, Reply>>>(undefined);
  useEffect(() => {
    const created = latestOnly<string, Reply>(
      (request) => {
        const [node, asked] = JSON.parse(request) as [string, ProbeArgs];
        return store
          .getState()
          .host.probeNode(node, UNET_FEATURES_PROBE, asked)
          .then(
            (value): Reply => ({ ok: true, value: value as UNetFeatures | undefined }),
            (error: unknown): Reply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
          );
      },
      (reply) => {
        if (!reply.ok) setLoaded({ status: 'error', error: reply.error });
        else if (reply.value) setLoaded({ status: 'ok', value: reply.value });
      },
    );
    fetcher.current = created;
    return () => created.stop();
  }, [store]);
  const key = JSON.stringify([nodeId, args, generation]);
  useEffect(() => fetcher.current?.want(key), [key]);
  return loaded;
}
