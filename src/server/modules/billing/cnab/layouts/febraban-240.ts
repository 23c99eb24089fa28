import {
  at,
  type CnabLayout,
  type FieldRow,
  fields,
  identity,
  type NossoNumeroFormat,
  type Occurrence,
  occurrences,
  prefixed,
  reasons,
  record,
  type Words,
} from '../layout.js';

/**
 * The FEBRABAN CNAB 240 layout of cobrança ("Layout Padrão de Arquivos CNAB 240", FEBRABAN, v10.7 and
 * earlier): file header (0), lot header (1), remessa segments P, Q, R and retorno segments T, U (3), lot
 * trailer (5), file trailer (9). Every bank that takes CNAB 240 follows these positions; what differs per
 * bank is the layout version in the headers, how it writes the convênio and the nosso número, and the
 * reasons it adds to the standard tables. Each bank's file (`<bank>-240.ts`) passes those here.
 *
 * The records are composed of groups written once: the control fields (1–8 or 1–17) every line starts
 * with, the beneficiário's agência and conta, the beneficiário (convênio, agência/conta, name) of both
 * headers, and the title's identification that segments P and T share.
 */

const L = 240;

/** A record: the controle (G001–G003: banco, lote, tipo de registro) in 1–8, then its groups. */
const line = (bank: string, lot: string, type: string, ...groups: readonly (readonly FieldRow[])[]) => [
  ...fields`
    bankCode      1   3  num  ${bank}
    lot           4   7  num  ${lot}
    recordType    8   8  num  ${type}
  `,
  ...groups.flat(),
];

/** A detail segment (P, Q, R, T, U): positions 1–17 (control, sequence, segment, movement), then its groups. */
const segment = (bank: string, letter: string, ...groups: readonly (readonly FieldRow[])[]): FieldRow[] =>
  line(
    bank,
    '',
    '3',
    fields`
      sequence      9  13  num
      segment      14  14  alpha  ${letter}
      blank15      15  15  alpha
      movement     16  17  num
    `,
    ...groups,
  );

/** Agência and conta with their check digits (G008–G012), 20 positions. */
const accountGroup = fields`
  agency              1   5  num
  agencyDigit         6   6  alpha
  account             7  18  num
  accountDigit       19  19  alpha
  agencyAccountDigit 20  20  alpha
`;

/** The beneficiário in both headers: convênio, agência/conta, name (70 positions). */
const beneficiary = [
  ...fields`convenio 1 20 alpha`,
  ...at(21, accountGroup),
  ...fields`companyName 41 70 alpha`,
];

/** The title as segments P and T identify it (positions 18–58): agência/conta, nosso número, carteira. */
const titleId = [
  ...at(18, accountGroup),
  ...fields`
  nossoNumero   38  57  alpha
  carteira      58  58  num
`,
];

