/**
 * The CNAB layouts each bank's cobrança takes here, CNAB 240 first: what the web offers when a remessa
 * is generated. The server's layouts (`modules/billing/cnab/layouts`) are the source; a test there checks
 * this list matches them.
 */
export const cnabFormatsByBank: Readonly<Record<string, readonly ('240' | '400')[]>> = {
  '001': ['240'],
  '033': ['240', '400'],
  '104': ['240'],
  '237': ['240', '400'],
  '341': ['240', '400'],
  '748': ['240'],
  '756': ['240'],
};
