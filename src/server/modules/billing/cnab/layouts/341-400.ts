import { fields, occurrences, reasons } from '../layout.js';
import * as c400 from './cnab-400.js';

/**
 * Itaú — CNAB 400 cobrança, per Itaú's "Cobrança Itaú — Layout de arquivos CNAB 400 bytes" (the manual
 * Itaú hands its cobrança clients as `layout_cobranca_400bytes_cnab_itau_mensagem.pdf`; the copy the
 * positions were checked against carries no version number, so none is claimed here). Cross-checked
 * with brcobranca's `remessa/c400.cnab400/itau.rb` and `retorno/c400.cnab400/itau.rb`.
 *
 * The account is agência (4), conta (5) and its DAC, in the headers (27–46) and in each detail (18–37).
 * The nosso número is 8 digits without its DAC (remessa and retorno 63–70); the carteira is its 3-digit
 * number (84–86) and its code letter (108: `I` for the carteiras registered with the beneficiário's own
 * boleto). A duplicata de serviço is espécie `08`.
 */

const bank = { bankCode: '341', bankName: 'BANCO ITAU SA' };

/** Agência, zeros, conta, DAC: 12 positions, in the headers from 27 and in a detail from 18. */
const account = (from: number) => fields`
  agency         ${from}       ${from + 3}   num
  zeros${from + 4}   ${from + 4}   ${from + 5}   num
  account        ${from + 6}   ${from + 10}  num
  accountDigit   ${from + 11}  ${from + 11}  alpha
`;

const companyName = fields`
  blank39        39  46  alpha
  companyName    47  76  alpha
`;

const header = c400.header400(
  'remessa',
  bank,
  [...account(27), ...companyName],
  fields`blank101 101 394 alpha`,
);

const detail = c400.companyDetail400(
  account(18),
  fields`
    blank30              30  33  alpha
    cancelInstruction    34  37  num
    companyReference     38  62  alpha
    nossoNumero          63  70  num
    currencyQuantity     71  83  money
    carteira             84  86  num
    bankOperation        87 107  alpha
    carteiraCode        108 108  alpha  I
  `,
  c400.titleTerms('08'),
  fields`
    payerName           235 264  alpha
    blank265            265 274  alpha
  `,
  c400.payerPlace,
  fields`
    blank382            382 385  alpha
    interestFrom        386 391  date6
    protestDays         392 393  num
    blank394            394 394  alpha
  `,
);

const trailer = c400.blankTrailer400;

const retornoHeader = c400.header400(
  'retorno',
  bank,
  [...account(27), ...companyName],
  fields`
    density       101 105  num
    densityUnit   106 108  alpha
    fileSequence  109 113  num
    creditOn      114 119  date6
    blank120      120 394  alpha
  `,
);

const retornoDetail = c400.companyDetail400(
  account(18),
  fields`
    blank30              30  37  alpha
    companyReference     38  62  alpha
    nossoNumero          63  70  num
    blank71              71  82  alpha
    carteira             83  85  num
    bankNossoNumero      86  93  num
    nossoNumeroDac       94  94  alpha
    blank95              95 107  alpha
    carteiraCode        108 108  alpha
  `,
  c400.retornoOccurrence,
  fields`
    confirmedNossoNumero 127 134 alpha
    blank135            135 146  alpha
  `,
  c400.retornoTitle,
  fields`
    collectingAgency    169 172  num
    collectingAgencyDigit 173 173 alpha
  `,
  c400.retornoTariff,
  fields`blank189 189 214 alpha`,
  c400.retornoAmounts,
  fields`
    dda                 293 293  alpha
    blank294            294 295  alpha
    creditOn            296 301  date6
    cancelledInstruction 302 305 alpha
    blank306            306 311  alpha
    zeros312            312 324  num
    payerName           325 354  alpha
    blank355            355 377  alpha
    reasons             378 385  alpha
    blank386            386 392  alpha
    paymentOrigin       393 394  alpha
  `,
);

const retornoTrailer = c400.retornoTrailer400('341');

export const layout341x400 = c400.cnab400({
  ...bank,
  records: { header, detail, trailer, retornoHeader, retornoDetail, retornoTrailer },
  /** Código de ocorrência of the retorno (109–110; the manual's note 17). */
  occurrences: occurrences`
    02 confirmed    Entrada confirmada | Entry confirmed
    03 rejected     Entrada rejeitada | Entry rejected
    04 info         Alteração de dados acatada | Data change accepted
    05 info         Alteração de dados — baixa | Data change: write-off
    06 paid         Liquidação normal | Paid
    07 paid         Liquidação parcial | Partly paid
    08 paid         Liquidação em cartório | Paid at the notary
    09 written_off  Baixa simples | Written off
    10 written_off  Baixa por ter sido liquidado | Written off as paid
    11 info         Em ser | Titles pending
    12 info         Abatimento concedido | Rebate granted
    13 info         Abatimento cancelado | Rebate cancelled
    14 info         Vencimento alterado | Due date changed
    15 rejected     Baixa rejeitada | Write-off rejected
    16 rejected     Instrução rejeitada | Instruction rejected
    17 rejected     Alteração/exclusão de dados rejeitada | Data change rejected
    19 info         Confirmação de recebimento de instrução de protesto | Protest instruction received
    20 info         Confirmação de recebimento de instrução de sustação de protesto | Protest stay received
    23 info         Título enviado a cartório | Sent to the notary
    28 info         Tarifa de relação das liquidações | Tariff: list of payments
    32 written_off  Baixa por ter sido protestado | Written off as protested
    57 info         Instrução cancelada | Instruction cancelled
  `,
  /** Motivos of a rejected entry (378–385, up to four two-digit codes; the manual's note 20). */
  reasons: reasons`
    03 CEP inválido ou sem agência cobradora | Invalid CEP or no collecting branch for it
    04 Sigla do estado inválida | Invalid state
    05 Data de vencimento fora do prazo de operação | Due date outside the operation term
    07 Valor do título maior que o permitido | Title amount above the limit
    08 Nome do pagador não informado | Payer's name missing
    09 Agência encerrada | Branch closed
    10 Logradouro do pagador não informado | Payer's street missing
    11 CEP não numérico ou inválido | CEP not numeric or invalid
    13 CEP incompatível com a sigla do estado | CEP does not match the state
    14 Nosso número já registrado ou fora da faixa | Nosso número already registered or out of range
    15 Nosso número em duplicidade no mesmo movimento | Nosso número twice in the same file
    18 Data de entrada inválida para a carteira | Entry date invalid for the portfolio
    19 Ocorrência inválida | Invalid occurrence
    22 Carteira não permitida | Portfolio not allowed
    26 Agência/conta não liberada para cobrança | Branch/account not enabled for collection
    37 CPF/CNPJ do pagador inválido | Invalid payer's CPF/CNPJ
    42 Nosso número fora da faixa | Nosso número out of range
    60 Valor do abatimento inválido | Invalid rebate
    61 Juros de mora maior que o permitido | Late interest above the limit
    62 Valor do desconto maior que o valor do título | Discount above the title amount
    64 Data de emissão inválida | Invalid issue date
    66 Data de vencimento inválida ou fora do prazo | Invalid due date
    67 Valor do título inválido | Invalid title amount
    68 Carteira inválida | Invalid portfolio (carteira)
  `,
  nossoNumero: { withCheckDigit: false, fill: 'zeros' },
});
