import { febraban240 } from './febraban-240.js';

/**
 * Caixa Econômica Federal — CNAB 240 cobrança. SIGCB; nosso número: the modalidade and the sequence (17 digits), right-aligned.
 * File layout version 101, lot version 060 (checked on reading: a retorno of another version is refused).
 * Versions 101/060 agree with ACBr's `ACBrCaixaEconomica.pas` (SIGCB); brcobranca's `caixa.rb` writes 050/030, an older SIGCB version. Not checked against CAIXA's manual itself.
 */
export const layout104x240 = febraban240({
  bankCode: '104',
  bankName: 'CAIXA ECONOMICA FEDERAL',
  version: { file: '101', lot: '060' },
  nossoNumero: { withCheckDigit: false, fill: 'zeros' },
});
