/** billing — fees (honorários): the office's PIX settings, fee contracts, invoices with PIX and PDF, and
 * the routines "Honorários" and "Honorários em atraso". */

export { BillingError } from './billing.errors.js';
export { billingRoutes } from './billing.routes.js';
export * from './billing.schema.js';
export {
  cancelInvoice,
  createInvoice,
  ensureInvoice,
  getBillingSummary,
  getInvoice,
  getPixSettings,
  invoicePdf,
  listArrears,
  listInvoices,
  payInvoice,
  saveFeeContract,
  savePixSettings,
} from './billing.service.js';
export { invoiceTemplate, overdueStaffTemplate, overdueTemplate } from './billing.templates.js';
export { billingSlots, dueDateFor, periodLabel } from './due-date.js';
export { renderInvoicePdf } from './invoice-pdf.js';
export { billingMonthlyFees } from './monthly-fees.routine.js';
export { billingOverdueFees } from './overdue-fees.routine.js';
