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

/**
 * Props of a Mantine `NumberInput` holding a percentage (interest, fine): Brazilian decimal comma, two
 * decimals, never negative. `<NumberInput label={t.boletos.fine} {...percentInputProps} {...form.input('fineBp')} />`.
 */
export const percentInputProps = {
  decimalSeparator: ',',
  decimalScale: 2,
  min: 0,
  allowNegative: false,
} as const;
