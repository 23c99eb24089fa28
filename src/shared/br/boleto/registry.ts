/** The banks supported, by FEBRABAN code. Adding a bank: a file in `banks/`, its code in `bankCodes`, a line here. */
import { bancoDoBrasil } from './banks/001-banco-do-brasil.js';
import { santander } from './banks/033-santander.js';
import { caixa } from './banks/104-caixa.js';
import { bradesco } from './banks/237-bradesco.js';
import { itau } from './banks/341-itau.js';
import { sicredi } from './banks/748-sicredi.js';
import { sicoob } from './banks/756-sicoob.js';
import type { BankCode, BoletoBank } from './types.js';

const registry: Record<BankCode, BoletoBank> = {
  '001': bancoDoBrasil,
  '033': santander,
  '104': caixa,
  '237': bradesco,
  '341': itau,
  '748': sicredi,
  '756': sicoob,
};

/** Every supported bank, in code order. */
export const banks: readonly BoletoBank[] = Object.values(registry).sort((a, b) =>
  a.code.localeCompare(b.code),
);

/** The bank with this FEBRABAN code, or null when it is not supported. */
export function bankByCode(code: string): BoletoBank | null {
  return (registry as Record<string, BoletoBank>)[code] ?? null;
}
