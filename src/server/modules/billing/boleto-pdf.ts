/**
 * The boleto page of the invoice PDF: recibo do pagador above, ficha de compensação below, per FEBRABAN's
 * layout (Especificações Técnicas para Confecção de Boleto de Pagamento, item "Ficha de Compensação") and
 * Circular Bacen 3.598/2012: bank code with its digit, the linha digitável, the boxes in their order, and
 * the barcode under "Autenticação mecânica".
 *
 * The barcode is interleaved 2 of 5 (ITF) of the 44 digits: start, the digit pairs, stop, as a bar/space
 * width sequence (`itfModules`, a table lookup — the unit test checks it against bwip-js's encoder for
 * random inputs; bwip-js itself ran a PostScript interpreter per boleto, about a tenth of a PDF's cost),
 * drawn here as vector rectangles at FEBRABAN's widths —
 * "Especificações Técnicas do Código de Barras", item 2: narrow element 0,254 mm (0,72 pt, 1/100 in), wide
 * element 3 × narrow (ratio 1:3), bar height 13 mm, quiet zones of at least 5 mm on each side — about
 * 103 mm in all (405 narrow modules), so bank scanners read it at any printer resolution.
 */
import { formatDateBR, formatMoneyBRL, formatTaxId } from '../br/index.js';

/** 1 mm in PDF points. */
export const MM = 72 / 25.4;
/** FEBRABAN's narrow element, 0,254 mm. */
export const ITF_NARROW_PT = 0.254 * MM;
export const ITF_HEIGHT_PT = 13 * MM;

export interface BoletoPdfData {
  bank: { printedCode: string; name: string };
  linhaDigitavelFormatted: string;
  barcode: string;
  dueDate: string;
  amountCents: number;
  nossoNumeroFormatted: string;
  beneficiaryCode: string;
  carteira: string;
  documentNumber: string;
  documentDate: string;
  processedOn: string;
  beneficiary: { name: string; cnpj: string | null; address: string | null };
  payer: { name: string; document: string };
  instructions: string[];
  /** The PIX QR code (PNG) drawn beside the barcode, when the office collects by both. */
  pixQr: Buffer | null;
}

/** Where the barcode landed on the page (points, top-left origin), for tests that read it back. */
export interface BarcodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * 2 of 5 patterns of the digits 0–9: five elements, `1` wide (FEBRABAN, "Especificações Técnicas do Código
 * de Barras", item 3; the same table as ANSI/AIM BC2). In ITF the first digit of a pair is carried by the
 * bars, the second by the spaces between them.
 */
const TWO_OF_FIVE = [
  '00110',
  '10001',
  '01001',
  '11000',
  '00101',
  '10100',
  '01100',
  '00011',
  '10010',
  '01010',
];
/** Start (narrow bar, space, bar, space) and stop (wide bar, narrow space, narrow bar). */
const ITF_START = [1, 1, 1, 1];
const ITF_STOP = [3, 1, 1];

/**
 * The bar/space widths of the ITF of `digits`, in narrow modules (1 or 3, FEBRABAN's ratio 1:3),
 * starting with a bar: 405 modules for the 44 digits of a boleto.
 */
export function itfModules(digits: string): number[] {
  if (!/^\d+$/.test(digits) || digits.length % 2) throw new RangeError('ITF needs an even number of digits');
  const out = [...ITF_START];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = TWO_OF_FIVE[digits.charCodeAt(i) - 48]!;
    const spaces = TWO_OF_FIVE[digits.charCodeAt(i + 1) - 48]!;
    for (let k = 0; k < 5; k++) out.push(bars[k] === '1' ? 3 : 1, spaces[k] === '1' ? 3 : 1);
  }
  out.push(...ITF_STOP);
  return out;
}

/** Draws the ITF barcode at (x, y) — top-left — and returns its box. */
export function drawItf(doc: PDFKit.PDFDocument, digits: string, x: number, y: number): BarcodeBox {
  let cursor = x;
  let end = x;
  const modules = itfModules(digits);
  doc.save().fillColor('#000000');
  modules.forEach((m, i) => {
    const w = m * ITF_NARROW_PT;
    if (i % 2 === 0) {
      doc.rect(cursor, y, w, ITF_HEIGHT_PT);
      end = cursor + w;
    }
    cursor += w;
  });
  doc.fill().restore();
  return { x, y, width: end - x, height: ITF_HEIGHT_PT };
}

const INK = '#000000';
const LABEL = '#333333';

/**
 * One line of text in a column `width` wide at (x, y), aligned: what `doc.text(text, x, y, { width, align,
 * lineBreak: false })` draws, placed here when it fits the width so pdfkit's line wrapper is skipped — the
 * wrapper splits every text into words by the Unicode line-break algorithm and measured at about two
 * thirds of a boleto page's cost. Text wider than the column goes through the wrapper, as before.
 */
