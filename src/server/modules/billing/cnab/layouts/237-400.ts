import { fields, occurrences, pick, reasons } from '../layout.js';
import * as c400 from './cnab-400.js';
import { febrabanReasons } from './febraban-240.js';

/**
 * Bradesco — CNAB 400 cobrança ("Cobrança Bradesco — Layout do arquivo remessa/retorno CNAB 400"):
 * header (0), detail type 1, trailer (9) in both directions; the retorno's records differ from the
 * remessa's under the same record types. Dates are `DDMMAA`; the nosso número is 11 digits and its
 * check digit (remessa 71–82, retorno 71–82).
 */

const bank = { bankCode: '237', bankName: 'BRADESCO' };

/** Header 27–76: the código da empresa Bradesco gives the beneficiário, and its name. */
const company = fields`
  companyCode   27  46  num
  companyName   47  76  alpha
`;

const header = c400.header400(
  'remessa',
  bank,
  company,
  fields`
    blank101      101 108  alpha
    system        109 110  alpha  MX
    fileSequence  111 117  num
    blank118      118 394  alpha
  `,
);

const detail = [
  ...fields`
    recordType            1   1  num    1
    debitAgency           2   6  num
    debitAgencyDigit      7   7  alpha
    debitAccountPrefix    8  12  num
    debitAccount         13  19  num
    debitAccountDigit    20  20  alpha
    companyId            21  37  num
    companyReference     38  62  alpha
    debitBank            63  65  num
    fineCode             66  66  num
    fine                 67  70  num
    nossoNumero          71  82  alpha
    dailyBonus           83  92  money
    issuer               93  93  num
    autoDebit            94  94  alpha
    bankOperation        95 104  alpha
    split               105 105  alpha
    debitNotice         106 106  num
    installments        107 108  alpha
  `,
  ...c400.titleTerms(),
  ...fields`
    payerName           235 274  alpha
    payerAddress        275 314  alpha
    message1            315 326  alpha
    payerCep            327 331  num
    payerCepSuffix      332 334  num
    message2            335 394  alpha
  `,
  ...c400.lineNumber,
];

const trailer = c400.blankTrailer400;

const retornoHeader = c400.header400(
  'retorno',
  bank,
  company,
  fields`
    density       101 108  num
    notice        109 113  num
    blank114      114 379  alpha
    creditOn      380 385  date6
    blank386      386 394  alpha
  `,
);

const retornoDetail = c400.companyDetail400(
  fields`
    zeros18              18  20  num
    companyId            21  37  num
    companyReference     38  62  alpha
    zeros63              63  70  num
    nossoNumero          71  82  alpha
    bankUse83            83  92  num
    bankUse93            93 104  num
    split               105 105  alpha
    partial             106 107  alpha
    carteira            108 108  num
  `,
  c400.retornoOccurrence,
  fields`bankNossoNumero 127 146 alpha`,
  c400.retornoCharges(),
  fields`
    blank293            293 294  alpha
    reasonCode          295 295  alpha
    creditOn            296 301  date6
    paymentOrigin       302 304  alpha
    blank305            305 314  alpha
    cheque              315 318  alpha
    reasons             319 328  alpha
    blank329            329 368  alpha
    notary              369 370  alpha
    protocol            371 380  alpha
    blank381            381 394  alpha
  `,
);

const retornoTrailer = c400.retornoTrailer400('237');

/** Motivos of a rejected entry (positions 319–328, up to five two-digit codes): FEBRABAN's words where Bradesco's are the same. */
const bradescoReasons = {
  ...pick(febrabanReasons, '02 08 09 10 16 18 20 21 45 46 47 48'),
  ...reasons`
    03 Código da ocorrência inválida | Invalid occurrence code
    04 Código de ocorrência não permitida para a carteira | Occurrence not allowed for the portfolio
    05 Código de ocorrência não numérico | Occurrence code not numeric
    07 Agência/conta/dígito inválido | Invalid branch/account/check digit
    24 Data de emissão inválida | Invalid issue date
    22 Espécie não permitida para a carteira | Title kind not allowed for the portfolio
    38 Prazo para protesto inválido | Invalid protest term
  `,
};

export const layout237x400 = c400.cnab400({
  ...bank,
  records: { header, detail, trailer, retornoHeader, retornoDetail, retornoTrailer },
  /** Identificação de ocorrência of the retorno (positions 109–110). */
  occurrences: occurrences`
    02 confirmed    Entrada confirmada | Entry confirmed
    03 rejected     Entrada rejeitada | Entry rejected
    06 paid         Liquidação normal | Paid
    09 written_off  Baixado automaticamente via arquivo | Written off by file
    10 written_off  Baixado conforme instruções da agência | Written off on the branch's instructions
    11 info         Em ser (títulos pendentes) | Titles pending
    12 info         Abatimento concedido | Rebate granted
    14 info         Vencimento alterado | Due date changed
    15 paid         Liquidação em cartório | Paid at the notary
    17 paid         Liquidação após baixa ou título não registrado | Paid after write-off or unregistered
    24 rejected     Entrada rejeitada por CEP irregular | Entry rejected: irregular CEP
    28 info         Débito de tarifas/custas | Tariffs/costs debited
    32 rejected     Instrução rejeitada | Instruction rejected
  `,
  reasons: bradescoReasons,
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
