/**
 * Benchmark runner: `npm run bench -- <name>` runs `bench/<name>.bench.ts`.
 *
 * Every `*.bench.ts` file in this directory is a bench (no registration needed): it exports
 * `async function run(): Promise<Record<string, number | string>>`, prints human-readable progress
 * lines as it goes and returns its figures, which the runner prints as the LAST line of stdout —
 * exactly one JSON object, so scripts can read `tail -n 1`.
 * Unknown or missing name: lists the benches and exits 2.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

type Figures = Record<string, number | string>;
interface BenchModule {
  run(): Promise<Figures>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** name → loader, from the `*.bench.ts` files beside this one. */
const benches: Record<string, () => Promise<BenchModule>> = Object.fromEntries(
  readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .map((f) => [f.slice(0, -'.bench.ts'.length), () => import(`./${f}`) as Promise<BenchModule>]),
);

function finish(figures: Figures, code: number): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`, () => process.exit(code));
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const load = name ? benches[name] : undefined;
  if (!name || !load) {
    process.stderr.write(
      `${name ? `Unknown bench "${name}". ` : ''}Usage: npm run bench -- <name>\nAvailable: ${Object.keys(benches).join(', ') || '(none)'}\n`,
    );
    process.exit(2);
  }
  const mod = await load();
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.bench.ts does not export run()`);
  const t0 = performance.now();
  const figures = await mod.run();
  process.stdout.write(`bench ${name} finished in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  finish({ bench: name, ...figures }, 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
