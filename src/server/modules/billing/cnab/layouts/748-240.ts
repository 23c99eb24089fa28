import { febraban240 } from './febraban-240.js';

/**
 * Sicredi — CNAB 240 cobrança. Nosso número: the year, the byte, the sequence and its check digit, right-aligned.
 * File layout version 081, lot version 040 (checked on reading: a retorno of another version is refused).
 * Versions 081/040 agree with brcobranca's `remessa/cnab240/sicredi.rb` and brboleto's Sicredi, not Sicredi's manual itself.
 */
export const layout748x240 = febraban240({
  bankCode: '748',
  bankName: 'SICREDI',
  version: { file: '081', lot: '040' },
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
