/** billing — fees (honorários): the office's PIX settings, fee contracts, invoices with PIX and PDF, and
 * the routines "Honorários" and "Honorários em atraso". */

export { billingFeeAdjustment } from './adjustment/fee-adjustment.routine.js';
export { createInvoiceAction, openInvoicesAction } from './automation-actions.js';
export { billingRoutes } from './billing.routes.js';
export * from './billing.schema.js';
export {
  createInvoice,
  getBillingSummary,
  listInvoices,
  saveFeeContract,
  savePixSettings,
  todayIn,
} from './billing.service.js';
export { addMonths, periodLabel } from './due-date.js';
export { billingMonthlyFees } from './monthly-fees.routine.js';
export { billingOverdueFees } from './overdue-fees.routine.js';
export { payInvoice } from './payments.service.js';