export function textLine(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' | 'center' = 'left',
): void {
  const w = doc.widthOfString(text);
  if (w > width) {
    doc.text(text, x, y, { width, align, lineBreak: false });
    return;
  }
  const dx =
    align === 'right' ? width - doc.widthOfString(text.trimEnd()) : align === 'center' ? (width - w) / 2 : 0;
  doc.text(text, x + dx, y, { lineBreak: false });
}

/**
 * Adds the boleto page. Returns the barcode's box. The page is A4 with 10 mm margins; the ficha de
 * compensação takes the lower part, the recibo do pagador the upper, separated by a cut line.
 */
export function drawBoletoPage(doc: PDFKit.PDFDocument, b: BoletoPdfData): BarcodeBox {
  doc.addPage({ size: 'A4', margin: 10 * MM });
  const left = 10 * MM;
  const width = doc.page.width - 20 * MM;
  const rightCol = 48 * MM;
  const mainW = width - rightCol;

  const box = (
    x: number,
    y: number,
    w: number,
    h: number,
    label: string,
    value: string,
    opts: { bold?: boolean; align?: 'left' | 'right'; size?: number } = {},
  ) => {
    doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(INK).stroke();
    doc.font('Helvetica').fontSize(5.5).fillColor(LABEL);
    textLine(doc, label, x + 2, y + 1.5, w - 4);
    doc
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(opts.size ?? 8)
      .fillColor(INK);
    textLine(doc, value, x + 2, y + h - (opts.size ?? 8) - 2.5, w - 4, opts.align ?? 'left');
  };

  const header = (y: number, withLinha: boolean) => {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK);
    textLine(doc, b.bank.name, left, y + 6, 48 * MM);
    doc
      .moveTo(left + 50 * MM, y)
      .lineTo(left + 50 * MM, y + 20)
      .lineWidth(1)
      .stroke();
    doc.font('Helvetica-Bold').fontSize(14);
    textLine(doc, b.bank.printedCode, left + 51 * MM, y + 4, 20 * MM, 'center');
    doc
      .moveTo(left + 72 * MM, y)
      .lineTo(left + 72 * MM, y + 20)
      .stroke();
    doc.font('Helvetica-Bold').fontSize(withLinha ? 10.5 : 10);
    textLine(
      doc,
      withLinha ? b.linhaDigitavelFormatted : 'Recibo do Pagador',
      left + 73 * MM,
      y + 6,
      width - 73 * MM,
      'right',
    );
    doc
      .moveTo(left, y + 20)
      .lineTo(left + width, y + 20)
      .lineWidth(1.5)
      .stroke();
    return y + 20;
  };

  const beneficiaryText = [
    b.beneficiary.name,
    b.beneficiary.cnpj ? `CNPJ ${formatTaxId(b.beneficiary.cnpj)}` : null,
  ]
    .filter(Boolean)
    .join(' — ');
  const payerText = `${b.payer.name} — ${b.payer.document.length === 11 ? 'CPF' : 'CNPJ'} ${formatTaxId(b.payer.document)}`;
  const rowH = 20;

  // ---------------------------------------------------------------- recibo do pagador
  let y = header(10 * MM, false);
  box(left, y, mainW, rowH, 'Beneficiário', beneficiaryText);
  box(left + mainW, y, rightCol, rowH, 'Vencimento', formatDateBR(b.dueDate), { bold: true, align: 'right' });
  y += rowH;
  box(left, y, mainW, rowH, 'Pagador', payerText);
  box(left + mainW, y, rightCol, rowH, 'Agência / Código do Beneficiário', b.beneficiaryCode, {
    align: 'right',
  });
  y += rowH;
  const q = mainW / 3;
  box(left, y, q, rowH, 'Nº do documento', b.documentNumber);
  box(left + q, y, q, rowH, 'Data do documento', formatDateBR(b.documentDate));
  box(left + 2 * q, y, q, rowH, 'Carteira', b.carteira);
  box(left + mainW, y, rightCol, rowH, 'Nosso Número', b.nossoNumeroFormatted, { align: 'right' });
  y += rowH;
  box(left, y, mainW, rowH, 'Linha digitável', b.linhaDigitavelFormatted, { bold: true });
  box(left + mainW, y, rightCol, rowH, '(=) Valor do documento', formatMoneyBRL(b.amountCents), {
    bold: true,
    align: 'right',
  });
  y += rowH + 4;
  doc.font('Helvetica').fontSize(6).fillColor(LABEL);
  textLine(doc, 'Autenticação mecânica', left + mainW, y, rightCol, 'right');

  // cut line
  const cutY = 120 * MM;
  doc
    .save()
    .dash(3, { space: 2 })
    .moveTo(left, cutY)
    .lineTo(left + width, cutY)
    .lineWidth(0.5)
    .strokeColor('#666666')
    .stroke()
    .undash()
    .restore();
  doc.font('Helvetica').fontSize(6).fillColor(LABEL);
  textLine(doc, 'Corte na linha pontilhada', left, cutY + 2, width, 'right');

  // ---------------------------------------------------------------- ficha de compensação
  y = header(cutY + 12 * MM, true);
  box(
    left,
    y,
    mainW,
    rowH,
    'Local de pagamento',
    'Pagável em qualquer banco ou correspondente bancário até o vencimento',
  );
  box(left + mainW, y, rightCol, rowH, 'Vencimento', formatDateBR(b.dueDate), { bold: true, align: 'right' });
  y += rowH;
  box(
    left,
    y,
    mainW,
    rowH,
    'Beneficiário',
    [beneficiaryText, b.beneficiary.address].filter(Boolean).join(' — '),
  );
  box(left + mainW, y, rightCol, rowH, 'Agência / Código do Beneficiário', b.beneficiaryCode, {
    align: 'right',
  });
  y += rowH;
  const s = mainW / 5;
  box(left, y, s, rowH, 'Data do documento', formatDateBR(b.documentDate));
  box(left + s, y, s, rowH, 'Nº do documento', b.documentNumber);
  box(left + 2 * s, y, s, rowH, 'Espécie doc.', 'DS');
  box(left + 3 * s, y, s, rowH, 'Aceite', 'N');
  box(left + 4 * s, y, s, rowH, 'Data do processamento', formatDateBR(b.processedOn));
  box(left + mainW, y, rightCol, rowH, 'Nosso Número', b.nossoNumeroFormatted, { align: 'right' });
  y += rowH;
  box(left, y, s, rowH, 'Uso do banco', '');
  box(left + s, y, s, rowH, 'Carteira', b.carteira);
  box(left + 2 * s, y, s, rowH, 'Espécie', 'R$');
  box(left + 3 * s, y, s, rowH, 'Quantidade', '');
  box(left + 4 * s, y, s, rowH, 'Valor', '');
  box(left + mainW, y, rightCol, rowH, '(=) Valor do documento', formatMoneyBRL(b.amountCents), {
    bold: true,
    align: 'right',
  });
  y += rowH;
  const instrH = rowH * 4;
  doc.rect(left, y, mainW, instrH).lineWidth(0.5).stroke();
  doc.font('Helvetica').fontSize(5.5).fillColor(LABEL);
  // Without a width this text was given the rest of the page's width (pdfkit's default).
  textLine(
    doc,
    'Instruções (texto de responsabilidade do beneficiário)',
    left + 2,
    y + 1.5,
    doc.page.width - (left + 2) - doc.page.margins.right,
  );
  doc.font('Helvetica').fontSize(7.5).fillColor(INK);
  b.instructions.slice(0, 7).forEach((line, i) => {
    textLine(doc, line, left + 2, y + 10 + i * 9.5, mainW - 4);
  });
  box(left + mainW, y, rightCol, rowH, '(-) Desconto / Abatimento', '');
  box(left + mainW, y + rowH, rightCol, rowH, '(+) Mora / Multa', '');
  box(left + mainW, y + 2 * rowH, rightCol, rowH, '(+) Outros acréscimos', '');
  box(left + mainW, y + 3 * rowH, rightCol, rowH, '(=) Valor cobrado', '');
  y += instrH;
  box(left, y, width, rowH * 1.5, 'Pagador', payerText);
  y += rowH * 1.5 + 3;
  doc.font('Helvetica').fontSize(6).fillColor(LABEL);
  textLine(
    doc,
    'Autenticação mecânica — Ficha de Compensação',
    left + mainW - 20 * MM,
    y,
    rightCol + 20 * MM,
    'right',
  );

  // The barcode at the margin: the 10 mm margin is its left quiet zone (FEBRABAN asks ≥ 5 mm), and
  // nothing is drawn within 25 mm on its right.
  const barY = y + 10;
  const barcodeBox = drawItf(doc, b.barcode, left, barY);

  if (b.pixQr) {
    const size = 32 * MM;
    const qx = left + width - size;
    const qy = barY - 10;
    doc.image(b.pixQr, qx, qy, { width: size, height: size });
    doc
      .font('Helvetica-Bold')
      .fontSize(7)
      .fillColor(INK)
      .text('Pague também com PIX', qx - 30 * MM, qy + 4, { width: 28 * MM, align: 'right' });
    doc
      .font('Helvetica')
      .fontSize(6)
      .fillColor(LABEL)
      .text('Leia o QR code no aplicativo do seu banco.', qx - 30 * MM, qy + 14, {
        width: 28 * MM,
        align: 'right',
      });
  }
  return barcodeBox;
}
