/**
 * Keeps a view's failure inside the view: a view that throws while it renders (a bug of ours, or
 * a value no one foresaw) would otherwise unmount the whole editor and leave a blank window. The
 * graph lives in the store, outside React, so nothing the user made is touched; the boundary says
 * which view failed and with what, and shows that view again when the user picks another node or
 * view, or asks to try again.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ViewBoundaryProps {
  /** What failed, as the user calls it: "the Kernel view", "the canvas". */
  readonly what: string;
  /** When this changes (another node or view chosen), the view is drawn again. */
  readonly resetKey: string;
  readonly children: ReactNode;
}

interface ViewBoundaryState {
  readonly error?: Error;
}

export class ViewBoundary extends Component<ViewBoundaryProps, ViewBoundaryState> {
  override state: ViewBoundaryState = {};

  static getDerivedStateFromError(error: unknown): ViewBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Convolab: ${this.props.what} failed`, error, info.componentStack);
  }

  override componentDidUpdate(previous: ViewBoundaryProps): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const message = error.message.split('\n')[0]!.slice(0, 300) || error.name;
    return (
      <div className="view-failed" role="alert">
        <p>
          {this.props.what[0]!.toUpperCase() + this.props.what.slice(1)} failed ({message}). Your graph is untouched: pick another node or
          view, or{' '}
          <button type="button" onClick={() => this.setState({ error: undefined })}>
            try again
          </button>
          .
        </p>
      </div>
    );
  }
}
