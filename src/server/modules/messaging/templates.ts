import type * as LiquidJs from 'liquidjs';
import type { Liquid, Template } from 'liquidjs';
import { lazyRequire } from '../../lazy-require.js';
import {
  addDays as addCivilDays,
  BusinessCalendar,
  formatDateBR,
  formatMoneyBRL,
  formatPhoneBR,
  formatTaxId,
} from '../br/index.js';
import { MessagingError } from './messaging.errors.js';

// LiquidJS is loaded by the first template compiled or rendered, not at start (docs/benchmarks.md).
const lib = lazyRequire<typeof LiquidJs>('liquidjs');
const nationalCalendar = new BusinessCalendar({});
let shared: Liquid | undefined;

/**
 * Tags that read another template (`include`, `render`, `layout`) have nothing to read here: each message
 * template stands alone. They are removed, so that a template using one is refused when it is saved or
 * previewed, with its own message (`template_tag_unavailable`), instead of failing when it is sent.
 */
export const UNAVAILABLE_TAGS = ['include', 'render', 'layout'] as const;

/**
 * Message templates are LiquidJS: sandboxed (no file system, no JavaScript), strict (an unknown variable or
 * filter is an error, never an empty string), with Brazilian filters:
 *   {{ fee.cents | money }} → R$ 1.234,56     {{ due | date }} → 23/11/2026
 *   {{ client.document | document }} → 12.ABC.345/01DE-35     {{ phone | phone }} → (11) 98765-4321
 *   {{ due | add_business_days: 3 }} → the date 3 business days later (national calendar)
 * The one configured engine, created on first use.
 */
export function liquid(): Liquid {
  if (shared) return shared;
  const engine = new (lib().Liquid)({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: 200,
    relativeReference: false,
    fs: {
      readFileSync: () => {
        throw new Error('includes are disabled');
      },
      readFile: async () => {
        throw new Error('includes are disabled');
      },
      existsSync: () => false,
      exists: async () => false,
      contains: async () => false,
      resolve: () => {
        throw new Error('includes are disabled');
      },
      sep: '/',
    },
  });

  // Tags that read another template have nothing to read here (see UNAVAILABLE_TAGS).
  for (const tag of UNAVAILABLE_TAGS) delete engine.tags[tag];
  engine.registerFilter('money', (cents: unknown) => formatMoneyBRL(Number(cents)));
  engine.registerFilter('date', (d: unknown) => (d ? formatDateBR(String(d)) : ''));
  engine.registerFilter('document', (v: unknown) => formatTaxId(String(v ?? '')));
  engine.registerFilter('phone', (v: unknown) => (v ? formatPhoneBR(String(v)) : ''));
  engine.registerFilter('add_business_days', (d: unknown, n: unknown) =>
    nationalCalendar.addBusinessDays(String(d).slice(0, 10), Number(n)),
  );
  engine.registerFilter('add_days', (d: unknown, n: unknown) =>
    addCivilDays(String(d).slice(0, 10), Number(n)),
  );
  shared = engine;
  return engine;
}

/** Variables a template may use, as dot paths (`client.legalName`); `*` ends a path that may hold anything. */
export type VariableList = readonly string[];

function lineOf(err: unknown): number {
  const token = (err as { token?: { getPosition?: () => [number, number] } }).token;
  return token?.getPosition?.()[0] ?? 1;
}

/** Every context variable a template expects (`client.legalName`), with the line of its first use. */
function variablesOf(template: Template[]): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  const { globals } = liquid().analyzeSync(template);
  for (const uses of Object.values(globals)) {
    for (const v of uses) {
      const path = v.segments.filter((p): p is string => typeof p === 'string').join('.');
      out.push({ path, line: v.location.row });
    }
  }
  return out;
}

/**
 * LiquidJS's reason, without its position (the line is said apart), and in pt-BR for the messages it
 * commonly gives; anything else keeps LiquidJS's words.
 */
function syntaxReason(err: unknown): { reason: string; reasonPt: string } {
  const reason = (err as Error).message.split(', line:')[0]!;
  const rules: [RegExp, (...m: string[]) => string][] = [
    [/^tag (\{%.*%\}) not closed$/s, (t) => `a tag ${t} não foi fechada`],
    [/^output "(.*)" not closed$/s, (o) => `a saída "${o}" não foi fechada com }}`],
    [/^tag "(.*)" not found$/, (t) => `tag desconhecida ou sem abertura: "${t}"`],
    [/^undefined filter: (.*)$/, (f) => `filtro desconhecido: ${f}`],
    [/^undefined variable: (.*)$/, (v) => `variável sem valor: ${v}`],
    [/^illegal tag: (.*)$/s, (t) => `tag inválida: ${t}`],
  ];
  for (const [re, pt] of rules) {
    const m = re.exec(reason);
    if (m) return { reason, reasonPt: pt(...m.slice(1)) };
  }
  return { reason, reasonPt: reason };
}

/**
 * Parses a template source and checks it reads only `allowed` variables. Throws a clear error naming the
 * line and the reason; returns the parsed template otherwise.
 */
export function compileTemplate(source: string, allowed: VariableList): Template[] {
  let parsed: Template[];
  try {
    parsed = liquid().parse(source);
  } catch (err) {
    const unavailable = /^tag "(\w+)" not found/.exec((err as Error).message ?? '')?.[1];
    if (unavailable && (UNAVAILABLE_TAGS as readonly string[]).includes(unavailable)) {
      throw new MessagingError('template_tag_unavailable', {
        params: { line: lineOf(err), tag: unavailable },
        cause: err,
      });
    }
    if (err instanceof lib().TokenizationError || err instanceof lib().ParseError || err instanceof Error) {
      throw new MessagingError('template_syntax', {
        params: { line: lineOf(err), ...syntaxReason(err) },
      });
    }
    throw err;
  }
  for (const { path, line } of variablesOf(parsed)) {
    const ok = allowed.some(
      (a) =>
        a === path ||
        (a.endsWith('.*') && (path.startsWith(a.slice(0, -1)) || path === a.slice(0, -2))) ||
        path.startsWith(`${a}.`),
    );
    if (!ok) {
      throw new MessagingError('unknown_variable', {
        params: { line, variable: path, available: allowed.join(', ') },
      });
    }
  }
  return parsed;
}

/** Renders a template with its variables; strict: a missing variable is an error, not an empty string. */
/** Parsed templates by source text: a routine or a ticket move renders the same few sources again and again. */
const parsed = new Map<string, Template[]>();
const PARSED_MAX = 500;

function parseCached(source: string): Template[] {
  let templates = parsed.get(source);
  if (!templates) {
    templates = liquid().parse(source);
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
    parsed.set(source, templates);
  }
  return templates;
}

export function renderTemplate(source: string, vars: Record<string, unknown>): string {
  try {
    return liquid().renderSync(parseCached(source), vars);
  } catch (err) {
    if (err instanceof lib().UndefinedVariableError || err instanceof lib().RenderError) {
      throw new MessagingError('template_syntax', {
        params: { line: lineOf(err), ...syntaxReason(err) },
      });
    }
    throw err;
  }
}
