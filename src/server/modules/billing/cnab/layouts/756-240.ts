import { febraban240 } from './febraban-240.js';

/**
 * Sicoob — CNAB 240 cobrança. Nosso número: the sequence and its check digit, right-aligned.
 * File layout version 081, lot version 040 (checked on reading: a retorno of another version is refused).
 * Versions 081/040 agree with brcobranca's `remessa/cnab240/sicoob.rb`, not Sicoob's manual itself.
 */
export const layout756x240 = febraban240({
  bankCode: '756',
  bankName: 'SICOOB',
  version: { file: '081', lot: '040' },
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
