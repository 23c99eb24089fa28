/**
 * A module never writes another module's table, and reads one only as a documented read model
 * (src/server/db/table-owners.ts). Reads the source: every Kysely table reference (`selectFrom('x')`,
 * joins, writes) and every table named in raw `sql` text of each module's files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ModuleName, readModels, tableOwners } from '../../src/server/db/table-owners.js';

const root = join(import.meta.dirname, '../../src/server/modules');

interface TableUse {
  file: string;
  module: string;
  table: string;
  write: boolean;
}

const writes = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

/** The tables one file's source uses: Kysely builder calls, and FROM/JOIN/INTO/UPDATE in `sql` text. */
function tableUses(file: string, module: string, source: string): TableUse[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const uses: TableUse[] = [];
  const builder =
    /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*(?:\[\s*)?'([a-z_]+)/g;
  for (const m of code.matchAll(builder)) {
    uses.push({ file, module, table: m[2]!, write: writes.has(m[1]!) });
  }
  for (const tpl of code.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/g)) {
    for (const m of tpl[1]!.matchAll(/\b(from|join|into|update)\s+([a-z_]+)\b/gi)) {
      const verb = m[1]!.toLowerCase();
      uses.push({ file, module, table: m[2]!, write: verb === 'into' || verb === 'update' });
    }
  }
  return uses.filter((u) => u.table in tableOwners);
}

function moduleFiles(): { file: string; module: string }[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ file: join(root, f), module: f.split(/[/\\]/)[0]! }));
}

const owner = (table: string) => tableOwners[table as keyof typeof tableOwners];

function violations() {
  const allowed = new Set(readModels.map((r) => `${r.module}:${r.table}`));
  const found: string[] = [];
  const used = new Set<string>();
  for (const { file, module } of moduleFiles()) {
    for (const use of tableUses(file, module, readFileSync(file, 'utf8'))) {
      if (owner(use.table) === module) continue;
      const where = `${relative(root, file)}: ${use.write ? 'writes' : 'reads'} ${use.table} (${owner(use.table)}'s)`;
      if (use.write) found.push(where);
      else if (!allowed.has(`${module}:${use.table}`)) found.push(where);
      else used.add(`${module}:${use.table}`);
    }
  }
  return { found, used, allowed };
}

describe('table ownership', () => {
  it('no module writes another module’s table, and reads one only as a documented read model', () => {
    expect(violations().found).toEqual([]);
  });

  it('every documented read model is still in use (the list shrinks as reads move behind an index)', () => {
    const { used, allowed } = violations();
    expect([...allowed].filter((k) => !used.has(k))).toEqual([]);
  });

  it('every module named as an owner exists', () => {
    const modules = new Set(moduleFiles().map((f) => f.module));
    const owners = new Set<ModuleName>(Object.values(tableOwners));
    expect([...owners].filter((m) => !modules.has(m))).toEqual([]);
  });

  it('finds a write in builder calls and in raw SQL, and a read through a join', () => {
    const source = [
      "await db.updateTable('clients').set({ name: 'x' }).execute();",
      'await sql`INSERT INTO tickets (id) VALUES (1)`.execute(db);',
      "db.selectFrom('jobs as j').innerJoin('users as u', 'u.id', 'j.requested_by')",
      "// db.deleteFrom('offices') in a comment is not code",
    ].join('\n');
    expect(tableUses('x.ts', 'engine', source)).toEqual([
      { file: 'x.ts', module: 'engine', table: 'clients', write: true },
      { file: 'x.ts', module: 'engine', table: 'jobs', write: false },
      { file: 'x.ts', module: 'engine', table: 'users', write: false },
      { file: 'x.ts', module: 'engine', table: 'tickets', write: true },
    ]);
  });
});
