/**
 * Props of a Mantine `NumberInput` holding an amount in reais: R$, Brazilian separators, two decimals,
 * never negative. Spread them: `<NumberInput label={…} {...moneyInputProps} value={v} onChange={…} />`.
 */
export const moneyInputProps = {
  prefix: 'R$ ',
  decimalSeparator: ',',
  thousandSeparator: '.',
  decimalScale: 2,
  fixedDecimalScale: true,
  allowNegative: false,
  hideControls: true,
  min: 0,
} as const;
