/**
 * Choosing files in the web build: the File System Access API where the browser has it (a file
 * opened can be saved back to), else an <input type=file> to open and a download to save.
 */

/** The parts of the File System Access API used here (not yet in TypeScript's DOM types). */
export interface WritableHandle {
  readonly kind?: string;
  readonly name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: Blob | string): Promise<void>; close(): Promise<void> }>;
}

interface PickerType {
  readonly description: string;
  readonly accept: Record<string, string[]>;
}

interface FileSystemAccess {
  showOpenFilePicker?(options: { types?: PickerType[]; excludeAcceptAllOption?: boolean; multiple?: boolean }): Promise<WritableHandle[]>;
  showSaveFilePicker?(options: { suggestedName?: string; types?: PickerType[] }): Promise<WritableHandle>;
}

function access(): FileSystemAccess {
  return window as unknown as FileSystemAccess;
}

/** True when the user dismissed a picker (not a failure to report). */
function dismissed(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function pickerTypes(extensions: readonly string[], description: string): PickerType[] {
  return [{ description, accept: { 'application/octet-stream': extensions.map((extension) => `.${extension}`) } }];
}

/** A file from <input type=file>; undefined when the user cancels. */
export function pickWithInput(extensions: readonly string[]): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((extension) => `.${extension}`).join(',');
    input.style.display = 'none';
    const done = (file: File | undefined): void => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0]), { once: true });
    input.addEventListener('cancel', () => done(undefined), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** A file to open: a handle that can be written back where the browser allows, else a File. */
export async function pickToOpen(extensions: readonly string[], description: string): Promise<WritableHandle | File | undefined> {
  const show = access().showOpenFilePicker;
  if (!show) return pickWithInput(extensions);
  try {
    const [handle] = await show.call(window, { types: pickerTypes(extensions, description), multiple: false });
    return handle;
  } catch (error) {
    if (dismissed(error)) return undefined;
    throw error;
  }
}

/**
 * Where to save: a handle where the browser has the File System Access API; `download` where it
 * has not (the bytes then go out as a download); undefined when the user cancels.
 */
export async function pickToSave(suggestedName: string, extensions: readonly string[], description: string): Promise<WritableHandle | 'download' | undefined> {
  const show = access().showSaveFilePicker;
  if (!show) return 'download';
  try {
    return await show.call(window, { suggestedName, types: pickerTypes(extensions, description) });
  } catch (error) {
    if (dismissed(error)) return undefined;
    throw error;
  }
}

/** Writes the whole file through its handle (the browser swaps it in when the stream closes). */
export async function writeThrough(handle: WritableHandle, data: Blob | string): Promise<void> {
  const stream = await handle.createWritable();
  await stream.write(data);
  await stream.close();
}
