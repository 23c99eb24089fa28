/**
 * The invoice as a one-page A4 PDF (pdfkit, standard fonts, so no font files to ship): the office, the
 * client, the competência, due date and amount, the PIX QR code and its "copia e cola" text, the txid.
 * The document's dates come from the invoice, so the same invoice always renders the same bytes (and the
 * content-addressed blob store keeps one copy however many messages attach it).
 */
import type { Readable } from 'node:stream';
import type * as QRCodeLib from 'qrcode';
import { lazyRequire } from '../../lazy-require.js';
import { drawOfficeHeader, PDF_ACCENT, PDF_INK, PDF_MUTED, type PdfOffice } from '../automation/index.js';
import { formatDateBR, formatMoneyBRL, formatTaxId } from '../br/index.js';
import { type BarcodeBox, type BoletoPdfData, drawBoletoPage } from './boleto-pdf.js';
import { periodLabel } from './due-date.js';
import { newPdfDocument } from './pdf-fonts.js';

// qrcode (like pdfkit, in pdf-fonts.ts) is loaded by the first invoice, not at start (docs/benchmarks.md).
const QRCode = lazyRequire<typeof QRCodeLib>('qrcode');

export interface InvoicePdfData {
  office: PdfOffice;
  client: { name: string; document: string };
  invoice: {
    id: string;
    period: string;
    amountCents: number;
    dueDate: string;
    status: 'open' | 'overdue' | 'paid' | 'cancelled';
    txid: string;
    pixCode: string | null;
    description: string;
    paidOn: string | null;
    createdAt: string;
  };
  /** The boleto, drawn on a second page (recibo do pagador and ficha de compensação). */
  boleto?: Omit<BoletoPdfData, 'pixQr'> | null;
  /** Whether the PIX QR code is offered (false for contracts collected by boleto only). Default true. */
  showPix?: boolean;
  /** Receives the barcode's box on the boleto page (tests read the barcode back from there). */
  onBarcode?: (box: BarcodeBox) => void;
}

/** `fatura-<client>-<period>.pdf`, ASCII only. */
export function invoiceFilename(clientName: string, period: string): string {
  const slug = clientName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `honorarios-${slug || 'cliente'}-${period}.pdf`;
}

/**
 * The invoice PDF as the stream pdfkit produces (to pipe to a response or into the blob store); the
 * document is complete, its bytes flow as the stream is read.
 */
export async function invoicePdfStream(data: InvoicePdfData): Promise<Readable> {
  const { office, client, invoice } = data;
  const boleto = invoice.status === 'cancelled' ? null : (data.boleto ?? null);
  const showPix = data.showPix ?? true;
  const qr =
    showPix && invoice.pixCode
      ? await QRCode().toBuffer(invoice.pixCode, {
          type: 'png',
          errorCorrectionLevel: 'M',
          margin: 1,
          width: 600,
        })
      : null;
  const created = new Date(invoice.createdAt);
  const doc = newPdfDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `${invoice.description} — ${client.name}`,
      Author: office.name,
      Subject: 'Cobrança de honorários',
      CreationDate: created,
      ModDate: created,
    },
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  drawOfficeHeader(doc, office, { name: 18, line: 10 });

  doc.font('Helvetica-Bold').fontSize(14).fillColor(PDF_ACCENT).text('Cobrança de honorários', { width });
  doc.moveDown(0.6);

  const row = (label: string, value: string, bold = false) => {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor(PDF_MUTED).text(label, left, y, { width: 130 });
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(bold ? 13 : 11)
      .fillColor(PDF_INK)
      .text(value, left + 135, y - (bold ? 1 : 0), { width: width - 135 });
    doc.moveDown(0.35);
  };
  const docLabel = client.document.length === 11 ? 'CPF' : 'CNPJ';
  row('Cliente', client.name);
  row(docLabel, formatTaxId(client.document));
  row('Competência', periodLabel(invoice.period));
  row('Vencimento', formatDateBR(invoice.dueDate));
  row('Valor', formatMoneyBRL(invoice.amountCents), true);
  if (showPix) row('Identificador (txid)', invoice.txid);
  if (boleto) {
    row('Boleto', `${boleto.bank.name} — nosso número ${boleto.nossoNumeroFormatted}`);
    row('Linha digitável', boleto.linhaDigitavelFormatted, true);
  }
  if (invoice.status === 'paid') {
    row('Situação', `PAGA${invoice.paidOn ? ` em ${formatDateBR(invoice.paidOn)}` : ''}`, true);
  } else if (invoice.status === 'cancelled') {
    row('Situação', 'CANCELADA — não pague esta cobrança', true);
  }

  if (qr && invoice.pixCode && invoice.status !== 'cancelled') {
    doc.moveDown(1);
    doc.font('Helvetica-Bold').fontSize(12).fillColor(PDF_INK).text('Pague com PIX', left, doc.y, { width });
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(PDF_MUTED)
      .text('Abra o aplicativo do seu banco, escolha Pix e leia o QR code ou cole o código abaixo.', {
        width,
      });
    doc.moveDown(0.6);
    const size = 180;
    const top = doc.y;
    doc.image(qr, left, top, { width: size, height: size });
    doc.y = top + size + 12;
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(PDF_INK)
      .text('PIX copia e cola', left, doc.y, { width });
    doc.moveDown(0.2);
    // Fixed-width lines cut by character, never at the code's own spaces (SAO PAULO), so a copy from the
    // PDF keeps every character.
    doc.font('Courier').fontSize(9).fillColor(PDF_INK);
    const perLine = Math.floor(width / doc.widthOfString('0'));
    for (let i = 0; i < invoice.pixCode.length; i += perLine) {
      doc.text(invoice.pixCode.slice(i, i + perLine), left, doc.y, { lineBreak: false, lineGap: 2 });
      doc.moveDown(1);
    }
  }

  if (boleto && invoice.status !== 'paid') {
    doc.moveDown(1);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(PDF_MUTED)
      .text(
        'O boleto está na página seguinte: pague-o em qualquer banco, no aplicativo ou em lotérica.',
        left,
        doc.y,
        {
          width,
        },
      );
  }

  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(PDF_MUTED)
    .text(
      `Emitido em ${formatDateBR(created)} · ${invoice.description} · ${invoice.id}`,
      left,
      doc.page.height - doc.page.margins.bottom - 12,
      { width, lineBreak: false },
    );
  if (boleto && invoice.status !== 'paid') {
    const box = drawBoletoPage(doc, { ...boleto, pixQr: qr });
    data.onBarcode?.(box);
  }
  doc.end();
  return doc;
}
