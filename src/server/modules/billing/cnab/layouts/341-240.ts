import { febraban240 } from './febraban-240.js';

/**
 * Itaú — CNAB 240 cobrança. Nosso número: the sequence and its DAC, right-aligned.
 * File layout version 040, lot version 030 (checked on reading: a retorno of another version is refused).
 * Versions 040/030 agree with brboleto's Itaú (`versao_layout_arquivo_cnab_240`), not Itaú's manual itself.
 */
export const layout341x240 = febraban240({
  bankCode: '341',
  bankName: 'BANCO ITAU SA',
  version: { file: '040', lot: '030' },
  nossoNumero: { withCheckDigit: true, fill: 'zeros' },
});
