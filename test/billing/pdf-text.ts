import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Opens a PDF with pdf.js (the legacy build, for Node) and returns its text, every text item joined
 * without separators — so a PIX code drawn over several lines reads back whole — and its page count.
 */
export async function pdfText(data: Buffer | Uint8Array): Promise<string> {
  return (await readPdf(data)).text;
}

export async function readPdf(
  data: Buffer | Uint8Array,
): Promise<{ text: string; pages: number; title: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    verbosity: 0,
  }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str;
  }
  const meta = await doc.getMetadata();
  const title = String((meta.info as { Title?: string }).Title ?? '');
  const pages = doc.numPages;
  await doc.destroy();
  return { text, pages, title };
}
