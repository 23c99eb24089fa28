import { fields, occurrences, reasons } from '../layout.js';
import * as c400 from './cnab-400.js';

/**
 * Santander — CNAB 400 cobrança, per Santander's "Layout de Arquivo Remessa/Retorno — Cobrança CNAB 400
 * posições" (the copy the positions were checked against carries no version number, so none is claimed
 * here; the header's 392–394 carries the remessa's version only when the bank asks for it). Cross-checked
 * with brcobranca's `remessa/c400.cnab400/santander.rb` and `retorno/c400.cnab400/santander.rb`.
 *
 * The beneficiário is named by its código de transmissão (20 digits: the header's 27–46 and a remessa
 * detail's 18–37), which the account's convênio holds. The nosso número is 7 digits and its check digit
 * (63–70). Multa is code 4 and a percentage (78–82); the carteira code (108) is 5, "rápida com registro",
 * for boletos the beneficiário prints. A duplicata de serviço is espécie `06`. The reasons of a rejection
 * are three-digit codes, three of them in 137–145.
 */

const bank = { bankCode: '033', bankName: 'SANTANDER' };

const companyName = fields`companyName 47 76 alpha`;

const header = c400.header400(
  'remessa',
  bank,
  [...fields`companyCode 27 46 num`, ...companyName],
  fields`
  zeros101      101 116  num
  blank117      117 391  alpha
  layoutVersion 392 394  alpha
`,
);

const detail = c400.companyDetail400(
  fields`
    convenio             18  37  num
    companyReference     38  62  alpha
    nossoNumero          63  70  num
    discount2Until       71  76  date6
    blank77              77  77  alpha
    fineCode             78  78  num
    fine                 79  82  num
    currencyUnit         83  84  num
    otherUnitAmount      85  97  money
    blank98              98 101  alpha
    fineFrom            102 107  date6
    carteiraCode        108 108  num    5
  `,
  c400.titleTerms('06'),
  fields`payerName 235 274 alpha`,
  c400.payerPlace,
  fields`
    blank382            382 382  alpha
    complementId        383 383  alpha
    complement          384 385  alpha
    blank386            386 391  alpha
    protestDays         392 393  num
    blank394            394 394  alpha
  `,
);

const trailer = [
  ...fields`
    recordType      1   1  num  9
    count           2   7  num
    total           8  20  money
    zeros21        21 394  num
  `,
  ...c400.lineNumber,
];

const retornoHeader = c400.header400(
  'retorno',
  bank,
  [
    ...fields`
  agency          27  30  num
  account         31  38  num
  collectionAccount 39 46 num
`,
    ...companyName,
  ],
  fields`
  zeros101      101 110  num
  blank111      111 391  alpha
  layoutVersion 392 394  alpha
`,
);

const retornoDetail = c400.companyDetail400(
  fields`
    agency               18  21  num
    account              22  29  num
    collectionAccount    30  37  num
    companyReference     38  62  alpha
    nossoNumero          63  70  num
    blank71              71 107  alpha
    carteiraCode        108 108  alpha
  `,
  c400.retornoOccurrence,
  fields`
    bankNossoNumero     127 134  alpha
    originalMovement    135 136  alpha
    reasons             137 145  alpha
    blank146            146 146  alpha
  `,
  c400.retornoCharges(),
  fields`
    blank293            293 293  alpha
    accepted            294 294  alpha
    blank295            295 295  alpha
    creditOn            296 301  date6
    payerName           302 337  alpha
    complementId        338 338  alpha
    bankUse339          339 391  alpha
    layoutVersion       392 394  alpha
  `,
);

const retornoTrailer = c400.retornoTrailer400('033');

export const layout033x400 = c400.cnab400({
  ...bank,
  records: { header, detail, trailer, retornoHeader, retornoDetail, retornoTrailer },
  /** Código de ocorrência of the retorno (109–110). */
  occurrences: occurrences`
    01 rejected     Título não existe | Title does not exist
    02 confirmed    Entrada confirmada | Entry confirmed
    03 rejected     Entrada rejeitada | Entry rejected
    06 paid         Liquidação | Paid
    07 paid         Liquidação por conta | Paid on account
    08 paid         Liquidação por saldo | Paid the balance
    09 written_off  Baixa automática | Written off automatically
    10 written_off  Baixa conforme instrução | Written off on instruction
    11 info         Em ser | Titles pending
    12 info         Abatimento concedido | Rebate granted
    13 info         Abatimento cancelado | Rebate cancelled
    14 info         Prorrogação de vencimento | Due date extended
    15 info         Enviado para cartório | Sent to the notary
    16 info         Título já baixado/liquidado | Title already written off or paid
    17 paid         Liquidado em cartório | Paid at the notary
    21 info         Entrada em cartório | Entered at the notary
    22 info         Retirado de cartório | Withdrawn from the notary
    24 info         Custas de cartório | Notary costs
    25 info         Protestar título | Protest the title
    26 info         Sustar protesto | Stay the protest
  `,
  /** Códigos de erro of a rejection (137–145, three three-digit codes). */
  reasons: reasons`
    001 Nosso número não numérico | Nosso número not numeric
    002 Valor do abatimento não numérico | Rebate not numeric
    003 Data de vencimento não numérica | Due date not numeric
    004 Conta cobrança não numérica | Collection account not numeric
    005 Código da carteira não numérico | Portfolio code not numeric
    006 Código da carteira inválido | Invalid portfolio code
    007 Espécie do documento inválida | Invalid document kind
    013 Valor do título não numérico | Title amount not numeric
    014 Valor de mora não numérico | Late interest not numeric
    015 Data de emissão não numérica | Issue date not numeric
    016 Data de vencimento inválida | Invalid due date
    019 Número do CEP não numérico | CEP not numeric
    020 Tipo de inscrição não numérico | Registration type not numeric
    021 Número do CNPJ ou CPF não numérico | CPF/CNPJ not numeric
    022 Código de ocorrência inválido | Invalid occurrence code
    025 Valor do desconto não numérico | Discount not numeric
    029 Valor de mora inválido | Invalid late interest
    030 Vencimento menor que 15 dias da data de processamento | Due date less than 15 days after processing
    041 Agência cobradora não encontrada | Collecting branch not found
    042 Conta cobrança inválida | Invalid collection account
    051 Título não encontrado | Title not found
    057 CEP do pagador incorreto | Payer's CEP incorrect
    058 CNPJ/CPF incorreto | CPF/CNPJ incorrect
    063 CEP não encontrado na tabela de praças | CEP not in the collection table
    073 Abatimento maior ou igual ao valor do título | Rebate not less than the title amount
    074 Desconto maior ou igual ao valor do título | Discount not less than the title amount
  `,
  reasonLength: 3,
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
  // Multa: code 4 ("com multa") and its percentage from the due date; none is code 0.
  adapt: {
    detail: (v) => ({ ...v, fineCode: v.fine ? 4 : 0, fineFrom: v.fine ? v.dueDate : null }),
  },
});
