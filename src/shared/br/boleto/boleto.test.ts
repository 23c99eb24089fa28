/**
 * Every bank against published boletos. Each example names where it was published; the banks' manuals
 * are PDFs handed to account holders (no stable public page numbers could be checked from here), so each
 * case also names the open-source suite that carries the same real boleto, which is how the values were
 * cross-checked: caelum-stella (Java), brcobranca (Ruby), python-boleto (Python).
 */
import { validarBoleto } from '@mrmgomes/boleto-utils';
import { describe, expect, test } from 'vitest';
import { bbCheckDigit } from './banks/001-banco-do-brasil.js';
import { santanderNossoNumeroDv } from './banks/033-santander.js';
import { caixaCheckDigit } from './banks/104-caixa.js';
import { bradescoCheckDigit } from './banks/237-bradesco.js';
import { sicrediCampoLivreDv } from './banks/748-sicredi.js';
import { sicoobNossoNumeroDv } from './banks/756-sicoob.js';
import {
  bankByCode,
  banks,
  buildBarcode,
  buildBoleto,
  dueDateFromFator,
  fatorVencimento,
  formatLinhaDigitavel,
  linhaDigitavel,
  parseLinhaDigitavel,
} from './index.js';
import type { BoletoAccount, BoletoBank } from './types.js';

const bank = (code: string): BoletoBank => bankByCode(code)!;
const digitsOnly = (s: string) => s.replace(/\D/g, '');

/**
 * An implementation written apart from `febraban.ts` (positions by hand, another loop shape) plus the
 * npm validator @mrmgomes/boleto-utils: both must accept the linha and give back the same barcode.
 */
function independentlyDecode(linha: string): { barcode: string; amountCents: number } {
  const d = digitsOnly(linha);
  expect(d).toHaveLength(47);
  const dv10 = (s: string) => {
    const total = [...s]
      .reverse()
      .map((c, i) => Number(c) * (i % 2 === 0 ? 2 : 1))
      .reduce((a, n) => a + Math.floor(n / 10) + (n % 10), 0);
    return String((10 - (total % 10)) % 10);
  };
  expect(dv10(d.substring(0, 9))).toBe(d.charAt(9));
  expect(dv10(d.substring(10, 20))).toBe(d.charAt(20));
  expect(dv10(d.substring(21, 31))).toBe(d.charAt(31));
  const barcode =
    d.substring(0, 4) +
    d.charAt(32) +
    d.substring(33) +
    d.substring(4, 9) +
    d.substring(10, 20) +
    d.substring(21, 31);
  const weights = [4, 3, 2, 9, 8, 7, 6, 5]; // 2..9 from the right over 43 digits = this cycle from the left
  const body = barcode.substring(0, 4) + barcode.substring(5);
  let total = 0;
  for (let i = 0; i < body.length; i++) total += Number(body[i]) * weights[i % 8]!;
  const r = 11 - (total % 11);
  expect(r === 0 || r === 10 || r === 11 ? '1' : String(r)).toBe(barcode.charAt(4));
  const external = validarBoleto(d);
  expect(external.sucesso).toBe(true);
  expect(external.codigoBarras).toBe(barcode);
  return { barcode, amountCents: Number(barcode.substring(9, 19)) };
}

