/**
 * The office's header atop a PDF's first page, the same on every document the office sends (a rule's
 * document here, billing's invoice): its name, a muted line with the CNPJ and city, and a rule below.
 */
import { formatTaxId } from '../../br/index.js';

/** The office as its PDF header shows it. */
export interface PdfOffice {
  name: string;
  cnpj: string | null;
  city?: string | null;
  state?: string | null;
}

/** Body text and the header's office line. */
export const PDF_INK = '#1f2933';
export const PDF_MUTED = '#616e7c';
/** Titles. */
export const PDF_ACCENT = '#0b7285';

/**
 * Draws the header at the page's top margin across its width, leaving the cursor below the rule.
 * @example drawOfficeHeader(doc, { name: 'Escritório Modelo', cnpj: '11222333000181' }, { name: 16, line: 9 })
 */
export function drawOfficeHeader(
  doc: PDFKit.PDFDocument,
  office: PdfOffice,
  fontSize: { name: number; line: number },
): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc
    .fillColor(PDF_INK)
    .font('Helvetica-Bold')
    .fontSize(fontSize.name)
    .text(office.name, left, doc.page.margins.top, { width });
  const officeLine = [
    office.cnpj ? `CNPJ ${formatTaxId(office.cnpj)}` : null,
    [office.city, office.state].filter(Boolean).join(' — ') || null,
  ]
    .filter(Boolean)
    .join('   ·   ');
  if (officeLine)
    doc.font('Helvetica').fontSize(fontSize.line).fillColor(PDF_MUTED).text(officeLine, { width });
  doc.moveDown(0.6);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor('#d9e2ec')
    .stroke();
  doc.moveDown(1);
}
