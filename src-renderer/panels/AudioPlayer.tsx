/**
 * Plays what a node that offers play (its definition's `display.play`, as sink.audio's does)
 * received, in the app (Web Audio), with Play and Stop. The full signal comes from the host
 * (getValue); `normalize` scales its peak to 1, otherwise samples
 * beyond ±1 clip as a sound card would. One sound plays at a time, from one AudioContext shared by
 * the node's buttons and the large preview's, so both always show the same state; Stop suspends
 * the context so the audio device is released while nothing plays.
 */
import { useSyncExternalStore } from 'react';
import type { HostApi } from '../../src-shared/protocol';
import { useEditorStore } from '../store/context';

/** Sample rates an AudioBuffer accepts everywhere (Web Audio requires at least 3000–768000). */
const MIN_RATE = 3000;
const MAX_RATE = 768000;

export interface Playback {
  /** The node whose sound is loading or playing. */
  readonly nodeId?: string;
  readonly status: 'idle' | 'loading' | 'playing';
  readonly message?: string;
  /** The shared AudioContext's own state (`none` before the first Play). */
  readonly context: AudioContextState | 'none';
}

let playback: Playback = { status: 'idle', context: 'none' };
const listeners = new Set<() => void>();
let audioContext: AudioContext | undefined;
let playing: AudioBufferSourceNode | undefined;
/** Counts Play presses, so a slow fetch of an earlier press cannot start after a newer one. */
let ticket = 0;

function update(patch: Partial<Playback>): void {
  playback = { ...playback, ...patch };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePlayback(): Playback {
  return useSyncExternalStore(subscribe, () => playback);
}

function ensureContext(): AudioContext {
  if (!audioContext) {
    const created = new AudioContext();
    created.addEventListener('statechange', () => update({ context: created.state }));
    audioContext = created;
    update({ context: created.state });
  }
  return audioContext;
}

export function stopAudio(): void {
  ticket++;
  const source = playing;
  playing = undefined;
  if (source) {
    source.onended = null;
    source.stop();
  }
  if (audioContext && audioContext.state === 'running') void audioContext.suspend();
  update({ status: 'idle', nodeId: undefined });
}

export async function playAudio(host: HostApi, nodeId: string, normalize: boolean): Promise<void> {
  stopAudio();
  const mine = ++ticket;
  update({ status: 'loading', nodeId, message: undefined });
  try {
    const value = await host.getValue(nodeId, 'sink', { maxSamples: 1 << 24 });
    if (mine !== ticket) return;
    if (!value || value.kind !== 'signal') {
      update({ status: 'idle', nodeId: undefined, message: 'nothing to play yet: connect a signal and let it run' });
      return;
    }
    const samples = value.data;
    const rate = Math.min(MAX_RATE, Math.max(MIN_RATE, value.rate / value.step));
    let peak = 0;
    for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
    const gain = normalize && peak > 0 ? 1 / peak : 1;
    const context = ensureContext();
    const buffer = context.createBuffer(1, Math.max(1, samples.length), rate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = Math.max(-1, Math.min(1, samples[i]! * gain));
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.onended = () => {
      if (playing === source) stopAudio();
    };
    await context.resume();
    if (mine !== ticket) return;
    source.start();
    playing = source;
    const notes = [`${(samples.length / rate).toFixed(2)} s at ${rate} Hz`];
    if (rate !== value.rate) notes.push(`(the signal's rate ${value.rate} Hz is outside what audio plays)`);
    if (!normalize && peak > 1) notes.push(`peak ${peak.toFixed(2)} clips: turn on normalize`);
    update({ status: 'playing', nodeId, message: notes.join(' ') });
  } catch (error) {
    if (mine === ticket) update({ status: 'idle', nodeId: undefined, message: error instanceof Error ? error.message : String(error) });
  }
}

export function AudioPlayer({ nodeId, normalize, compact = false }: { nodeId: string; normalize: boolean; compact?: boolean }) {
  const store = useEditorStore();
  const state = usePlayback();
  const mine = state.nodeId === nodeId ? state.status : 'idle';
  return (
    <div className={`audio-player${compact ? ' compact nodrag' : ''}`} data-state={mine} data-context={state.context}>
      <button type="button" className={compact ? 'small' : undefined} onClick={() => void playAudio(store.getState().host, nodeId, normalize)} disabled={mine === 'loading'}>
        ▶ Play
      </button>
      <button type="button" className={compact ? 'small' : undefined} onClick={stopAudio} disabled={mine === 'idle'}>
        ■ Stop
      </button>
      {!compact && state.message && (state.nodeId === nodeId || state.nodeId === undefined) && <span className="muted">{state.message}</span>}
    </div>
  );
}