describe('fator de vencimento', () => {
  test('the old cycle ends at 9999 on 21/02/2025 and the new one starts at 1000 on 22/02/2025', () => {
    expect(fatorVencimento('2025-02-21')).toBe(9999);
    expect(fatorVencimento('2025-02-22')).toBe(1000);
    expect(fatorVencimento('2025-02-23')).toBe(1001);
    // FEBRABAN's own reference points: 03/07/2000 = 1000, 04/07/2000 = 1001.
    expect(fatorVencimento('2000-07-03')).toBe(1000);
    expect(fatorVencimento('2000-07-04')).toBe(1001);
    expect(() => fatorVencimento('2000-07-02')).toThrow(RangeError);
  });

  test('a factor is read back in the cycle nearest the reference date', () => {
    expect(dueDateFromFator(1000, '2025-03-01')).toBe('2025-02-22');
    expect(dueDateFromFator(9999, '2025-03-01')).toBe('2025-02-21');
    expect(dueDateFromFator(1000, '2001-01-01')).toBe('2000-07-03');
    expect(dueDateFromFator(0, '2025-03-01')).toBeNull();
  });

  test('barcodes on both sides of the restart carry 9999 and 1000', () => {
    const campoLivre = '0'.repeat(25);
    const before = buildBarcode({ bankCode: '341', dueDate: '2025-02-21', amountCents: 100, campoLivre });
    const after = buildBarcode({ bankCode: '341', dueDate: '2025-02-22', amountCents: 100, campoLivre });
    expect(before.slice(5, 9)).toBe('9999');
    expect(after.slice(5, 9)).toBe('1000');
    for (const b of [before, after]) {
      const l = linhaDigitavel(b);
      expect(independentlyDecode(l).barcode).toBe(b);
    }
  });
});

/** A boleto a bank published, and what its manual's example says each part is. */
interface Published {
  /** Where it was published, and the suite that carries the same boleto. */
  source: string;
  account: BoletoAccount;
  boleto: { sequence: number; amountCents: number; dueDate: string; issueDate: string };
  nossoNumero?: { value?: string; checkDigit?: string; formatted?: string };
  barcode?: string;
  linha?: string;
  /** False where the example's carteira or account is one this app does not register boletos under. */
  registers?: false;
}

const published: Record<string, Published[]> = {
  '001': [
    {
      source:
        'BB "Especificações Técnicas para Confecção de Boleto de Cobrança do Banco do Brasil", convênio de 7 ' +
        "posições, carteira 18 (campo livre for convênios above 1.000.000); caelum-stella's BancoDoBrasilTest",
      account: {
        bankCode: '001',
        agency: '1824',
        agencyDigit: '4',
        account: '76000',
        accountDigit: '5',
        carteira: '18',
        convenio: '1207113',
      },
      boleto: { sequence: 9000206, amountCents: 4000, dueDate: '2008-05-02', issueDate: '2008-05-04' },
      nossoNumero: { value: '12071130009000206', checkDigit: '' },
      barcode: '00195386000000040000000001207113000900020618',
      linha: '00190.00009 01207.113000 09000.206186 5 38600000004000',
    },
  ],
  '033': [
    {
      source:
        'Santander "Layout de Cobrança — Código de Barras" (campo livre 9 + beneficiário + nosso número with ' +
        "DV + IOF + carteira), beneficiário 5260965, carteira 102; caelum-stella's SantanderTest",
      account: { bankCode: '033', agency: '6790', account: '1', carteira: '102', convenio: '5260965' },
      boleto: { sequence: 105613749501, amountCents: 21950, dueDate: '2013-05-08', issueDate: '2013-04-29' },
      nossoNumero: { checkDigit: '4' },
      barcode: '03392569200000219509526096510561374950140102',
    },
  ],
  '237': [
    {
      source:
        'Bradesco "Layout do Código de Barras" (campo livre), agência 2949-1, carteira 06, conta 6580-3; ' +
        "caelum-stella's BradescoTest",
      account: {
        bankCode: '237',
        agency: '2949',
        agencyDigit: '1',
        account: '6580',
        accountDigit: '3',
        carteira: '06',
        convenio: '',
      },
      boleto: { sequence: 3, amountCents: 100, dueDate: '2006-06-10', issueDate: '2006-05-31' },
      barcode: '23796316800000001002949060000000000300065800',
      linha: '23792.94909 60000.000004 03000.658009 6 31680000000100',
    },
  ],
  '341': [
    {
      source:
        'Itaú "Boleto de Cobrança — especificações técnicas" (campo livre carteira + nosso número + DAC + ' +
        "agência + conta + DAC + 000), agência 0167, conta 45145-9, carteira 157; caelum-stella's ItauTest",
      account: {
        bankCode: '341',
        agency: '0167',
        account: '45145',
        accountDigit: '9',
        carteira: '157',
        convenio: '',
      },
      boleto: { sequence: 21897666, amountCents: 268016, dueDate: '2013-04-01', issueDate: '2013-03-20' },
      nossoNumero: { checkDigit: '6' },
      barcode: '34196565500002680161572189766660167451459000',
      linha: '34191.57213 89766.660164 74514.590004 6 56550000268016',
    },
    {
      source:
        "Itaú, the same manual: a second boleto (carteira 174, agência 8462, conta 05825-7); caelum-stella's ItauTest",
      account: {
        bankCode: '341',
        agency: '8462',
        account: '05825',
        accountDigit: '7',
        carteira: '174',
        convenio: '',
      },
      boleto: { sequence: 15135, amountCents: 268016, dueDate: '2014-04-10', issueDate: '2014-03-20' },
      nossoNumero: { checkDigit: '6' },
      linha: '34191.74002 01513.568467 20582.590004 6 60290000268016',
      registers: false,
    },
  ],
  '756': [
    {
      source:
        'Sicoob "Manual de Cobrança — Leiaute do Boleto" (nosso número DV with the constant 3197), cooperativa ' +
        "3069, cliente 225, carteira/modalidade 3/03; python-boleto's test_banco_sicoob",
      account: { bankCode: '756', agency: '3069', account: '84725', carteira: '3', convenio: '0000225' },
      boleto: { sequence: 3, amountCents: 9750, dueDate: '2016-05-06', issueDate: '2016-04-08' },
      nossoNumero: { formatted: '0000003-5' },
      linha: '75693.30694 03000.022503 00000.350017 3 67860000009750',
    },
  ],
};