/** The records of one bank's CNAB 240: the bank code, the file and lot versions are constants of them. */
function records240(bank: string, version: string, lotVersion: string) {
  const fileHeader = line(
    bank,
    '0000',
    '0',
    fields`
      blank9                9  17  alpha
      companyDocumentType  18  18  num
      companyDocument      19  32  num
    `,
    at(33, beneficiary),
    fields`
      bankName            103 132  alpha
      blank133            133 142  alpha
      direction           143 143  num
      generatedOn         144 151  date8
      generatedAt         152 157  time6
      fileSequence        158 163  num
      layoutVersion       164 166  num    ${version}
      density             167 171  num
      bankReserved        172 191  alpha
      companyReserved     192 211  alpha
      blank212            212 240  alpha
    `,
  );

  const lotHeader = line(
    bank,
    '',
    '1',
    fields`
      operation             9   9  alpha
      service              10  11  num    01
      blank12              12  13  alpha
      lotVersion           14  16  num    ${lotVersion}
      blank17              17  17  alpha
      companyDocumentType  18  18  num
      companyDocument      19  33  num
    `,
    at(34, beneficiary),
    fields`
      message1            104 143  alpha
      message2            144 183  alpha
      fileSequence        184 191  num
      generatedOn         192 199  date8
      creditOn            200 207  date8
      blank208            208 240  alpha
    `,
  );

  const segmentP = segment(
    bank,
    'P',
    titleId,
    fields`
      registration         59  59  num
      documentType         60  60  alpha
      issuer               61  61  num
      distribution         62  62  alpha
      documentNumber       63  77  alpha
      dueDate              78  85  date8
      amount               86 100  money
      collectingAgency    101 105  num
      collectingAgencyDigit 106 106 alpha
      kind                107 108  num
      accepted            109 109  alpha
      issuedOn            110 117  date8
      interestCode        118 118  num
      interestFrom        119 126  date8
      interest            127 141  num
      discountCode        142 142  num
      discountUntil       143 150  date8
      discount            151 165  money
      iof                 166 180  money
      rebate              181 195  money
      companyReference    196 220  alpha
      protestCode         221 221  num
      protestDays         222 223  num
      writeOffCode        224 224  num
      writeOffDays        225 227  alpha
      currency            228 229  num    09
      contract            230 239  num
      blank240            240 240  alpha
    `,
  );

  const segmentQ = segment(
    bank,
    'Q',
    fields`
      payerDocumentType    18  18  num
      payerDocument        19  33  num
      payerName            34  73  alpha
      payerAddress         74 113  alpha
      payerDistrict       114 128  alpha
      payerCep            129 133  num
      payerCepSuffix      134 136  num
      payerCity           137 151  alpha
      payerState          152 153  alpha
      guarantorDocumentType 154 154 num
      guarantorDocument   155 169  num
      guarantorName       170 209  alpha
      correspondentBank   210 212  num
      correspondentNossoNumero 213 232 alpha
      blank233            233 240  alpha
    `,
  );

  const segmentR = segment(
    bank,
    'R',
    fields`
      discount2Code        18  18  num
      discount2Until       19  26  date8
      discount2            27  41  money
      discount3Code        42  42  num
      discount3Until       43  50  date8
      discount3            51  65  money
      fineCode             66  66  num
      fineFrom             67  74  date8
      fine                 75  89  num
      payerInfo            90  99  alpha
      message3            100 139  alpha
      message4            140 179  alpha
      blank180            180 199  alpha
      payerOccurrence     200 207  num
      debitBank           208 210  num
    `,
    at(211, prefixed('debit', accountGroup)),
    fields`
      debitNotice         231 231  num
      blank232            232 240  alpha
    `,
  );

  const segmentT = segment(
    bank,
    'T',
    titleId,
    fields`
      documentNumber       59  73  alpha
      dueDate              74  81  date8
      amount               82  96  money
      collectingBank       97  99  num
      collectingAgency    100 104  num
      collectingAgencyDigit 105 105 alpha
      companyReference    106 130  alpha
      currency            131 132  num
      payerDocumentType   133 133  num
      payerDocument       134 148  num
      payerName           149 188  alpha
      contract            189 198  num
      tariff              199 213  money
      reasons             214 223  alpha
      blank224            224 240  alpha
    `,
  );

  const segmentU = segment(
    bank,
    'U',
    fields`
      charges              18  32  money
      discount             33  47  money
      rebate               48  62  money
      iof                  63  77  money
      paid                 78  92  money
      credited             93 107  money
      otherExpenses       108 122  money
      otherCredits        123 137  money
      occurredOn          138 145  date8
      creditOn            146 153  date8
      payerOccurrence     154 157  alpha
      payerOccurrenceOn   158 165  date8
      payerOccurrenceAmount 166 180 money
      payerOccurrenceText 181 210  alpha
      correspondentBank   211 213  num
      correspondentNossoNumero 214 233 alpha
      blank234            234 240  alpha
    `,
  );

  const lotTrailer = line(
    bank,
    '',
    '5',
    fields`
      blank9                9  17  alpha
      lotRecords           18  23  num
      simpleCount          24  29  num
      simpleTotal          30  46  money
      boundCount           47  52  num
      boundTotal           53  69  money
      pledgedCount         70  75  num
      pledgedTotal         76  92  money
      discountedCount      93  98  num
      discountedTotal      99 115  money
      notice              116 123  alpha
      blank124            124 240  alpha
    `,
  );

  const fileTrailer = line(
    bank,
    '9999',
    '9',
    fields`
      blank9                9  17  alpha
      lots                 18  23  num
      records              24  29  num
      accounts             30  35  num
      blank36              36 240  alpha
    `,
  );

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
export const febrabanOccurrences: Record<string, Occurrence> = occurrences`
  02 confirmed    Entrada confirmada | Entry confirmed
  03 rejected     Entrada rejeitada | Entry rejected
  04 info         Transferência de carteira/entrada | Portfolio transfer (entry)
  05 info         Transferência de carteira/baixa | Portfolio transfer (write-off)
  06 paid         Liquidação | Paid
  09 written_off  Baixa | Written off
  11 info         Títulos em carteira (em ser) | Titles in portfolio
  12 info         Confirmação recebimento instrução de abatimento | Rebate instruction received
  13 info         Confirmação recebimento instrução de cancelamento de abatimento | Rebate cancellation received
  14 info         Confirmação recebimento instrução alteração de vencimento | Due date change received
  17 paid         Liquidação após baixa ou liquidação título não registrado | Paid after write-off or unregistered title paid
  19 info         Confirmação recebimento instrução de protesto | Protest instruction received
  20 info         Confirmação recebimento instrução de sustação/cancelamento de protesto | Protest stay received
  23 info         Remessa a cartório (aponte em cartório) | Sent to the notary
  25 written_off  Protestado e baixado (baixa por ter sido protestado) | Protested and written off
  26 rejected     Instrução rejeitada | Instruction rejected
  28 info         Débito de tarifas/custas | Tariffs/costs debited
  30 rejected     Alteração de dados rejeitada | Data change rejected
`;

/** Motivos de ocorrência of rejections (FEBRABAN table C047, for movements 03, 26 and 30). */
export const febrabanReasons: Record<string, Words> = reasons`
  01 Código do banco inválido | Invalid bank code
  02 Código do registro detalhe inválido | Invalid detail record code
  03 Código do segmento inválido | Invalid segment code
  04 Código de movimento não permitido para carteira | Movement not allowed for the portfolio
  05 Código de movimento inválido | Invalid movement code
  06 Tipo/número de inscrição do beneficiário inválidos | Invalid beneficiary's CPF/CNPJ
  07 Agência/conta/DV inválido | Invalid branch/account/check digit
  08 Nosso número inválido | Invalid nosso número
  09 Nosso número duplicado | Duplicate nosso número
  10 Carteira inválida | Invalid portfolio (carteira)
  11 Forma de cadastramento do título inválida | Invalid title registration form
  12 Tipo de documento inválido | Invalid document type
  13 Identificação da emissão do boleto inválida | Invalid boleto issuer
  14 Identificação da distribuição do boleto inválida | Invalid boleto distribution
  15 Características da cobrança incompatíveis | Incompatible collection settings
  16 Data de vencimento inválida | Invalid due date
  17 Data de vencimento anterior à data de emissão | Due date before the issue date
  18 Vencimento fora do prazo de operação | Due date outside the operation term
  20 Valor do título inválido | Invalid title amount
  21 Espécie do título inválida | Invalid title kind
  22 Espécie do título não permitida para a carteira | Title kind not allowed for the portfolio
  23 Aceite inválido | Invalid acceptance flag
  24 Data da emissão inválida | Invalid issue date
  25 Data da emissão posterior à data de entrada | Issue date after the entry date
  26 Código de juros de mora inválido | Invalid late interest code
  27 Valor/taxa de juros de mora inválido | Invalid late interest value/rate
  28 Código do desconto inválido | Invalid discount code
  29 Valor do desconto maior ou igual ao valor do título | Discount not less than the title amount
  45 Nome do pagador não informado | Payer's name missing
  46 Tipo/número de inscrição do pagador inválidos | Invalid payer's CPF/CNPJ
  47 Endereço do pagador não informado | Payer's address missing
  48 CEP inválido | Invalid CEP
  49 CEP sem praça de cobrança (não localizado) | CEP without a collecting branch
  52 Unidade da federação inválida | Invalid state
`;

export interface Febraban240Bank {
  bankCode: string;
  bankName: string;
  /** Versão do layout do arquivo (header positions 164–166) and do lote (lot header positions 14–16). */
  version: { file: string; lot: string };
  nossoNumero: NossoNumeroFormat;
  /** The bank's own reasons, added to (or replacing) FEBRABAN's. */
  reasons?: Record<string, Words>;
  occurrences?: Record<string, Occurrence>;
}

/** One bank's CNAB 240 cobrança layout: FEBRABAN's positions with the bank's version and formats. */
export function febraban240(bank: Febraban240Bank): CnabLayout {
  return {
    ...identity(bank, '240'),
    version: bank.version.file,
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
    records: records240(bank.bankCode, bank.version.file, bank.version.lot),
    occurrences: { ...febrabanOccurrences, ...bank.occurrences },
    reasons: { ...febrabanReasons, ...bank.reasons },
    nossoNumero: bank.nossoNumero,
  };
}
