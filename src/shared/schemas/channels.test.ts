import { describe, expect, it } from 'vitest';
import { emailSettingsInput, smsSettingsInput, whatsappSettingsInput } from './channels.js';
import { errorsOf, maxLengthsOf } from './test-helpers.js';

/** Nothing of zod's wording or of a pattern reaches a person. */
const NO_JARGON = /\^|\\d|\[0-9|Grande demais|Too big|esperava|expected|regex|padrão/;

const smtp = {
  host: 'smtp.escritorio.com.br',
  port: 587,
  security: 'starttls',
  fromName: 'Escritório Modelo',
  fromAddress: 'contato@escritorio.com.br',
};

describe('channel settings schemas', () => {
  it('e-mail: plain sentences for a missing host, a bad port and a bad address', () => {
    const e = errorsOf(emailSettingsInput, { ...smtp, host: '', port: 70000, fromAddress: 'contato@' });
    expect(e.host).toEqual({ 'pt-BR': 'Campo obrigatório.', en: 'Required field.' });
    expect(e.port?.['pt-BR']).toBe('Informe uma porta de 1 a 65535 (587 para STARTTLS, 465 para TLS).');
    expect(e.port?.en).toBe('Enter a port from 1 to 65535 (587 for STARTTLS, 465 for TLS).');
    expect(e.fromAddress).toEqual({ 'pt-BR': 'E-mail inválido.', en: 'Invalid e-mail address.' });
    expect(errorsOf(emailSettingsInput, { ...smtp, fromName: 'x'.repeat(121) }).fromName).toEqual({
      'pt-BR': 'Use no máximo 120 caracteres.',
      en: 'Use at most 120 characters.',
    });
    expect(
      emailSettingsInput.parse({ ...smtp, fromAddress: ' Contato@Escritorio.com.br ' }).fromAddress,
    ).toBe('contato@escritorio.com.br');
  });

  it('WhatsApp: each field names what to type, never its pattern', () => {
    const e = errorsOf(whatsappSettingsInput, {
      phoneNumberId: '12ab',
      verifyToken: 'curto',
      language: 'pt-br',
      baseUrl: 'graph.facebook.com',
      apiVersion: '21',
    });
    expect(e.phoneNumberId?.['pt-BR']).toBe(
      'Use o ID numérico do número no painel da Meta (de 5 a 20 dígitos).',
    );
    expect(e.verifyToken).toEqual({
      'pt-BR': 'Use pelo menos 8 caracteres.',
      en: 'Use at least 8 characters.',
    });
    expect(e.language?.en).toBe('Use the language code of the approved templates, such as pt_BR or en_US.');
    expect(e.baseUrl?.['pt-BR']).toBe('Informe um endereço completo que comece com https:// (ou http://).');
    expect(e.apiVersion).toEqual({
      'pt-BR': 'Use a versão no formato v21.0.',
      en: 'Use the version in the format v21.0.',
    });
    for (const m of Object.values(e)) {
      expect(m['pt-BR']).not.toMatch(NO_JARGON);
      expect(m.en).not.toMatch(NO_JARGON);
    }
    expect(
      errorsOf(whatsappSettingsInput, { phoneNumberId: '', verifyToken: 'abcdefgh' }).phoneNumberId,
    ).toEqual({
      'pt-BR': 'Campo obrigatório.',
      en: 'Required field.',
    });
  });

  it('WhatsApp: trims and fills the defaults', () => {
    expect(whatsappSettingsInput.parse({ phoneNumberId: ' 1234567 ', verifyToken: ' abcdefgh ' })).toEqual({
      baseUrl: 'https://graph.facebook.com',
      apiVersion: 'v21.0',
      phoneNumberId: '1234567',
      verifyToken: 'abcdefgh',
      language: 'pt_BR',
    });
  });

  it('SMS: an address must be http(s); the sender has 2 to 20 characters', () => {
    const e = errorsOf(smsSettingsInput, {
      url: 'ftp://sms.example.com',
      sender: 'Escritório Modelo Contábil',
    });
    expect(e.url?.en).toBe('Enter a full address starting with https:// (or http://).');
    expect(e.sender).toEqual({ 'pt-BR': 'Use no máximo 20 caracteres.', en: 'Use at most 20 characters.' });
    expect(
      errorsOf(smsSettingsInput, { url: 'https://sms.example.com', sender: 'E' }).sender?.['pt-BR'],
    ).toBe('Use pelo menos 2 caracteres.');
  });

  it('the counters read the limits from the schemas', () => {
    expect(maxLengthsOf(smsSettingsInput)).toMatchObject({ sender: 20, url: 500 });
    expect(maxLengthsOf(whatsappSettingsInput)).toMatchObject({ phoneNumberId: 20, baseUrl: 200 });
    expect(maxLengthsOf(emailSettingsInput)).toMatchObject({ host: 200, fromName: 120, replyTo: 254 });
  });
});