describe.each(Object.entries(published))('published boletos of bank %s', (code, examples) => {
  test.each(examples)('$source', (p) => {
    const b = buildBoleto(p.account, p.boleto.sequence, p.boleto);
    if (p.nossoNumero) expect(b.nossoNumero).toMatchObject(p.nossoNumero);
    if (p.barcode) expect(b.barcode).toBe(p.barcode);
    if (p.linha) expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(p.linha);
    const decoded = independentlyDecode(b.linhaDigitavel);
    expect([decoded.barcode, decoded.amountCents]).toEqual([b.barcode, p.boleto.amountCents]);
    if (p.registers !== false) expect(bank(code).validateAccount(p.account)).toEqual([]);
  });
});

/** The first published example's account of a bank. */
const accountOf = (code: string) => published[code]![0]!.account;

describe('Banco do Brasil (001)', () => {
  test("BB's módulo 11 check digits (agência, conta, nosso número of 4/6-digit convênios)", () => {
    const account = accountOf('001');
    // Agência 1824-4 and conta 76000-5 as printed on the published boleto.
    expect(bbCheckDigit('1824')).toBe('4');
    expect(bbCheckDigit('00076000')).toBe('5');
    // Remainder 10 is written X (BB, "Cálculo do dígito verificador — módulo 11"): weights 9…2 from
    // the right, 6 × 9 = 54, 54 mod 11 = 10 → X.
    expect(bbCheckDigit('00000006')).toBe('X');
    const wrong = bank('001').validateAccount({ ...account, accountDigit: '6' });
    expect(wrong.map((i) => [i.field, i.code])).toEqual([['accountDigit', 'check_digit']]);
    expect(wrong[0]!.message['pt-BR']).toContain('5');
    const six = bank('001').nossoNumero({ ...account, convenio: '123456' }, 42, { issueDate: '2026-01-01' });
    expect(six.value).toBe('12345600042');
    expect(six.checkDigit).toBe(bbCheckDigit('12345600042'));
  });
});

test.each([
  ['566612457800', '2'],
  ['566612457801', '0'],
  ['566612457802', '9'],
  ['566612457803', '7'],
  ['566612457804', '5'],
  ['566612457810', '0'],
  ['000000000001', '9'],
])("Santander nosso número %s has the DV %s (the manual's table)", (nn, dv) => {
  expect(santanderNossoNumeroDv(nn)).toBe(dv);
});

