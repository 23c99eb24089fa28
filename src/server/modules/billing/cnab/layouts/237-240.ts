import { febraban240 } from './febraban-240.js';

/**
 * Bradesco — CNAB 240 cobrança. Nosso número: the sequence and its check digit, right-aligned.
 * File layout version 084, lot version 042 (checked on reading: a retorno of another version is refused).
 * Versions 084/042 could not be confirmed from any source reachable here (see docs/billing.md).
 */
export const layout237x240 = febraban240({
  bankCode: '237',
  bankName: 'BRADESCO',
  version: { file: '084', lot: '042' },
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
