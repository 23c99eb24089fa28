import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { drawBoletoPage } from './boleto-pdf.js';
import { newPdfDocument } from './pdf-fonts.js';

const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument;

const options: PDFKit.PDFDocumentOptions = {
  size: 'A4',
  margin: 56,
  info: {
    Title: 'Teste',
    CreationDate: new Date('2026-11-01T12:00:00Z'),
    ModDate: new Date('2026-11-01T12:00:00Z'),
  },
};

/** Text in the three shared fonts, with kerning pairs (AV, To, Ty, "r.", "P,"), wrapped and aligned, and a boleto page. */
function draw(doc: PDFKit.PDFDocument): void {
  doc.font('Helvetica-Bold').fontSize(18).text('AVATAR Tovy — Ty. P, r. Wa', 56, 56, { width: 300 });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('Você pagará com PIX: “AV” ou Tô; a palavra longa quebra a linha aqui, depois ali.', {
      width: 180,
      align: 'right',
    });
  doc.font('Courier').fontSize(9).text('00020101021226850014BR.GOV.BCB.PIX', { lineBreak: false });
  drawBoletoPage(doc, {
    bank: { printedCode: '341-7', name: 'Banco Itaú S.A.' },
    linhaDigitavelFormatted: '34191.09008 00000.167045 14519.610006 1 12340000150000',
    barcode: '34191123400001500001090000000016704514519610',
    dueDate: '2026-11-20',
    amountCents: 150000,
    nossoNumeroFormatted: '109/00000001-6',
    beneficiaryCode: '0167 / 45145-9',
    carteira: '109',
    documentNumber: '2026-11',
    documentDate: '2026-11-01',
    processedOn: '2026-11-01',
    beneficiary: { name: 'Escritório AVT Ltda', cnpj: '11222333000181', address: 'São Paulo/SP' },
    payer: { name: 'Tatuí Yoga Ltda', document: '11444777000161' },
    instructions: ['Após o vencimento, multa de 2,00% (R$ 30,00).'],
    pixQr: null,
  });
}

async function bytesOf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('newPdfDocument', () => {
  it("writes the same bytes as pdfkit's own document, for the first and for later documents", async () => {
    const plain = await bytesOf(new PDFDocument(options));
    for (let i = 0; i < 3; i++) expect((await bytesOf(newPdfDocument(options))).equals(plain)).toBe(true);
  });

  it('shares the fonts: two documents hold the same metrics (pdfkit builds new ones per document)', () => {
    const metricsOf = (doc: PDFKit.PDFDocument) =>
      (doc as unknown as { _fontFamilies: Record<string, { font: object }> })._fontFamilies['Helvetica-Bold']!
        .font;
    expect(metricsOf(newPdfDocument(options))).toBe(metricsOf(newPdfDocument(options)));
    const a = new PDFDocument(options).font('Helvetica-Bold');
    const b = new PDFDocument(options).font('Helvetica-Bold');
    expect(metricsOf(a)).not.toBe(metricsOf(b));
  });

  it('measures text as pdfkit does (kerning included)', () => {
    const plain = new PDFDocument(options);
    const shared = newPdfDocument(options);
    for (const font of ['Helvetica', 'Helvetica-Bold', 'Courier']) {
      plain.font(font).fontSize(12);
      shared.font(font).fontSize(12);
      for (const s of ['AVATAR', 'Tovy Ty.', 'Wa, r. P,', 'Honorários — R$ 1.234,56'])
        expect(shared.widthOfString(s)).toBe(plain.widthOfString(s));
    }
    // Kerning is there: "AV" is narrower than "A" and "V" apart.
    shared.font('Helvetica');
    expect(shared.widthOfString('AV')).toBeLessThan(shared.widthOfString('A') + shared.widthOfString('V'));
  });
});