describe('Caixa (104), SIGCB', () => {
  const account: BoletoAccount = {
    bankCode: '104',
    agency: '0589',
    account: '1',
    carteira: 'RG',
    convenio: '290274',
  };

  // CAIXA "Leiaute de Código de Barras — SIGCB": beneficiário 290274-5, nosso número 24900000000000132-3
  // (sem registro, emissão beneficiário), venc. 04/09/2012, R$ 80,00: caelum-stella's CaixaTest.
  test('campo livre, barcode and linha digitável', () => {
    expect(caixaCheckDigit('290274')).toBe('5');
    expect(caixaCheckDigit('24900000000000132')).toBe('3');
    const nn = { value: '24900000000000132', checkDigit: '3', formatted: '' };
    const campoLivre = bank('104').campoLivre(account, nn);
    const barcode = buildBarcode({ bankCode: '104', dueDate: '2012-09-04', amountCents: 8000, campoLivre });
    expect(barcode).toBe('10499544600000080002902745900200040000001322');
    expect(formatLinhaDigitavel(linhaDigitavel(barcode))).toBe(
      '10492.90271 45900.200044 00000.013227 9 54460000008000',
    );
    independentlyDecode(linhaDigitavel(barcode));
  });

  test('registered boletos issued here start 14 and carry their own DV', () => {
    const b = buildBoleto(account, 132, {
      amountCents: 8000,
      dueDate: '2026-09-04',
      issueDate: '2026-08-01',
    });
    expect(b.nossoNumero.value).toBe('14000000000000132');
    expect(b.nossoNumero.checkDigit).toBe(caixaCheckDigit('14000000000000132'));
    // constante 1 (position 1 of the nosso número) and constante 2 (position 2) in their places.
    expect(b.campoLivre.slice(10, 11)).toBe('1');
    expect(b.campoLivre.slice(14, 15)).toBe('4');
    independentlyDecode(b.linhaDigitavel);
  });
});

describe('Bradesco (237)', () => {
  test("nosso número DV: the manual's example (carteira 19, nosso número 00000000002 → 8) and P", () => {
    // Bradesco, "Boleto de Cobrança — Especificações / cálculo do dígito do nosso número", worked example.
    expect(bradescoCheckDigit('1900000000002', 7)).toBe('8');
    // Remainder 1 → P: some nosso número in the first 200 gets it, and never a two-digit value.
    const withP = Array.from({ length: 200 }, (_, i) => String(i).padStart(13, '0')).find(
      (s) => bradescoCheckDigit(s, 7) === 'P',
    );
    expect(withP).toBeDefined();
  });

  test('a wrong check digit of the agência is named', () => {
    const issues = bank('237').validateAccount({ ...accountOf('237'), agencyDigit: '2' });
    expect(issues.map((i) => i.field)).toEqual(['agencyDigit']);
    expect(bank('341').validateAccount({ ...accountOf('341'), accountDigit: '1' })[0]?.code).toBe(
      'check_digit',
    );
  });
});

describe('Sicoob (756)', () => {
  test("nosso número DV with the constant 3197 (the published boleto's 3-5)", () => {
    expect(sicoobNossoNumeroDv('3069', '0000225', '0000003')).toBe('5');
  });
});

