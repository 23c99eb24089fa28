import { defineErrors } from '../../http/errors.js';
import { uploadErrors } from '../../http/upload-errors.js';

export const BillingError = defineErrors('billing', {
  client_not_found: { status: 404, 'pt-BR': 'Cliente não encontrado.', en: 'Client not found.' },
  invoice_not_found: { status: 404, 'pt-BR': 'Cobrança não encontrada.', en: 'Invoice not found.' },
  no_contract: {
    status: 409,
    'pt-BR': 'Este cliente não tem contrato de honorários. Cadastre o contrato ou informe o valor.',
    en: 'This client has no fee contract. Set up the contract or give the amount.',
  },
  pix_not_configured: {
    status: 409,
    'pt-BR':
      'A chave PIX do escritório não está configurada. Um administrador pode configurá-la na aba Honorários de qualquer cliente.',
    en: "The office's PIX key is not set up. An administrator can set it on any client's Fees tab.",
  },
  invoice_exists: {
    status: 409,
    'pt-BR': 'Já existe uma cobrança da competência {period} para este cliente.',
    en: 'There is already an invoice for {period} for this client.',
  },
  automation_no_client: {
    status: 422,
    'pt-BR': 'O item não está ligado a um cliente: não há de quem cobrar.',
    en: 'The item is not linked to a client: there is no one to invoice.',
  },
  automation_amount_invalid: {
    status: 422,
    'pt-BR': 'O campo “{field}” do item não tem um valor válido para a cobrança.',
    en: 'The item field “{field}” holds no valid amount for the invoice.',
  },
  invoice_not_open: {
    status: 409,
    'pt-BR': 'Esta cobrança já está {status} e não pode ser alterada.',
    en: 'This invoice is already {status} and cannot be changed.',
  },
  bank_account_not_found: {
    status: 404,
    'pt-BR': 'Conta bancária não encontrada.',
    en: 'Bank account not found.',
  },
  no_layout: {
    status: 409,
    'pt-BR': 'Não há layout CNAB {format} para o banco {bank}.',
    en: 'There is no CNAB {format} layout for bank {bank}.',
  },
  no_boletos: {
    status: 422,
    'pt-BR': 'Escolha ao menos um boleto a registrar desta conta.',
    en: 'Choose at least one boleto of this account to register.',
  },
  boletos_not_pending: {
    status: 409,
    'pt-BR': '{count} boleto(s) escolhido(s) não estão aguardando registro nesta conta.',
    en: '{count} chosen boleto(s) are not awaiting registration in this account.',
  },
  cnab_file_not_found: { status: 404, 'pt-BR': 'Arquivo CNAB não encontrado.', en: 'CNAB file not found.' },
  cnab_invalid: {
    status: 422,
    'pt-BR': 'O arquivo de retorno foi recusado ({count} problema(s)); nada foi aplicado. {first}',
    en: 'The retorno file was refused ({count} issue(s)); nothing was applied. {first}',
  },
  ...uploadErrors,
  not_ofx: {
    status: 422,
    'pt-BR': 'O arquivo não é um extrato OFX.',
    en: 'The file is not an OFX statement.',
  },
  statement_line_not_found: {
    status: 404,
    'pt-BR': 'Lançamento do extrato não encontrado.',
    en: 'Statement line not found.',
  },
  statement_line_decided: {
    status: 409,
    'pt-BR': 'Este lançamento do extrato já foi conciliado ou descartado.',
    en: 'This statement line was already reconciled or dismissed.',
  },
  statement_line_no_invoice: {
    status: 422,
    'pt-BR': 'Escolha a cobrança que este crédito paga.',
    en: 'Choose the invoice this credit pays.',
  },
  no_bank_account: {
    status: 409,
    'pt-BR':
      'O escritório não tem conta bancária padrão ativa para boletos. Um administrador pode cadastrá-la em Configurações → Contas bancárias.',
    en: 'The office has no active default bank account for boletos. An administrator can add one in Settings → Bank accounts.',
  },
  bank_account_inactive: {
    status: 409,
    'pt-BR': 'A conta bancária {label} está desativada. Reative-a ou escolha outra.',
    en: 'The bank account {label} is deactivated. Reactivate it or choose another.',
  },
  boleto_exists: {
    status: 409,
    'pt-BR':
      'Esta cobrança já tem boleto (nosso número {nossoNumero}). Cancele a cobrança para emitir outro.',
    en: 'This invoice already has a boleto (nosso número {nossoNumero}). Cancel the invoice to issue another.',
  },
  nosso_numero_exhausted: {
    status: 409,
    'pt-BR':
      'O próximo nosso número ({next}) não cabe no layout do banco para a conta {label}. Confira o convênio e a sequência com o banco.',
    en: "The next nosso número ({next}) does not fit the bank's layout for the account {label}. Check the convênio and the sequence with the bank.",
  },
});
