import { blobStore } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { SendInput } from '../messaging/index.js';
import { findOffice, type Office } from '../platform/index.js';
import type { Invoice } from './billing.schema.js';
import { pdfOf } from './billing.service.js';
import { periodLabel } from './due-date.js';
import { invoiceFilename } from './invoice-pdf.js';

/** The variables of the billing templates for one invoice. */
export function invoiceVars(invoice: Invoice): Record<string, unknown> {
  return {
    client: { name: invoice.clientName, document: invoice.clientDocument },
    invoice: {
      period: periodLabel(invoice.period),
      description: invoice.description,
      amountCents: invoice.amountCents,
      dueDate: invoice.dueDate,
      pixCode: invoice.pixCode ?? '',
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
  app: AppContext,
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
      ref: (await blobStore(app).put(await pdfOf(office, invoice))).ref,
    },
  ];
}

/** The client's Honorários tab in the web app, for staff notices. */
export function clientFeesLink(app: AppContext, clientId: string): string {
  const base = app.config.publicUrl ?? `http://${app.config.host}:${app.config.port}`;
  return `${base.replace(/\/$/, '')}/clients/${clientId}?tab=fees`;
}
