/**
 * pdfkit documents whose standard fonts (Helvetica, Helvetica-Bold, Courier) are parsed once per process
 * instead of once per document.
 *
 * Why: profiling the invoice PDF (docs/benchmarks.md, "boletos — PDF leg profiled") showed half of a
 * boleto invoice's CPU in two places of pdfkit's standard-font code: building the font's metrics
 * (`AFMFont`: the glyph widths and about 2,700 kerning pairs, rebuilt for every new document and every
 * font it uses), and looking a kerning pair up by a string made per glyph (`left + '\0' + right`).
 * pdfkit offers no way to share a font between documents, so this module takes the metrics object
 * pdfkit built for a probe document, answers its two per-glyph lookups from maps (same values), keeps
 * the width of each string already measured (the labels of every boleto are the same), and
 * registers a per-document font object around it in each new document before anything is drawn — what
 * pdfkit's own `doc.font(name)` would have created, minus the parsing. The output is byte-for-byte what
 * pdfkit writes by itself (`pdf-fonts.test.ts` compares them).
 *
 * If a pdfkit release changes the internals this relies on (checked once, on the probe), documents are
 * made the ordinary way.
 */
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../../lazy-require.js';

// pdfkit (with its fonts) is loaded by the first PDF, not at start (docs/benchmarks.md).
const PDFDocument = lazyRequire<typeof PDFKitDocument>('pdfkit');

/** The standard fonts the invoice PDFs use. */
const SHARED = ['Helvetica', 'Helvetica-Bold', 'Courier'] as const;

/** pdfkit's metrics object of a standard font (`AFMFont`), as far as it is read here. */
interface AfmMetrics {
  glyphWidths: Record<string, number>;
  kernPairs: Record<string, number>;
  widthOfGlyph(glyph: string): number;
  getKernPair(left: string, right: string | undefined): number;
}

/** pdfkit's per-document font object (`StandardFont`), as far as it is read here. */
interface StandardFontLike {
  name: string;
  widthOfString(text: string, size: number): number;
  font: AfmMetrics;
  ascender: number;
  descender: number;
  bbox: number[];
  lineGap: number;
  xHeight: number;
  capHeight: number;
}

/** The pdfkit document's font state (`FontsMixin`). */
interface FontState {
  _font: StandardFontLike | null;
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
}

interface Template {
  proto: object;
  font: StandardFontLike;
  /** The font's `widthOfString`, answering a string seen before from a cache. */
  widthOfString: (text: string, size: number) => number;
}

/**
 * Strings whose width is remembered per font; the cache starts over past this. The labels of a boleto
 * (about 60) are measured on every page, names and amounts are not. Only widths (numbers) are kept:
 * caching `encode` too (an object per glyph) saved no measurable CPU and raised the bench's peak RSS from
 * 244 to 400 MB at 3,000 PDFs.
 */
const CACHE_LIMIT = 2_000;

/** `StandardFont.widthOfString` of `font`, cached by string (the same arithmetic: sum, then scale). */
function cachedWidth(font: StandardFontLike) {
  const widths = new Map<string, number>();
  return (text: string, size: number) => {
    let w = widths.get(text);
    if (w === undefined) {
      if (widths.size >= CACHE_LIMIT) widths.clear();
      w = font.widthOfString(text, 1000);
      widths.set(text, w);
    }
    return w * (size / 1000);
  };
}

let templates: Map<string, Template> | null | undefined;

/** Same answers as `AFMFont`'s own lookups, from maps keyed by glyph name instead of a string per pair. */
function fastLookups(afm: AfmMetrics): void {
  const widths = new Map(Object.entries(afm.glyphWidths));
  const kerning = new Map<string, Map<string, number>>();
  for (const [pair, amount] of Object.entries(afm.kernPairs)) {
    const cut = pair.indexOf('\0');
    const left = pair.slice(0, cut);
    let row = kerning.get(left);
    if (!row) {
      row = new Map();
      kerning.set(left, row);
    }
    row.set(pair.slice(cut + 1), amount);
  }
  afm.widthOfGlyph = (glyph) => widths.get(glyph) || 0;
  afm.getKernPair = (left, right) => (right === undefined ? 0 : kerning.get(left)?.get(right) || 0);
}

/** The shared fonts, built from a probe document once; null when pdfkit's internals are not as expected. */
function sharedFonts(): Map<string, Template> | null {
  if (templates !== undefined) return templates;
  templates = null;
  try {
    const probe = new (PDFDocument())({ autoFirstPage: false }) as unknown as PDFKit.PDFDocument & FontState;
    const made = new Map<string, Template>();
    for (const name of SHARED) {
      probe.font(name);
      const font = probe._font;
      if (
        !font ||
        font.name !== name ||
        typeof font.font?.getKernPair !== 'function' ||
        typeof font.font.kernPairs !== 'object' ||
        typeof font.font.glyphWidths !== 'object' ||
        typeof probe._fontFamilies !== 'object' ||
        typeof probe._fontCount !== 'number'
      ) {
        return null;
      }
      fastLookups(font.font);
      if (typeof font.widthOfString !== 'function') return null;
      made.set(name, {
        proto: Object.getPrototypeOf(font) as object,
        font,
        widthOfString: cachedWidth(font),
      });
    }
    templates = made;
  } catch {
    templates = null;
  }
  return templates;
}

/**
 * A new pdfkit document (the same options as `new PDFDocument(options)`), its standard fonts shared with
 * every other document of the process. Its current font is Helvetica, as pdfkit's default.
 */
export function newPdfDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const shared = options.font === undefined ? sharedFonts() : null;
  if (!shared) return new (PDFDocument())(options);
  // `font: null` keeps pdfkit from loading its default font; the shared ones are registered instead, in
  // the order and with the ids pdfkit would give them (F1 Helvetica, …) — a font not used by the
  // document is never written into it.
  const doc = new (PDFDocument())({ ...options, font: null as unknown as string }) as PDFKit.PDFDocument &
    FontState;
  for (const [name, t] of shared) {
    const f = Object.create(t.proto) as StandardFontLike & { document: unknown; id: string };
    f.document = doc;
    f.name = name;
    f.id = `F${++doc._fontCount}`;
    f.font = t.font.font;
    f.ascender = t.font.ascender;
    f.descender = t.font.descender;
    f.bbox = t.font.bbox;
    f.lineGap = t.font.lineGap;
    f.xHeight = t.font.xHeight;
    f.capHeight = t.font.capHeight;
    f.widthOfString = t.widthOfString;
    doc._fontFamilies[name] = f;
  }
  doc.font('Helvetica');
  return doc;
}
