import type { CnabLayout } from '../layout.js';
import { layout001x240 } from './001-240.js';
import { layout033x240 } from './033-240.js';
import { layout033x400 } from './033-400.js';
import { layout104x240 } from './104-240.js';
import { layout237x240 } from './237-240.js';
import { layout237x400 } from './237-400.js';
import { layout341x240 } from './341-240.js';
import { layout341x400 } from './341-400.js';
import { layout748x240 } from './748-240.js';
import { layout756x240 } from './756-240.js';

/** Every CNAB layout, by id (`<bank>-<240|400>`). A bank's layout is added here, from its own file. */
export const cnabLayouts: Readonly<Record<string, CnabLayout>> = Object.fromEntries(
  [
    layout001x240,
    layout033x240,
    layout033x400,
    layout104x240,
    layout237x240,
    layout237x400,
    layout341x240,
    layout341x400,
    layout748x240,
    layout756x240,
  ].map((l) => [l.id, l]),
);

export type CnabFormat = '240' | '400';

/** The layout of a bank and format, or undefined when we have none. */
export const layoutOf = (bankCode: string, format: CnabFormat): CnabLayout | undefined =>
  cnabLayouts[`${bankCode}-${format}`];

/** The formats a bank's cobrança takes here, CNAB 240 first. */
export const formatsOf = (bankCode: string): CnabFormat[] =>
  (['240', '400'] as const).filter((f) => layoutOf(bankCode, f));
