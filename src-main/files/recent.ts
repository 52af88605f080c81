/**
 * The recent-files list: newest first, no duplicates, at most `limit`, stored as JSON. A list
 * file that is missing or broken reads as empty rather than stopping the app.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from './atomic';

export const RECENT_LIMIT = 10;

export class RecentFiles {
  constructor(
    private readonly storePath: string,
    private readonly limit = RECENT_LIMIT,
  ) {}

  async list(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.storePath, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((entry): entry is string => typeof entry === 'string').slice(0, this.limit);
    } catch {
      return [];
    }
  }

  /**
   * Whether main recorded `path` here. Only main adds to the list (a file the window showed,
   * which it could show only once the user chose it), so a path found here may be opened and
   * written again by its path, as Open Recent does.
   */
  async has(path: string): Promise<boolean> {
    return (await this.list()).includes(resolve(path));
  }

  async add(path: string): Promise<string[]> {
    const full = resolve(path);
    const next = [full, ...(await this.list()).filter((entry) => entry !== full)].slice(0, this.limit);
    await this.save(next);
    return next;
  }

  async remove(path: string): Promise<string[]> {
    const full = resolve(path);
    const next = (await this.list()).filter((entry) => entry !== full);
    await this.save(next);
    return next;
  }

  async clear(): Promise<void> {
    await this.save([]);
  }

  private async save(list: string[]): Promise<void> {
    // The app's state folder does not exist until something is first kept in it.
    await mkdir(dirname(this.storePath), { recursive: true });
    await writeFileAtomic(this.storePath, JSON.stringify(list, null, 2) + '\n');
  }
}
