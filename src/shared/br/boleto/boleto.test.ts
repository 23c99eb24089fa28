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

describe('Banco do Brasil (001)', () => {
  // Convênio de 7 posições, carteira 18: BB "Especificações Técnicas para Confecção de Boleto de Cobrança
  // do Banco do Brasil", campo livre for convênios above 1.000.000; the same boleto (venc. 02/05/2008,
  // R$ 40,00, nosso número 12071130009000206) is caelum-stella's BancoDoBrasilTest.
  const account: BoletoAccount = {
    bankCode: '001',
    agency: '1824',
    agencyDigit: '4',
    account: '76000',
    accountDigit: '5',
    carteira: '18',
    convenio: '1207113',
  };

  test('nosso número, barcode and linha digitável', () => {
    const nn = bank('001').nossoNumero(account, 9000206, { issueDate: '2008-05-04' });
    expect(nn.value).toBe('12071130009000206');
    expect(nn.checkDigit).toBe('');
    const b = buildBoleto(account, 9000206, {
      amountCents: 4000,
      dueDate: '2008-05-02',
      issueDate: '2008-05-04',
    });
    expect(b.barcode).toBe('00195386000000040000000001207113000900020618');
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(
      '00190.00009 01207.113000 09000.206186 5 38600000004000',
    );
    expect(independentlyDecode(b.linhaDigitavel).barcode).toBe(b.barcode);
  });

  test("BB's módulo 11 check digits (agência, conta, nosso número of 4/6-digit convênios)", () => {
    // Agência 1824-4 and conta 76000-5 as printed on the boleto above.
    expect(bbCheckDigit('1824')).toBe('4');
    expect(bbCheckDigit('00076000')).toBe('5');
    // Remainder 10 is written X (BB, "Cálculo do dígito verificador — módulo 11"): weights 9…2 from
    // the right, 6 × 9 = 54, 54 mod 11 = 10 → X.
    expect(bbCheckDigit('00000006')).toBe('X');
    expect(bank('001').validateAccount(account)).toEqual([]);
    const wrong = bank('001').validateAccount({ ...account, accountDigit: '6' });
    expect(wrong.map((i) => [i.field, i.code])).toEqual([['accountDigit', 'check_digit']]);
    expect(wrong[0]!.message['pt-BR']).toContain('5');
    const six = bank('001').nossoNumero({ ...account, convenio: '123456' }, 42, { issueDate: '2026-01-01' });
    expect(six.value).toBe('12345600042');
    expect(six.checkDigit).toBe(bbCheckDigit('12345600042'));
  });
});

describe('Santander (033)', () => {
  // Santander "Layout de Cobrança — Código de Barras": campo livre 9 + código do beneficiário + nosso
  // número with DV + IOF + carteira. Boleto of venc. 08/05/2013, R$ 219,50, beneficiário 5260965, carteira
  // 102, nosso número 105613749501-4: caelum-stella's SantanderTest.
  const account: BoletoAccount = {
    bankCode: '033',
    agency: '6790',
    account: '1',
    carteira: '102',
    convenio: '5260965',
  };

  test("nosso número check digit (the manual's table: 566612457800 → 2 …)", () => {
    const table: Array<[string, string]> = [
      ['566612457800', '2'],
      ['566612457801', '0'],
      ['566612457802', '9'],
      ['566612457803', '7'],
      ['566612457804', '5'],
      ['566612457810', '0'],
      ['000000000001', '9'],
    ];
    for (const [nn, dv] of table) expect(santanderNossoNumeroDv(nn), nn).toBe(dv);
  });

  test('barcode and linha digitável', () => {
    const b = buildBoleto(account, 105613749501, {
      amountCents: 21950,
      dueDate: '2013-05-08',
      issueDate: '2013-04-29',
    });
    expect(b.nossoNumero.checkDigit).toBe('4');
    expect(b.barcode).toBe('03392569200000219509526096510561374950140102');
    expect(independentlyDecode(b.linhaDigitavel).barcode).toBe(b.barcode);
  });
});

