import { febraban240 } from './febraban-240.js';

/**
 * Santander — CNAB 240 cobrança. Nosso número: the sequence and its check digit, right-aligned.
 * File layout version 040, lot version 030 (checked on reading: a retorno of another version is refused).
 * Versions 040/030 agree with brcobranca's `remessa/cnab240/santander.rb` (a second implementation, not Santander's manual itself).
 */
export const layout033x240 = febraban240({
  bankCode: '033',
  bankName: 'BANCO SANTANDER',
  version: { file: '040', lot: '030' },
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
