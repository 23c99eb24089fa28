import {
  type CnabLayout,
  type FieldRow,
  type NossoNumeroFormat,
  type Occurrence,
  record,
  type Words,
} from '../layout.js';

/**
 * The FEBRABAN CNAB 240 layout of cobrança ("Layout Padrão de Arquivos CNAB 240", FEBRABAN, v10.7 and
 * earlier): file header (0), lot header (1), remessa segments P, Q, R and retorno segments T, U (3), lot
 * trailer (5), file trailer (9). Every bank that takes CNAB 240 follows these positions; what differs per
 * bank is the layout version in the headers, how it writes the convênio and the nosso número, and the
 * reasons it adds to the standard tables. Each bank's file (`<bank>-240.ts`) passes those here.
 */

const L = 240;

/** The records of one bank's CNAB 240: the bank code, the file and lot versions are constants of them. */
function records240(BANK: string, version: string, lotVersion: string) {
  // Positions 1–17 of a detail segment (P, Q, R, T, U).
  const segmentStart = (segment: string): FieldRow[] => [
    ['bankCode', 1, 3, 'num', BANK],
    ['lot', 4, 7, 'num'],
    ['recordType', 8, 8, 'num', '3'],
    ['sequence', 9, 13, 'num'],
    ['segment', 14, 14, 'alpha', segment],
    ['blank15', 15, 15, 'alpha'],
    ['movement', 16, 17, 'num'],
  ];

  const fileHeader: FieldRow[] = [
    ['bankCode', 1, 3, 'num', BANK],
    ['lot', 4, 7, 'num', '0000'],
    ['recordType', 8, 8, 'num', '0'],
    ['blank9', 9, 17, 'alpha'],
    ['companyDocumentType', 18, 18, 'num'],
    ['companyDocument', 19, 32, 'num'],
    ['convenio', 33, 52, 'alpha'],
    ['agency', 53, 57, 'num'],
    ['agencyDigit', 58, 58, 'alpha'],
    ['account', 59, 70, 'num'],
    ['accountDigit', 71, 71, 'alpha'],
    ['agencyAccountDigit', 72, 72, 'alpha'],
    ['companyName', 73, 102, 'alpha'],
    ['bankName', 103, 132, 'alpha'],
    ['blank133', 133, 142, 'alpha'],
    ['direction', 143, 143, 'num'],
    ['generatedOn', 144, 151, 'date8'],
    ['generatedAt', 152, 157, 'time6'],
    ['fileSequence', 158, 163, 'num'],
    ['layoutVersion', 164, 166, 'num', version],
    ['density', 167, 171, 'num'],
    ['bankReserved', 172, 191, 'alpha'],
    ['companyReserved', 192, 211, 'alpha'],
    ['blank212', 212, 240, 'alpha'],
  ];

  const lotHeader: FieldRow[] = [
    ['bankCode', 1, 3, 'num', BANK],
    ['lot', 4, 7, 'num'],
    ['recordType', 8, 8, 'num', '1'],
    ['operation', 9, 9, 'alpha'],
    ['service', 10, 11, 'num', '01'],
    ['blank12', 12, 13, 'alpha'],
    ['lotVersion', 14, 16, 'num', lotVersion],
    ['blank17', 17, 17, 'alpha'],
    ['companyDocumentType', 18, 18, 'num'],
    ['companyDocument', 19, 33, 'num'],
    ['convenio', 34, 53, 'alpha'],
    ['agency', 54, 58, 'num'],
    ['agencyDigit', 59, 59, 'alpha'],
    ['account', 60, 71, 'num'],
    ['accountDigit', 72, 72, 'alpha'],
    ['agencyAccountDigit', 73, 73, 'alpha'],
    ['companyName', 74, 103, 'alpha'],
    ['message1', 104, 143, 'alpha'],
    ['message2', 144, 183, 'alpha'],
    ['fileSequence', 184, 191, 'num'],
    ['generatedOn', 192, 199, 'date8'],
    ['creditOn', 200, 207, 'date8'],
    ['blank208', 208, 240, 'alpha'],
  ];

  const segmentP: FieldRow[] = [
    ...segmentStart('P'),
    ['agency', 18, 22, 'num'],
    ['agencyDigit', 23, 23, 'alpha'],
    ['account', 24, 35, 'num'],
    ['accountDigit', 36, 36, 'alpha'],
    ['agencyAccountDigit', 37, 37, 'alpha'],
    ['nossoNumero', 38, 57, 'alpha'],
    ['carteira', 58, 58, 'num'],
    ['registration', 59, 59, 'num'],
    ['documentType', 60, 60, 'alpha'],
    ['issuer', 61, 61, 'num'],
    ['distribution', 62, 62, 'alpha'],
    ['documentNumber', 63, 77, 'alpha'],
    ['dueDate', 78, 85, 'date8'],
    ['amount', 86, 100, 'money'],
    ['collectingAgency', 101, 105, 'num'],
    ['collectingAgencyDigit', 106, 106, 'alpha'],
    ['kind', 107, 108, 'num'],
    ['accepted', 109, 109, 'alpha'],
    ['issuedOn', 110, 117, 'date8'],
    ['interestCode', 118, 118, 'num'],
    ['interestFrom', 119, 126, 'date8'],
    ['interest', 127, 141, 'num'],
    ['discountCode', 142, 142, 'num'],
    ['discountUntil', 143, 150, 'date8'],
    ['discount', 151, 165, 'money'],
    ['iof', 166, 180, 'money'],
    ['rebate', 181, 195, 'money'],
    ['companyReference', 196, 220, 'alpha'],
    ['protestCode', 221, 221, 'num'],
    ['protestDays', 222, 223, 'num'],
    ['writeOffCode', 224, 224, 'num'],
    ['writeOffDays', 225, 227, 'alpha'],
    ['currency', 228, 229, 'num', '09'],
    ['contract', 230, 239, 'num'],
    ['blank240', 240, 240, 'alpha'],
  ];

  const segmentQ: FieldRow[] = [
    ...segmentStart('Q'),
    ['payerDocumentType', 18, 18, 'num'],
    ['payerDocument', 19, 33, 'num'],
    ['payerName', 34, 73, 'alpha'],
    ['payerAddress', 74, 113, 'alpha'],
    ['payerDistrict', 114, 128, 'alpha'],
    ['payerCep', 129, 133, 'num'],
    ['payerCepSuffix', 134, 136, 'num'],
    ['payerCity', 137, 151, 'alpha'],
    ['payerState', 152, 153, 'alpha'],
    ['guarantorDocumentType', 154, 154, 'num'],
    ['guarantorDocument', 155, 169, 'num'],
    ['guarantorName', 170, 209, 'alpha'],
    ['correspondentBank', 210, 212, 'num'],
    ['correspondentNossoNumero', 213, 232, 'alpha'],
    ['blank233', 233, 240, 'alpha'],
  ];

  const segmentR: FieldRow[] = [
    ...segmentStart('R'),
    ['discount2Code', 18, 18, 'num'],
    ['discount2Until', 19, 26, 'date8'],
    ['discount2', 27, 41, 'money'],
    ['discount3Code', 42, 42, 'num'],
    ['discount3Until', 43, 50, 'date8'],
    ['discount3', 51, 65, 'money'],
    ['fineCode', 66, 66, 'num'],
    ['fineFrom', 67, 74, 'date8'],
    ['fine', 75, 89, 'num'],
    ['payerInfo', 90, 99, 'alpha'],
    ['message3', 100, 139, 'alpha'],
    ['message4', 140, 179, 'alpha'],
    ['blank180', 180, 199, 'alpha'],
    ['payerOccurrence', 200, 207, 'num'],
    ['debitBank', 208, 210, 'num'],
    ['debitAgency', 211, 215, 'num'],
    ['debitAgencyDigit', 216, 216, 'alpha'],
    ['debitAccount', 217, 228, 'num'],
    ['debitAccountDigit', 229, 229, 'alpha'],
    ['debitAgencyAccountDigit', 230, 230, 'alpha'],
    ['debitNotice', 231, 231, 'num'],
    ['blank232', 232, 240, 'alpha'],
  ];

  const segmentT: FieldRow[] = [
    ...segmentStart('T'),
    ['agency', 18, 22, 'num'],
    ['agencyDigit', 23, 23, 'alpha'],
    ['account', 24, 35, 'num'],
    ['accountDigit', 36, 36, 'alpha'],
    ['agencyAccountDigit', 37, 37, 'alpha'],
    ['nossoNumero', 38, 57, 'alpha'],
    ['carteira', 58, 58, 'num'],
    ['documentNumber', 59, 73, 'alpha'],
    ['dueDate', 74, 81, 'date8'],
    ['amount', 82, 96, 'money'],
    ['collectingBank', 97, 99, 'num'],
    ['collectingAgency', 100, 104, 'num'],
    ['collectingAgencyDigit', 105, 105, 'alpha'],
    ['companyReference', 106, 130, 'alpha'],
    ['currency', 131, 132, 'num'],
    ['payerDocumentType', 133, 133, 'num'],
    ['payerDocument', 134, 148, 'num'],
    ['payerName', 149, 188, 'alpha'],
    ['contract', 189, 198, 'num'],
    ['tariff', 199, 213, 'money'],
    ['reasons', 214, 223, 'alpha'],
    ['blank224', 224, 240, 'alpha'],
  ];

  const segmentU: FieldRow[] = [
    ...segmentStart('U'),
    ['charges', 18, 32, 'money'],
    ['discount', 33, 47, 'money'],
    ['rebate', 48, 62, 'money'],
    ['iof', 63, 77, 'money'],
    ['paid', 78, 92, 'money'],
    ['credited', 93, 107, 'money'],
    ['otherExpenses', 108, 122, 'money'],
    ['otherCredits', 123, 137, 'money'],
    ['occurredOn', 138, 145, 'date8'],
    ['creditOn', 146, 153, 'date8'],
    ['payerOccurrence', 154, 157, 'alpha'],
    ['payerOccurrenceOn', 158, 165, 'date8'],
    ['payerOccurrenceAmount', 166, 180, 'money'],
    ['payerOccurrenceText', 181, 210, 'alpha'],
    ['correspondentBank', 211, 213, 'num'],
    ['correspondentNossoNumero', 214, 233, 'alpha'],
    ['blank234', 234, 240, 'alpha'],
  ];

  const lotTrailer: FieldRow[] = [
    ['bankCode', 1, 3, 'num', BANK],
    ['lot', 4, 7, 'num'],
    ['recordType', 8, 8, 'num', '5'],
    ['blank9', 9, 17, 'alpha'],
    ['lotRecords', 18, 23, 'num'],
    ['simpleCount', 24, 29, 'num'],
    ['simpleTotal', 30, 46, 'money'],
    ['boundCount', 47, 52, 'num'],
    ['boundTotal', 53, 69, 'money'],
    ['pledgedCount', 70, 75, 'num'],
    ['pledgedTotal', 76, 92, 'money'],
    ['discountedCount', 93, 98, 'num'],
    ['discountedTotal', 99, 115, 'money'],
    ['notice', 116, 123, 'alpha'],
    ['blank124', 124, 240, 'alpha'],
  ];

  const fileTrailer: FieldRow[] = [
    ['bankCode', 1, 3, 'num', BANK],
    ['lot', 4, 7, 'num', '9999'],
    ['recordType', 8, 8, 'num', '9'],
    ['blank9', 9, 17, 'alpha'],
    ['lots', 18, 23, 'num'],
    ['records', 24, 29, 'num'],
    ['accounts', 30, 35, 'num'],
    ['blank36', 36, 240, 'alpha'],
  ];

  return {
    header: record(L, fileHeader),
    lotHeader: record(L, lotHeader),
    P: record(L, segmentP),
    Q: record(L, segmentQ),
    R: record(L, segmentR),
    T: record(L, segmentT),
    U: record(L, segmentU),
    lotTrailer: record(L, lotTrailer),
    trailer: record(L, fileTrailer),
  };
}

