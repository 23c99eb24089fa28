/**
 * A rule's document as an A4 PDF (pdfkit with its standard fonts, so nothing to ship): the office's
 * header, the title, then the rendered text — a line starting with `# ` is a heading, `## ` a
 * subheading, `- ` an item of a list, a blank line ends a paragraph. The date is the run's, so the same
 * run always renders the same bytes (the blob store keeps one copy).
 */
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../../../lazy-require.js';
import { formatDateBR } from '../../br/index.js';
import { drawOfficeHeader, PDF_ACCENT, PDF_INK, PDF_MUTED, type PdfOffice } from './pdf-header.js';

// pdfkit is loaded by the first document, not at start (docs/benchmarks.md).
const PDFDocument = lazyRequire<typeof PDFKitDocument>('pdfkit');

export interface DocumentPdfData {
  office: PdfOffice;
  title: string;
  body: string;
  at: Date;
}

/** The PDF's bytes. */
export async function documentPdf(data: DocumentPdfData): Promise<Buffer> {
  const doc = new (PDFDocument())({
    size: 'A4',
    margin: 56,
    info: { Title: data.title, Author: data.office.name, CreationDate: data.at, ModDate: data.at },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  drawOfficeHeader(doc, data.office, { name: 16, line: 9 });
  doc.font('Helvetica-Bold').fontSize(14).fillColor(PDF_ACCENT).text(data.title, { width });
  doc.moveDown(0.8);

  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    doc.font('Helvetica').fontSize(11).fillColor(PDF_INK).text(paragraph.join('\n'), left, doc.y, {
      width,
      align: 'justify',
      lineGap: 2,
    });
    doc.moveDown(0.7);
    paragraph = [];
  };
  for (const raw of data.body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flush();
    } else if (line.startsWith('## ')) {
      flush();
      doc.font('Helvetica-Bold').fontSize(12).fillColor(PDF_INK).text(line.slice(3), left, doc.y, { width });
      doc.moveDown(0.4);
    } else if (line.startsWith('# ')) {
      flush();
      doc
        .font('Helvetica-Bold')
        .fontSize(13)
        .fillColor(PDF_ACCENT)
        .text(line.slice(2), left, doc.y, { width });
      doc.moveDown(0.5);
    } else if (line.startsWith('- ')) {
      flush();
      doc
        .font('Helvetica')
        .fontSize(11)
        .fillColor(PDF_INK)
        .text(`•  ${line.slice(2)}`, left + 12, doc.y, { width: width - 12 });
      doc.moveDown(0.2);
    } else paragraph.push(line);
  }
  flush();
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(PDF_MUTED)
    .text(`Emitido em ${formatDateBR(data.at)}`, left, doc.page.height - doc.page.margins.bottom - 12, {
      width,
      lineBreak: false,
    });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
