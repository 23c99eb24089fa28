/**
 * Clients' digital certificates and certidões on the web: the API's shapes (mirroring
 * src/server/modules/clients/certificates.schema.ts and certidoes.schema.ts) and the hooks both tabs use.
 * Files travel inside JSON as base64.
 */
import { useQuery } from '@tanstack/react-query';
import { http, ok } from './client.js';

export type CertificateKind = 'a1' | 'a3';
export type CertificateMedia = 'token' | 'card';
export type CertificateState = 'valid' | 'expiring' | 'expired';
export type DocumentCheck = 'match' | 'same_root' | 'mismatch' | 'unknown';

export interface Certificate {
  id: string;
  clientId: string;
  kind: CertificateKind;
  holderName: string;
  document: string | null;
  documentKind: 'cnpj' | 'cpf' | null;
  certificateType: string | null;
  issuer: string | null;
  serialNumber: string | null;
  notBefore: string | null;
  notAfter: string;
  fingerprint: string | null;
  media: CertificateMedia | null;
  notes: string | null;
  hasPublicCertificate: boolean;
  documentCheck: DocumentCheck;
  /** Civil date in the office's time zone. */
  expiresOn: string;
  daysLeft: number;
  state: CertificateState;
  createdAt: string;
  updatedAt: string;
}

export interface CertificateWarning {
  code:
    | 'document_mismatch'
    | 'document_same_root'
    | 'document_unknown'
    | 'expired'
    | 'not_yet_valid'
    | 'no_private_key'
    | 'not_icp_brasil';
  message: string;
}

export interface CertificateInspection {
  holderName: string;
  document: string | null;
  documentKind: 'cnpj' | 'cpf' | null;
  documentSource: 'icp-brasil-san' | 'common-name' | null;
  certificateType: string | null;
  responsible: { name: string | null; cpf: string | null } | null;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  icpBrasil: boolean;
  hasPrivateKey: boolean;
  documentCheck: DocumentCheck;
  expiresOn: string;
  daysLeft: number;
  state: CertificateState;
  duplicate: boolean;
  warnings: CertificateWarning[];
}

export interface CertificateSaved {
  certificate: Certificate;
  warnings: CertificateWarning[];
}

export interface A3Input {
  holderName: string;
  document: string;
  notAfter: string;
  notBefore: string | null;
  issuer: string | null;
  serialNumber: string | null;
  media: CertificateMedia | null;
  notes: string | null;
}

export const CERTIDAO_TYPES = ['federal', 'fgts', 'trabalhista', 'estadual', 'municipal'] as const;
export type CertidaoType = (typeof CERTIDAO_TYPES)[number];
export const CERTIDAO_STATUSES = ['negativa', 'positiva_efeitos_negativa', 'positiva'] as const;
export type CertidaoStatus = (typeof CERTIDAO_STATUSES)[number];
export type CertidaoSituation = 'ok' | 'missing' | 'expired' | 'expiring' | 'positiva' | 'not_required';

export interface Certidao {
  id: string;
  clientId: string;
  type: CertidaoType;
  status: CertidaoStatus;
  issuedOn: string;
  validUntil: string;
  number: string | null;
  notes: string | null;
  file: { name: string; size: number; contentType: string } | null;
  state: CertificateState;
  daysLeft: number;
  createdAt: string;
  updatedAt: string;
}

export interface CertidoesOverview {
  requiredTypes: CertidaoType[];
  requiredIsDefault: boolean;
  items: Certidao[];
  summary: {
    type: CertidaoType;
    required: boolean;
    current: Certidao | null;
    situation: CertidaoSituation;
  }[];
}

export interface FileUpload {
  name: string;
  contentType: string;
  data: string;
}

/** The server's limits, checked here first for a quicker answer. */
export const PFX_MAX_BYTES = 256 * 1024;
export const CERTIDAO_FILE_MAX_BYTES = 5 * 1024 * 1024;

export const certificateKeys = {
  certificates: (clientId: string) => ['client-certificates', clientId] as const,
  certidoes: (clientId: string) => ['client-certidoes', clientId] as const,
};

export function useCertificates(clientId: string) {
  return useQuery({
    queryKey: certificateKeys.certificates(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}/certificates', { params: { path: { id: clientId } }, signal })),
  });
}

export function useCertidoes(clientId: string) {
  return useQuery({
    queryKey: certificateKeys.certidoes(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}/certidoes', { params: { path: { id: clientId } }, signal })),
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