/**
 * Códigos de movimento retorno of cobrança (FEBRABAN table C044) that move a title. Others (tariffs,
 * protest steps, instructions confirmed) are kept as `info`: listed, nothing changed.
 */
export const febrabanOccurrences: Record<string, Occurrence> = {
  '02': { outcome: 'confirmed', 'pt-BR': 'Entrada confirmada', en: 'Entry confirmed' },
  '03': { outcome: 'rejected', 'pt-BR': 'Entrada rejeitada', en: 'Entry rejected' },
  '04': { outcome: 'info', 'pt-BR': 'Transferência de carteira/entrada', en: 'Portfolio transfer (entry)' },
  '05': { outcome: 'info', 'pt-BR': 'Transferência de carteira/baixa', en: 'Portfolio transfer (write-off)' },
  '06': { outcome: 'paid', 'pt-BR': 'Liquidação', en: 'Paid' },
  '09': { outcome: 'written_off', 'pt-BR': 'Baixa', en: 'Written off' },
  '11': { outcome: 'info', 'pt-BR': 'Títulos em carteira (em ser)', en: 'Titles in portfolio' },
  '12': {
    outcome: 'info',
    'pt-BR': 'Confirmação recebimento instrução de abatimento',
    en: 'Rebate instruction received',
  },
  '13': {
    outcome: 'info',
    'pt-BR': 'Confirmação recebimento instrução de cancelamento de abatimento',
    en: 'Rebate cancellation received',
  },
  '14': {
    outcome: 'info',
    'pt-BR': 'Confirmação recebimento instrução alteração de vencimento',
    en: 'Due date change received',
  },
  '17': {
    outcome: 'paid',
    'pt-BR': 'Liquidação após baixa ou liquidação título não registrado',
    en: 'Paid after write-off or unregistered title paid',
  },
  '19': {
    outcome: 'info',
    'pt-BR': 'Confirmação recebimento instrução de protesto',
    en: 'Protest instruction received',
  },
  '20': {
    outcome: 'info',
    'pt-BR': 'Confirmação recebimento instrução de sustação/cancelamento de protesto',
    en: 'Protest stay received',
  },
  '23': { outcome: 'info', 'pt-BR': 'Remessa a cartório (aponte em cartório)', en: 'Sent to the notary' },
  '25': {
    outcome: 'written_off',
    'pt-BR': 'Protestado e baixado (baixa por ter sido protestado)',
    en: 'Protested and written off',
  },
  '26': { outcome: 'rejected', 'pt-BR': 'Instrução rejeitada', en: 'Instruction rejected' },
  '28': { outcome: 'info', 'pt-BR': 'Débito de tarifas/custas', en: 'Tariffs/costs debited' },
  '30': { outcome: 'rejected', 'pt-BR': 'Alteração de dados rejeitada', en: 'Data change rejected' },
};

