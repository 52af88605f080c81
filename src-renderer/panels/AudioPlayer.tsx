/**
 * Plays what a `sink.audio` node received, in the app (Web Audio), with Play and Stop. The full
 * signal comes from the host (getValue); `normalize` scales its peak to 1, otherwise samples
 * beyond ±1 clip as a sound card would.
 */
import { useEffect, useRef, useState } from 'react';
import { useEditorStore } from '../store/context';
import { decodeFloat64 } from './fullValue';

/** Sample rates an AudioBuffer accepts everywhere (Web Audio requires at least 3000–768000). */
const MIN_RATE = 3000;
const MAX_RATE = 768000;

export function AudioPlayer({ nodeId, normalize }: { nodeId: string; normalize: boolean }) {
  const store = useEditorStore();
  const context = useRef<AudioContext | undefined>(undefined);
  const playing = useRef<AudioBufferSourceNode | undefined>(undefined);
  const [state, setState] = useState<'idle' | 'loading' | 'playing'>('idle');
  const [message, setMessage] = useState<string>();

  const stop = (): void => {
    playing.current?.stop();
    playing.current = undefined;
    setState('idle');
  };
  useEffect(() => () => {
    playing.current?.stop();
    void context.current?.close();
  }, []);

  const play = async (): Promise<void> => {
    stop();
    setState('loading');
    setMessage(undefined);
    try {
      const value = await store.getState().host.getValue(nodeId, 'sink', { maxSamples: 1 << 24 });
      if (!value || value.kind !== 'signal') {
        setMessage('nothing to play yet: connect a signal and let it run');
        setState('idle');
        return;
      }
      const samples = decodeFloat64(value.data);
      const rate = Math.min(MAX_RATE, Math.max(MIN_RATE, value.rate / value.step));
      let peak = 0;
      for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
      const gain = normalize && peak > 0 ? 1 / peak : 1;
      context.current ??= new AudioContext();
      const buffer = context.current.createBuffer(1, Math.max(1, samples.length), rate);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < samples.length; i++) channel[i] = Math.max(-1, Math.min(1, samples[i]! * gain));
      const source = context.current.createBufferSource();
      source.buffer = buffer;
      source.connect(context.current.destination);
      source.onended = () => {
        if (playing.current === source) stop();
      };
      await context.current.resume();
      source.start();
      playing.current = source;
      setState('playing');
      const notes = [`${(samples.length / rate).toFixed(2)} s at ${rate} Hz`];
      if (rate !== value.rate) notes.push(`(the signal's rate ${value.rate} Hz is outside what audio plays)`);
      if (!normalize && peak > 1) notes.push(`peak ${peak.toFixed(2)} clips: turn on normalize`);
      setMessage(notes.join(' '));
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
      setState('idle');
    }
  };

  return (
    <div className="audio-player" data-state={state}>
      <button type="button" onClick={() => void play()} disabled={state === 'loading'}>
        ▶ Play
      </button>
      <button type="button" onClick={stop} disabled={state !== 'playing'}>
        ■ Stop
      </button>
      {message && <span className="muted">{message}</span>}
    </div>
  );
}
