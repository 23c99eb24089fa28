/**
 * Clients' digital certificates and certidões on the web: the API's shapes (derived from the generated
 * `schema.d.ts`, never written by hand) and the hooks both tabs use. Files travel inside JSON as base64.
 */
import { useQuery } from '@tanstack/react-query';
import { getQuery } from './client.js';
import type { Answer, Body, Item } from './models.js';

type ClientCertificates = '/api/clients/{id}/certificates';

export type Certificate = Item<Answer<ClientCertificates>>;
export type CertificateState = Certificate['state'];
export type DocumentCheck = Certificate['documentCheck'];
/** What a .pfx holds, read without saving (the upload form shows it before the user saves). */
export type CertificateInspection = Answer<'/api/clients/{id}/certificates/inspect', 'post'>;
export type CertificateSaved = Answer<ClientCertificates, 'post'>;
/** What PATCH takes: an A3's fields (an A1 only its notes). */
export type CertificatePatch = Body<'/api/clients/{id}/certificates/{certificateId}', 'patch'>;

export type CertidoesOverview = Answer<'/api/clients/{id}/certidoes'>;
export type Certidao = CertidoesOverview['items'][number];
export type CertidaoType = Certidao['type'];
export type CertidaoStatus = Certidao['status'];
export type CertidaoSituation = CertidoesOverview['summary'][number]['situation'];
export type CertidaoInput = Body<'/api/clients/{id}/certidoes', 'post'>;
/** A file sent inside JSON: name, type and base64 bytes. */
export type FileUpload = NonNullable<CertidaoInput['file']>;

/** The types and statuses in the order the screens list them; the compiler checks none is missing. */
export const CERTIDAO_TYPES = [
  'federal',
  'fgts',
  'trabalhista',
  'estadual',
  'municipal',
] as const satisfies readonly CertidaoType[];
export const CERTIDAO_STATUSES = [
  'negativa',
  'positiva_efeitos_negativa',
  'positiva',
] as const satisfies readonly CertidaoStatus[];
const complete: [
  Exclude<CertidaoType, (typeof CERTIDAO_TYPES)[number]>,
  Exclude<CertidaoStatus, (typeof CERTIDAO_STATUSES)[number]>,
] extends [never, never]
  ? true
  : false = true;
void complete;

export const certificateKeys = {
  certificates: (clientId: string) => ['client-certificates', clientId] as const,
  certidoes: (clientId: string) => ['client-certidoes', clientId] as const,
};

export function useCertificates(clientId: string) {
  return useQuery({
    ...getQuery(certificateKeys.certificates(clientId), '/api/clients/{id}/certificates', {
      params: { path: { id: clientId } },
    }),
  });
}

export function useCertidoes(clientId: string) {
  return useQuery({
    ...getQuery(certificateKeys.certidoes(clientId), '/api/clients/{id}/certidoes', {
      params: { path: { id: clientId } },
    }),
  });
}

/** A file's bytes as base64 (without the `data:` prefix), for JSON bodies. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
