import { auditTrail } from '../platform/index.js';

/** The billing records the audit log names, each entry written in its change's transaction. */
export const billingAudit = {
  settings: auditTrail('billing_settings'),
  contract: auditTrail('fee_contract'),
  indexRate: auditTrail('fee_index_rate'),
  minimumWage: auditTrail('minimum_wage'),
  invoice: auditTrail('invoice'),
  bankAccount: auditTrail('bank_account'),
  boleto: auditTrail('boleto'),
  cnabFile: auditTrail('cnab_file'),
  statementImport: auditTrail('statement_import'),
  statementLine: auditTrail('statement_line'),
};
