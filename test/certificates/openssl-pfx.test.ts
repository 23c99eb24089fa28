import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IcpCertificateError, readPkcs12 } from '../../src/server/modules/certificates/icp-certificate.js';

/**
 * Files made by OpenSSL 3, not by node-forge, so the reader is checked against what offices really upload:
 * OpenSSL 3's default (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) with a non-ASCII password, the
 * legacy 3DES/RC2 format Windows still exports, and an elliptic-curve key that node-forge cannot parse.
 *
 *   openssl req -x509 -newkey rsa:2048 -subj "/C=BR/O=ICP-Brasil/OU=Certificado PJ A1/CN=PADARIA ESTRELA LTDA:11222333000181" \
 *     -addext "subjectAltName=otherName:2.16.76.1.3.3;PRINTABLESTRING:11222333000181,otherName:2.16.76.1.3.2;PRINTABLESTRING:MARIA DA SILVA,otherName:2.16.76.1.3.4;PRINTABLESTRING:0101198011144477735000000000000000000000000000SSPSP" …
 *   openssl pkcs12 -export [-legacy] … -passout pass:'senha-ç-123'
 */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('A1 files exported by OpenSSL', () => {
  it.each([
    {
      label: 'OpenSSL 3’s default AES format with a non-ASCII password',
      file: 'openssl3-aes-ecnpj.pfx',
      password: 'senha-ç-123',
      expected: {
        holderName: 'PADARIA ESTRELA LTDA',
        document: { kind: 'cnpj', value: '11222333000181' },
        documentSource: 'icp-brasil-san',
        certificateType: 'e-CNPJ',
        responsible: { name: 'MARIA DA SILVA', cpf: '11144477735' },
        serialNumber: '45131EA3663B084FA5362AE359BA2DC51668408A',
        notBefore: '2026-11-23T19:19:36.000Z',
        notAfter: '2027-12-28T19:19:36.000Z',
        fingerprintSha256: 'E432DBBE677D904E4248773EB6991767FE9F4CB2E10FE2F7BB9776F723A06B66',
        hasPrivateKey: true,
      },
    },
    {
      label: 'the legacy 3DES format',
      file: 'openssl-legacy-3des-ecnpj.pfx',
      password: 'senha-ç-123',
      expected: { fingerprintSha256: 'E432DBBE677D904E4248773EB6991767FE9F4CB2E10FE2F7BB9776F723A06B66' },
    },
    {
      label: 'a certificate with an elliptic-curve key',
      file: 'openssl3-ec-ecpf.pfx',
      password: 'abc123',
      expected: {
        holderName: 'JOAO SOUZA',
        document: { kind: 'cpf', value: '11144477735' },
        documentSource: 'common-name',
        serialNumber: '3C9409D1FBEEA9EAA04694794B19A44235EB5678',
        notAfter: '2026-12-23T19:19:36.000Z',
        fingerprintSha256: 'FC3B3FF2E978D3E7495328F891D71BF21C36E022327B525BD1F35A60F189EFDA',
      },
    },
  ])('reads $label', ({ file, password, expected }) => {
    expect(readPkcs12(fixture(file), password)).toMatchObject(expected);
  });

  it('refuses the AES file with a password that differs only by an accent', () => {
    expect(() => readPkcs12(fixture('openssl3-aes-ecnpj.pfx'), 'senha-c-123')).toThrow(IcpCertificateError);
  });
});
