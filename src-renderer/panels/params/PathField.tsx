/**
 * String and path params: text applies as it is typed (any text is a string; the engine says
 * when a path names no file). A path has a picker: the served folder in a browser, the system's
 * file chooser in the desktop app and in the web build (which hands the file to its engine).
 */
import { useContext, useRef, useState } from 'react';
import { createStore, useStore } from 'zustand';
import type { PathParam, StringParam } from '../../../src-shared/nodes/define';
import { FilesContext } from '../../files/context';
import type { FileSessionState } from '../../files/controller';
import { PathPicker } from '../PathPicker';
import type { FieldProps } from './field';

/** Stands in for the file session where there is none (no FilesProvider above). */
const NO_SESSION = createStore<Pick<FileSessionState, 'file'>>(() => ({}));

export function StringField({ param, value, edit, common }: FieldProps<StringParam | PathParam>) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  return (
    <input
      {...common}
      type="text"
      value={draft ?? String(value ?? param.default ?? '')}
      onChange={(event) => {
        setDraft(event.target.value);
        edit.apply(event.target.value);
      }}
      onBlur={() => {
        setDraft(undefined);
        edit.finish();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          setDraft(undefined);
          edit.say(undefined);
          event.currentTarget.blur();
        }
      }}
    />
  );
}

export function PathField(props: FieldProps<PathParam>) {
  const { param, edit, common } = props;
  const [picking, setPicking] = useState(false);
  const files = useContext(FilesContext);
  const documentPath = useStore(files?.controller.session ?? NO_SESSION, (state) => state.file?.path);
  const fileInput = useRef<HTMLInputElement>(null);
  const label = common['aria-label'];
  const choose = (path: string): void => {
    edit.commit(path);
  };
  return (
    <span className="param-path">
      <StringField {...props} />
      <button
        type="button"
        className="nodrag small"
        title="Choose a file"
        aria-label={`Choose a file for ${label}`}
        aria-expanded={picking}
        onClick={() => {
          // The web build keeps a picked file's bytes under its name; serve lists its folder.
          if (files?.pickers) void files.pickers.chooseParamFile(param.extensions).then((name) => name !== undefined && choose(name));
          else if (files?.mode === 'browser') setPicking((open) => !open);
          else fileInput.current?.click();
        }}
      >
        …
      </button>
      {picking && files && (
        <PathPicker
          api={files.api}
          documentPath={documentPath}
          extensions={param.extensions}
          onPick={(path) => {
            setPicking(false);
            choose(path);
          }}
          onClose={() => setPicking(false)}
        />
      )}
      <input
        ref={fileInput}
        type="file"
        hidden
        accept={param.extensions.map((ext) => `.${ext}`).join(',')}
        onChange={(event) => {
          // A browser page learns only the file's name: it resolves against the graph's folder.
          const file = event.target.files?.[0];
          if (file) choose(file.name);
        }}
      />
    </span>
  );
}
