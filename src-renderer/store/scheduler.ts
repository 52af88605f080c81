/**
 * When the editor asks the host for a run. Changes made in one task (a drop that adds and
 * connects) become one run; changes while a run is in flight wait a little for it, so a dragged
 * slider shows every result it can instead of cancelling each one, then supersede it. The host
 * names each run, and its id reaches the page twice — in the answer to `run` and in the run's
 * events, in either order — so this class reconciles the two and says which events are stale.
 */

/** What the scheduler needs from the host (HostMethods' run and cancel, over the open document). */
export interface RunTarget {
  /** Sends a run of the document as it is now; resolves with the host's id for it. */
  run(): Promise<{ runId: number }>;
  cancel(runId: number): Promise<void>;
}

export interface RunSchedulerOptions {
  /**
   * How long a newer change waits for the run in flight before superseding it (ms). Changes while
   * nothing runs start a run at once.
   */
  readonly supersedeAfterMs?: number | undefined;
  /** The answer to `run` named a run newer than any event has yet (the page shows it running). */
  readonly onStarted?: (runId: number) => void;
  /** The host refused or could not take a run. */
  readonly onFailed?: (error: unknown) => void;
}

export class RunScheduler {
  /** Changes not sent yet. */
  private dirty = false;
  /** A microtask will look at the changes of the current task. */
  private queued = false;
  /** A run was sent and has not ended yet (nor failed to start). */
  private inFlight = false;
  /** Runs sent whose id the host has not told us yet. */
  private awaiting = 0;
  /** The newest id the host gave in answer to `run`. */
  private lastSent = 0;
  /** The newest run whose runEnd arrived. */
  private lastEnded = 0;
  /** The newest run id seen anywhere: events of older runs are stale. */
  private newest = 0;
  private supersedeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly target: RunTarget,
    private readonly options: RunSchedulerOptions = {},
  ) {}

  /** The document changed (or the user asked to run it again): a run follows, coalesced. */
  request(): void {
    this.dirty = true;
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.dirty) return;
      if (!this.inFlight) this.send();
      else this.supersedeTimer ??= setTimeout(() => this.send(), this.options.supersedeAfterMs ?? 120);
    });
  }

  /** Cancels the newest run if it has not ended; false when there is none to cancel. */
  cancel(): boolean {
    if (this.newest === 0 || this.lastEnded >= this.newest) return false;
    void this.target.cancel(this.newest).catch(() => undefined);
    return true;
  }

  /**
   * Notes what a host event says about runs and tells whether the page should apply it: false
   * for an event of a run older than one already seen (a superseded run's late results).
   */
  receive(event: { readonly kind: string; readonly runId?: number }): boolean {
    if (event.runId === undefined) return true;
    if (event.kind === 'runEnd') this.ended(event.runId);
    if (event.runId < this.newest) return false;
    this.newest = event.runId;
    return true;
  }

  private send(): void {
    this.dirty = false;
    this.inFlight = true;
    if (this.supersedeTimer) clearTimeout(this.supersedeTimer);
    this.supersedeTimer = undefined;
    this.awaiting++;
    this.target.run().then(
      ({ runId }) => {
        this.awaiting--;
        this.lastSent = Math.max(this.lastSent, runId);
        // The run may have ended before its id came back (a cached graph runs in no time).
        if (this.lastEnded >= runId) this.ended(runId);
        if (runId > this.newest) {
          this.newest = runId;
          this.options.onStarted?.(runId);
        }
      },
      (error: unknown) => {
        this.awaiting--;
        this.inFlight = false;
        this.options.onFailed?.(error);
      },
    );
  }

  private ended(runId: number): void {
    this.lastEnded = Math.max(this.lastEnded, runId);
    // Only the end of the newest run sent frees the way, and only once every id has come back.
    if (runId < this.lastSent || this.awaiting > 0) return;
    this.inFlight = false;
    if (this.dirty) this.send();
  }
}
