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
 * the encoding and width of each string already seen (the labels of every boleto are the same), and
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
  /** The font's `encode` and `widthOfString`, answering a string seen before from a cache. */
  encode: (text: string) => unknown;
  widthOfString: (text: string, size: number) => number;
}

/** Strings remembered per font; the cache starts over past this (labels repeat, names and amounts vary). */
const CACHE_LIMIT = 20_000;

/**
 * `StandardFont.encode` and `widthOfString` of `font`, cached by string. Callers only read what `encode`
 * returns (pdfkit's `_fragment` copies an entry before changing it), so one answer serves every document.
 */
function cachedMeasures(font: StandardFontLike & { encode(text: string): unknown }) {
  const encoded = new Map<string, unknown>();
  const widths = new Map<string, number>();
  const unscaled = (text: string) => font.widthOfString(text, 1000);
  return {
    encode(text: string) {
      let r = encoded.get(text);
      if (r === undefined) {
        if (encoded.size >= CACHE_LIMIT) encoded.clear();
        r = font.encode(text);
        encoded.set(text, r);
      }
      return r;
    },
    widthOfString(text: string, size: number) {
      let w = widths.get(text);
      if (w === undefined) {
        if (widths.size >= CACHE_LIMIT) widths.clear();
        w = unscaled(text);
        widths.set(text, w);
      }
      return w * (size / 1000);
    },
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
      const measured = font as StandardFontLike & { encode(text: string): unknown };
      if (typeof measured.encode !== 'function' || typeof measured.widthOfString !== 'function') return null;
      made.set(name, { proto: Object.getPrototypeOf(font) as object, font, ...cachedMeasures(measured) });
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
    Object.assign(f, { encode: t.encode, widthOfString: t.widthOfString });
    doc._fontFamilies[name] = f;
  }
  doc.font('Helvetica');
  return doc;
}
