/**
 * A rule's document as an A4 PDF (pdfkit with its standard fonts, so nothing to ship): the office's
 * header, the title, then the rendered text — a line starting with `# ` is a heading, `## ` a
 * subheading, `- ` an item of a list, a blank line ends a paragraph. The date is the run's, so the same
 * run always renders the same bytes (the blob store keeps one copy).
 */
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../../../lazy-require.js';
import { formatDateBR, formatTaxId } from '../../br/index.js';

// pdfkit is loaded by the first document, not at start (docs/benchmarks.md).
const PDFDocument = lazyRequire<typeof PDFKitDocument>('pdfkit');

const INK = '#1f2933';
const MUTED = '#616e7c';
const ACCENT = '#0b7285';

export interface DocumentPdfData {
  office: { name: string; cnpj: string | null; city: string | null; state: string | null };
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

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(16).text(data.office.name, left, 56, { width });
  const officeLine = [
    data.office.cnpj ? `CNPJ ${formatTaxId(data.office.cnpj)}` : null,
    [data.office.city, data.office.state].filter(Boolean).join(' — ') || null,
  ]
    .filter(Boolean)
    .join('   ·   ');
  if (officeLine) doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(officeLine, { width });
  doc.moveDown(0.6);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor('#d9e2ec')
    .stroke();
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(14).fillColor(ACCENT).text(data.title, { width });
  doc.moveDown(0.8);

  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    doc.font('Helvetica').fontSize(11).fillColor(INK).text(paragraph.join('\n'), left, doc.y, {
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
      doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(line.slice(3), left, doc.y, { width });
      doc.moveDown(0.4);
    } else if (line.startsWith('# ')) {
      flush();
      doc.font('Helvetica-Bold').fontSize(13).fillColor(ACCENT).text(line.slice(2), left, doc.y, { width });
      doc.moveDown(0.5);
    } else if (line.startsWith('- ')) {
      flush();
      doc
        .font('Helvetica')
        .fontSize(11)
        .fillColor(INK)
        .text(`•  ${line.slice(2)}`, left + 12, doc.y, { width: width - 12 });
      doc.moveDown(0.2);
    } else paragraph.push(line);
  }
  flush();
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MUTED)
    .text(`Emitido em ${formatDateBR(data.at)}`, left, doc.page.height - doc.page.margins.bottom - 12, {
      width,
      lineBreak: false,
    });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