describe('Sicredi (748)', () => {
  // Sicredi "Manual de Cobrança" (campo livre and nosso número AA/BXXXXX-D): cooperativa 1234, posto 18,
  // beneficiário 12345, nosso número 12/213871-5, venc. 24/01/2012, R$ 2.952,95 (a carteira 3 — sem
  // registro — boleto): brcobranca's sicredi_spec.
  const account: BoletoAccount = {
    bankCode: '748',
    agency: '1234',
    account: '12345',
    carteira: '1',
    convenio: '12345',
    variation: '18',
  };

  test('nosso número with year, byte and DV', () => {
    const nn = bank('748').nossoNumero(account, 13871, { issueDate: '2012-01-19' });
    expect(nn.formatted).toBe('12/213871-5');
  });

  test('campo livre DV, barcode and linha digitável', () => {
    const without = '311221387151234181234510';
    expect(sicrediCampoLivreDv(without)).toBe('0');
    const barcode = buildBarcode({
      bankCode: '748',
      dueDate: '2012-01-24',
      amountCents: 295295,
      campoLivre: `${without}0`,
    });
    expect(formatLinhaDigitavel(linhaDigitavel(barcode))).toBe(
      '74893.11220 13871.512342 18123.451009 1 52220000295295',
    );
    independentlyDecode(linhaDigitavel(barcode));
    // The registered boleto issued here differs only in the tipo de cobrança (1) and its DV.
    const b = buildBoleto(account, 13871, {
      amountCents: 295295,
      dueDate: '2026-01-24',
      issueDate: '2012-01-19',
    });
    expect(b.campoLivre.slice(0, 24)).toBe(`1${without.slice(1)}`);
    independentlyDecode(b.linhaDigitavel);
  });
});

describe('every bank', () => {
  test('1,000 generated boletos per bank are all decoded by the independent implementation', () => {
    // The published accounts, with a carteira or convênio that registers boletos where theirs did not.
    const sample: Record<string, BoletoAccount> = {
      '001': { ...accountOf('001'), carteira: '17', convenio: '123456' },
      '033': { ...accountOf('033'), account: '13000123', carteira: '101' },
      '104': { bankCode: '104', agency: '0589', account: '1', carteira: 'RG', convenio: '290274' },
      '237': { ...accountOf('237'), carteira: '09' },
      '341': { ...accountOf('341'), carteira: '109' },
      '748': {
        bankCode: '748',
        agency: '1234',
        account: '1',
        carteira: '1',
        convenio: '12345',
        variation: '18',
      },
      '756': { ...accountOf('756'), account: '1', carteira: '1' },
    };
    expect(banks.map((b) => b.code)).toEqual(['001', '033', '104', '237', '341', '748', '756']);
    for (const b of banks) {
      const account = sample[b.code]!;
      expect(b.validateAccount(account), b.code).toEqual([]);
      for (let i = 1; i <= 1000; i++) {
        const amountCents = (i * 7919) % 10_000_000;
        const dueDate = i % 2 ? '2025-02-21' : '2026-11-30';
        const boleto = buildBoleto(account, i, { amountCents, dueDate, issueDate: '2026-01-10' });
        expect(boleto.campoLivre).toMatch(/^\d{25}$/);
        const decoded = independentlyDecode(boleto.linhaDigitavel);
        expect(decoded.barcode).toBe(boleto.barcode);
        expect(decoded.amountCents).toBe(amountCents);
        expect(parseLinhaDigitavel(formatLinhaDigitavel(boleto.linhaDigitavel))).toMatchObject({
          ok: true,
          barcode: boleto.barcode,
        });
      }
    }
  });

  test('a mistyped linha digitável names the broken field', () => {
    const good = '00190000090120711300009000206186538600000004000';
    expect(parseLinhaDigitavel(good).ok).toBe(true);
    const flip = (i: number) => good.slice(0, i) + String((Number(good[i]) + 1) % 10) + good.slice(i + 1);
    expect(parseLinhaDigitavel(flip(2))).toEqual({ ok: false, problem: 'field1_check_digit' });
    expect(parseLinhaDigitavel(flip(12))).toEqual({ ok: false, problem: 'field2_check_digit' });
    expect(parseLinhaDigitavel(flip(25))).toEqual({ ok: false, problem: 'field3_check_digit' });
    expect(parseLinhaDigitavel(flip(40))).toEqual({ ok: false, problem: 'general_check_digit' });
    expect(parseLinhaDigitavel('123')).toEqual({ ok: false, problem: 'length' });
  });
});
