/**
 * The boleto page of the invoice PDF: recibo do pagador above, ficha de compensação below, per FEBRABAN's
 * layout (Especificações Técnicas para Confecção de Boleto de Pagamento, item "Ficha de Compensação") and
 * Circular Bacen 3.598/2012: bank code with its digit, the linha digitável, the boxes in their order, and
 * the barcode under "Autenticação mecânica".
 *
 * The barcode is interleaved 2 of 5 (ITF) of the 44 digits. bwip-js encodes it (start, the digit pairs,
 * stop, as a bar/space width sequence) and it is drawn here as vector rectangles at FEBRABAN's widths —
 * "Especificações Técnicas do Código de Barras", item 2: narrow element 0,254 mm (0,72 pt, 1/100 in), wide
 * element 3 × narrow (ratio 1:3), bar height 13 mm, quiet zones of at least 5 mm on each side — about
 * 103 mm in all (405 narrow modules), so bank scanners read it at any printer resolution.
 */
import { lazyRequire } from '../../lazy-require.js';
import { formatDateBR, formatMoneyBRL, formatTaxId } from '../br/index.js';

type Bwip = typeof import('bwip-js');
// bwip-js is loaded by the first boleto, not at start (like pdfkit and qrcode).
const bwip = lazyRequire<Bwip>('bwip-js');

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
 * The bar/space widths of the ITF of `digits`, in narrow modules (1 or 3), starting with a bar. bwip-js
 * gives narrow 1 / wide 2 (its default ratio); the wide element is drawn as 3 here.
 */
export function itfModules(digits: string): number[] {
  if (!/^\d+$/.test(digits) || digits.length % 2) throw new RangeError('ITF needs an even number of digits');
  const [enc] = bwip().raw('interleaved2of5', digits, {}) as Array<{ sbs: number[] }>;
  return enc!.sbs.map((w) => (w > 1 ? 3 : 1));
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
    doc
      .font('Helvetica')
      .fontSize(5.5)
      .fillColor(LABEL)
      .text(label, x + 2, y + 1.5, { width: w - 4, lineBreak: false });
    doc
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(opts.size ?? 8)
      .fillColor(INK)
      .text(value, x + 2, y + h - (opts.size ?? 8) - 2.5, {
        width: w - 4,
        align: opts.align ?? 'left',
        lineBreak: false,
      });
  };

  const header = (y: number, withLinha: boolean) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor(INK)
      .text(b.bank.name, left, y + 6, { width: 48 * MM, lineBreak: false });
    doc
      .moveTo(left + 50 * MM, y)
      .lineTo(left + 50 * MM, y + 20)
      .lineWidth(1)
      .stroke();
    doc
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(b.bank.printedCode, left + 51 * MM, y + 4, { width: 20 * MM, align: 'center', lineBreak: false });
    doc
      .moveTo(left + 72 * MM, y)
      .lineTo(left + 72 * MM, y + 20)
      .stroke();
    if (withLinha) {
      doc
        .font('Helvetica-Bold')
        .fontSize(10.5)
        .text(b.linhaDigitavelFormatted, left + 73 * MM, y + 6, {
          width: width - 73 * MM,
          align: 'right',
          lineBreak: false,
        });
    } else {
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text('Recibo do Pagador', left + 73 * MM, y + 6, {
          width: width - 73 * MM,
          align: 'right',
          lineBreak: false,
        });
    }
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
  doc
    .font('Helvetica')
    .fontSize(6)
    .fillColor(LABEL)
    .text('Autenticação mecânica', left + mainW, y, { width: rightCol, align: 'right' });

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
  doc
    .font('Helvetica')
    .fontSize(6)
    .fillColor(LABEL)
    .text('Corte na linha pontilhada', left, cutY + 2, { width, align: 'right' });

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
  doc
    .font('Helvetica')
    .fontSize(5.5)
    .fillColor(LABEL)
    .text('Instruções (texto de responsabilidade do beneficiário)', left + 2, y + 1.5);
  doc.font('Helvetica').fontSize(7.5).fillColor(INK);
  b.instructions.slice(0, 7).forEach((line, i) => {
    doc.text(line, left + 2, y + 10 + i * 9.5, { width: mainW - 4, lineBreak: false });
  });
  box(left + mainW, y, rightCol, rowH, '(-) Desconto / Abatimento', '');
  box(left + mainW, y + rowH, rightCol, rowH, '(+) Mora / Multa', '');
  box(left + mainW, y + 2 * rowH, rightCol, rowH, '(+) Outros acréscimos', '');
  box(left + mainW, y + 3 * rowH, rightCol, rowH, '(=) Valor cobrado', '');
  y += instrH;
  box(left, y, width, rowH * 1.5, 'Pagador', payerText);
  y += rowH * 1.5 + 3;
  doc
    .font('Helvetica')
    .fontSize(6)
    .fillColor(LABEL)
    .text('Autenticação mecânica — Ficha de Compensação', left + mainW - 20 * MM, y, {
      width: rightCol + 20 * MM,
      align: 'right',
    });

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