/** Motivos de ocorrência of rejections (FEBRABAN table C047, for movements 03, 26 and 30). */
export const febrabanReasons: Record<string, Words> = {
  '01': { 'pt-BR': 'Código do banco inválido', en: 'Invalid bank code' },
  '02': { 'pt-BR': 'Código do registro detalhe inválido', en: 'Invalid detail record code' },
  '03': { 'pt-BR': 'Código do segmento inválido', en: 'Invalid segment code' },
  '04': {
    'pt-BR': 'Código de movimento não permitido para carteira',
    en: 'Movement not allowed for the portfolio',
  },
  '05': { 'pt-BR': 'Código de movimento inválido', en: 'Invalid movement code' },
  '06': {
    'pt-BR': 'Tipo/número de inscrição do beneficiário inválidos',
    en: "Invalid beneficiary's CPF/CNPJ",
  },
  '07': { 'pt-BR': 'Agência/conta/DV inválido', en: 'Invalid branch/account/check digit' },
  '08': { 'pt-BR': 'Nosso número inválido', en: 'Invalid nosso número' },
  '09': { 'pt-BR': 'Nosso número duplicado', en: 'Duplicate nosso número' },
  '10': { 'pt-BR': 'Carteira inválida', en: 'Invalid portfolio (carteira)' },
  '11': { 'pt-BR': 'Forma de cadastramento do título inválida', en: 'Invalid title registration form' },
  '12': { 'pt-BR': 'Tipo de documento inválido', en: 'Invalid document type' },
  '13': { 'pt-BR': 'Identificação da emissão do boleto inválida', en: 'Invalid boleto issuer' },
  '14': { 'pt-BR': 'Identificação da distribuição do boleto inválida', en: 'Invalid boleto distribution' },
  '15': { 'pt-BR': 'Características da cobrança incompatíveis', en: 'Incompatible collection settings' },
  '16': { 'pt-BR': 'Data de vencimento inválida', en: 'Invalid due date' },
  '17': { 'pt-BR': 'Data de vencimento anterior à data de emissão', en: 'Due date before the issue date' },
  '18': { 'pt-BR': 'Vencimento fora do prazo de operação', en: 'Due date outside the operation term' },
  '20': { 'pt-BR': 'Valor do título inválido', en: 'Invalid title amount' },
  '21': { 'pt-BR': 'Espécie do título inválida', en: 'Invalid title kind' },
  '22': {
    'pt-BR': 'Espécie do título não permitida para a carteira',
    en: 'Title kind not allowed for the portfolio',
  },
  '23': { 'pt-BR': 'Aceite inválido', en: 'Invalid acceptance flag' },
  '24': { 'pt-BR': 'Data da emissão inválida', en: 'Invalid issue date' },
  '25': { 'pt-BR': 'Data da emissão posterior à data de entrada', en: 'Issue date after the entry date' },
  '26': { 'pt-BR': 'Código de juros de mora inválido', en: 'Invalid late interest code' },
  '27': { 'pt-BR': 'Valor/taxa de juros de mora inválido', en: 'Invalid late interest value/rate' },
  '28': { 'pt-BR': 'Código do desconto inválido', en: 'Invalid discount code' },
  '29': {
    'pt-BR': 'Valor do desconto maior ou igual ao valor do título',
    en: 'Discount not less than the title amount',
  },
  '45': { 'pt-BR': 'Nome do pagador não informado', en: "Payer's name missing" },
  '46': { 'pt-BR': 'Tipo/número de inscrição do pagador inválidos', en: "Invalid payer's CPF/CNPJ" },
  '47': { 'pt-BR': 'Endereço do pagador não informado', en: "Payer's address missing" },
  '48': { 'pt-BR': 'CEP inválido', en: 'Invalid CEP' },
  '49': { 'pt-BR': 'CEP sem praça de cobrança (não localizado)', en: 'CEP without a collecting branch' },
  '52': { 'pt-BR': 'Unidade da federação inválida', en: 'Invalid state' },
};

