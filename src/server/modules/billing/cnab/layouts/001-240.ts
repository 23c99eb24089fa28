import { febraban240 } from './febraban-240.js';

/**
 * Banco do Brasil — CNAB 240 cobrança. Nosso número: the convênio and the sequence (17 digits for 7-digit convênios), left-aligned, without a check digit.
 * File layout version 083, lot version 042 (checked on reading: a retorno of another version is refused).
 * Versions 083/042 agree with brcobranca's `remessa/cnab240/banco_brasil.rb` (a second implementation, not BB's manual itself).
 */
export const layout001x240 = febraban240({
  bankCode: '001',
  bankName: 'BANCO DO BRASIL S.A.',
  version: { file: '083', lot: '042' },
  nossoNumero: { withCheckDigit: false, fill: 'left' },
});
