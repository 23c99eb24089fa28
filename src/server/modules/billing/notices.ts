import { blobStore } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { SendInput } from '../messaging/index.js';
import { findOffice, type Office } from '../platform/index.js';
import { findContract } from './billing.repo.js';
import type { Invoice } from './billing.schema.js';
import { pdfOf } from './billing.service.js';
import { findLiveBoleto, toBoleto } from './boletos.repo.js';
import { periodLabel } from './due-date.js';
import { invoiceFilename } from './invoice-pdf.js';

/** How the invoice is paid, for its messages: the boleto's linha digitável and whether PIX is offered. */
export interface PaymentVars {
  linhaDigitavel: string;
  nossoNumero: string;
  showPix: boolean;
}

/** The invoice's live boleto and its contract's payment method, as the messages need them. */
export async function paymentVars(db: Db, officeId: string, invoice: Invoice): Promise<PaymentVars> {
  const [live, contract] = await Promise.all([
    findLiveBoleto(db, officeId, invoice.id),
    findContract(db, officeId, invoice.clientId),
  ]);
  const boleto = live ? toBoleto(live.boleto, live.account) : null;
  return {
    linhaDigitavel: boleto?.linhaDigitavelFormatted ?? '',
    nossoNumero: boleto?.nossoNumeroFormatted ?? '',
    showPix: !!invoice.pixCode && !(boleto && contract?.payment_method === 'boleto'),
  };
}

/**
 * The variables of the billing templates for one invoice. `invoice.pixCode` is empty when PIX is not
 * offered, `invoice.linhaDigitavel` when there is no boleto: the templates show each part only when set.
 */
export function invoiceVars(
  invoice: Invoice,
  payment: PaymentVars = { linhaDigitavel: '', nossoNumero: '', showPix: true },
): Record<string, unknown> {
  return {
    client: { name: invoice.clientName, document: invoice.clientDocument },
    invoice: {
      period: periodLabel(invoice.period),
      description: invoice.description,
      amountCents: invoice.amountCents,
      dueDate: invoice.dueDate,
      pixCode: payment.showPix ? (invoice.pixCode ?? '') : '',
      linhaDigitavel: payment.linhaDigitavel,
      nossoNumero: payment.nossoNumero,
      txid: invoice.txid,
      daysOverdue: invoice.daysOverdue,
    },
  };
}

/**
 * The invoice's PDF as a message attachment: piped from the renderer into the blob store (the same
 * invoice renders the same bytes, so a resend stores nothing new).
 */
export async function invoiceAttachment(
  ctx: AppContext,
  db: Db,
  officeId: string,
  invoice: Invoice,
): Promise<NonNullable<SendInput['attachments']>> {
  const office: Office | undefined = await findOffice(db, officeId);
  if (!office) throw new Error(`office ${officeId} not found`);
  return [
    {
      filename: invoiceFilename(invoice.clientName, invoice.period),
      contentType: 'application/pdf',
      ref: (await blobStore(ctx).put(await pdfOf(db, office, invoice))).ref,
    },
  ];
}

/** The client's Honorários tab in the web app, for staff notices. */
export function clientFeesLink(ctx: AppContext, clientId: string): string {
  const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  return `${base.replace(/\/$/, '')}/clients/${clientId}?tab=fees`;
}