export interface Febraban240Bank {
  bankCode: string;
  bankName: string;
  /** Versão do layout do arquivo (header positions 164–166). */
  version: string;
  /** Versão do layout do lote (lot header positions 14–16). */
  lotVersion: string;
  nossoNumero: NossoNumeroFormat;
  /** The bank's own reasons, added to (or replacing) FEBRABAN's. */
  reasons?: Record<string, Words>;
  occurrences?: Record<string, Occurrence>;
}

/** One bank's CNAB 240 cobrança layout: FEBRABAN's positions with the bank's version and formats. */
export function febraban240(bank: Febraban240Bank): CnabLayout {
  return {
    id: `${bank.bankCode}-240`,
    bankCode: bank.bankCode,
    bankName: bank.bankName,
    format: '240',
    version: bank.version,
    lineLength: L,
    key: { typeAt: 8, segmentAt: 14, segmentTypes: ['3'] },
    kinds: {
      '0': 'header',
      '1': 'lotHeader',
      '3P': 'P',
      '3Q': 'Q',
      '3R': 'R',
      '3T': 'T',
      '3U': 'U',
      '5': 'lotTrailer',
      '9': 'trailer',
    },
    records: records240(bank.bankCode, bank.version, bank.lotVersion),
    occurrences: { ...febrabanOccurrences, ...bank.occurrences },
    reasons: { ...febrabanReasons, ...bank.reasons },
    nossoNumero: bank.nossoNumero,
  };
}
