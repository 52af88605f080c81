/**
 * The name Save to library asks for: prefilled with the block's title made file-safe, refused
 * in words while it is not a plain file name. One request at a time, answered by a promise.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { libraryNameProblem } from '../../src-shared/library';
import { Modal } from '../files/Dialogs';

interface NameRequest {
  /** Tells one request from the next, so a new one starts from its own initial name. */
  readonly id: number;
  readonly initial: string;
  readonly answer: (name: string | undefined) => void;
}

const requests = createStore<{ readonly request?: NameRequest }>()(() => ({}));
let nextId = 1;

/** Asks for a library name; undefined when the user cancels. */
export function askBlockName(initial: string): Promise<string | undefined> {
  requests.getState().request?.answer(undefined);
  return new Promise((resolve) => {
    const answer = (name: string | undefined): void => {
      requests.setState({ request: undefined });
      resolve(name);
    };
    requests.setState({ request: { id: nextId++, initial, answer } });
  });
}

export function SaveBlockDialog() {
  const request = useStore(requests, (state) => state.request);
  return request ? <NameField key={request.id} request={request} /> : null;
}

function NameField({ request }: { request: NameRequest }) {
  const [name, setName] = useState(request.initial);
  const problem = libraryNameProblem(name);
  const save = (): void => {
    if (problem === undefined) request.answer(name);
  };
  return (
    <Modal label="Save block to library" className="prompt" onDismiss={() => request.answer(undefined)}>
      <h2>Save block to My blocks</h2>
      <label className="library-name">
        Name
        <input type="text" value={name} data-autofocus aria-label="Block name" onChange={(event) => setName(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && save()} />
      </label>
      <p className={problem ? 'library-name-problem' : 'muted'} role={problem ? 'alert' : undefined}>
        {problem ?? 'It appears in the palette under My blocks; instances you insert from there can be updated when you save it again.'}
      </p>
      <div className="modal-buttons">
        <span className="spacer" />
        <button type="button" onClick={() => request.answer(undefined)}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={problem !== undefined} onClick={save}>
          Save
        </button>
      </div>
    </Modal>
  );
}
