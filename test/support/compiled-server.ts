import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerBuild {
  /** The compiled entry point (`…/dist/server/main.js`). */
  main: string;
  /** `dist` when the project's own build was used, `temp-build` for a throwaway one. */
  source: 'dist' | 'temp-build';
  ms: number;
  remove(): void;
}

/** The newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The compiled server, as `npm start` runs it: the project's `dist/server/main.js` when it exists and
 * is newer than every file in src/server, otherwise a throwaway `tsc -p tsconfig.server.json` build into
 * a temp directory holding a copy of package.json (for `"type": "module"`), a symlink to node_modules
 * and one to `dist/web` when that exists (so the web app is served as in production). Never writes
 * to `dist/`. Returns null if the build produced no main.js.
 */
export function compiledServer(root: string): ServerBuild | null {
  const own = join(root, 'dist/server/main.js');
  if (existsSync(own) && statSync(own).mtimeMs >= newestMtime(join(root, 'src/server'))) {
    return { main: own, source: 'dist', ms: 0, remove() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'expediente-build-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (existsSync(join(root, 'dist/web'))) {
    mkdirSync(join(dir, 'dist'));
    symlinkSync(join(root, 'dist/web'), join(dir, 'dist/web'), 'dir');
  }
  const t0 = performance.now();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  // Type errors elsewhere (work in progress) still emit JavaScript; only a missing main.js is fatal.
  // tsconfig.server.json's rootDir is src/ (server and shared), so its outDir is dist/: dist/server/main.js.
  spawnSync(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.server.json'), '--outDir', join(dir, 'dist')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const main = join(dir, 'dist/server/main.js');
  if (!existsSync(main)) {
    remove();
    return null;
  }
  return { main, source: 'temp-build', ms: performance.now() - t0, remove };
}