describe('Caixa (104), SIGCB', () => {
  // CAIXA "Leiaute de Código de Barras — SIGCB": beneficiário 290274-5, nosso número 24900000000000132-3
  // (sem registro, emissão beneficiário), venc. 04/09/2012, R$ 80,00: caelum-stella's CaixaTest.
  test('campo livre, barcode and linha digitável', () => {
    const account: BoletoAccount = {
      bankCode: '104',
      agency: '0589',
      account: '1',
      carteira: 'RG',
      convenio: '290274',
    };
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
    const account: BoletoAccount = {
      bankCode: '104',
      agency: '0589',
      account: '1',
      carteira: 'RG',
      convenio: '290274',
    };
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

  test('barcode and linha digitável', () => {
    // Agência 2949-1, carteira 06, nosso número 3, conta 6580-3, venc. 10/06/2006, R$ 1,00: caelum-stella's
    // BradescoTest; layout: Bradesco "Layout do Código de Barras", campo livre.
    const account: BoletoAccount = {
      bankCode: '237',
      agency: '2949',
      agencyDigit: '1',
      account: '6580',
      accountDigit: '3',
      carteira: '06',
      convenio: '',
    };
    const b = buildBoleto(account, 3, { amountCents: 100, dueDate: '2006-06-10', issueDate: '2006-05-31' });
    expect(b.barcode).toBe('23796316800000001002949060000000000300065800');
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(
      '23792.94909 60000.000004 03000.658009 6 31680000000100',
    );
    expect(independentlyDecode(b.linhaDigitavel).amountCents).toBe(100);
    expect(bank('237').validateAccount(account)).toEqual([]);
    expect(
      bank('237')
        .validateAccount({ ...account, agencyDigit: '2' })
        .map((i) => i.field),
    ).toEqual(['agencyDigit']);
  });
});

describe('Itaú (341)', () => {
  // Itaú "Boleto de Cobrança — especificações técnicas": campo livre carteira + nosso número + DAC +
  // agência + conta + DAC + 000. Agência 0167, conta 45145-9, carteira 157, nosso número 21897666-6,
  // venc. 01/04/2013, R$ 2.680,16: caelum-stella's ItauTest.
  const account: BoletoAccount = {
    bankCode: '341',
    agency: '0167',
    account: '45145',
    accountDigit: '9',
    carteira: '157',
    convenio: '',
  };

  test('nosso número DAC, barcode and linha digitável', () => {
    const b = buildBoleto(account, 21897666, {
      amountCents: 268016,
      dueDate: '2013-04-01',
      issueDate: '2013-03-20',
    });
    expect(b.nossoNumero.checkDigit).toBe('6');
    expect(b.barcode).toBe('34196565500002680161572189766660167451459000');
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(
      '34191.57213 89766.660164 74514.590004 6 56550000268016',
    );
    independentlyDecode(b.linhaDigitavel);
    expect(bank('341').validateAccount(account)).toEqual([]);
    expect(bank('341').validateAccount({ ...account, accountDigit: '1' })[0]?.code).toBe('check_digit');
  });

  test('a second published boleto (carteira 174, agência 8462, conta 05825)', () => {
    const acc = { ...account, agency: '8462', account: '05825', accountDigit: '7', carteira: '174' };
    const b = buildBoleto(acc, 15135, {
      amountCents: 268016,
      dueDate: '2014-04-10',
      issueDate: '2014-03-20',
    });
    expect(b.nossoNumero.checkDigit).toBe('6');
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(
      '34191.74002 01513.568467 20582.590004 6 60290000268016',
    );
  });
});

describe('Sicoob (756)', () => {
  // Sicoob "Manual de Cobrança — Leiaute do Boleto": nosso número DV with the constant 3197; a boleto of
  // cooperativa 3069, cliente 225, nosso número 3-5, carteira/modalidade 3/03, venc. 06/05/2016,
  // R$ 97,50: python-boleto's test_banco_sicoob.
  test('nosso número DV, barcode and linha digitável', () => {
    expect(sicoobNossoNumeroDv('3069', '0000225', '0000003')).toBe('5');
    const account: BoletoAccount = {
      bankCode: '756',
      agency: '3069',
      account: '84725',
      carteira: '3',
      convenio: '0000225',
    };
    const b = buildBoleto(account, 3, { amountCents: 9750, dueDate: '2016-05-06', issueDate: '2016-04-08' });
    expect(b.nossoNumero.formatted).toBe('0000003-5');
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(
      '75693.30694 03000.022503 00000.350017 3 67860000009750',
    );
    independentlyDecode(b.linhaDigitavel);
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
    const sample: Record<string, BoletoAccount> = {
      '001': {
        bankCode: '001',
        agency: '1824',
        agencyDigit: '4',
        account: '76000',
        accountDigit: '5',
        carteira: '17',
        convenio: '123456',
      },
      '033': { bankCode: '033', agency: '6790', account: '13000123', carteira: '101', convenio: '5260965' },
      '104': { bankCode: '104', agency: '0589', account: '1', carteira: 'RG', convenio: '290274' },
      '237': {
        bankCode: '237',
        agency: '2949',
        agencyDigit: '1',
        account: '6580',
        accountDigit: '3',
        carteira: '09',
        convenio: '',
      },
      '341': {
        bankCode: '341',
        agency: '0167',
        account: '45145',
        accountDigit: '9',
        carteira: '109',
        convenio: '',
      },
      '748': {
        bankCode: '748',
        agency: '1234',
        account: '1',
        carteira: '1',
        convenio: '12345',
        variation: '18',
      },
      '756': { bankCode: '756', agency: '3069', account: '1', carteira: '1', convenio: '0000225' },
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
