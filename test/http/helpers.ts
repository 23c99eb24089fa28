import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { cnpjCheckDigits, formatCnpj } from '../../src/server/modules/br/index.js';
import type { Session } from '../support/test-app.js';

/** A problem document as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; code: string; message: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ClientDto {
  id: string;
  legalName: string;
  document: string;
  status: string;
  class: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  responsibles: { professionId: string; professionName: string; userId: string; userName: string }[];
  [key: string]: unknown;
}

/** Asserts the status (200 unless given; 201 for a creation) and answers the parsed JSON body. */
export function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

/** POSTs `payload` to `url` as `s`; fails the test on anything but 201, and answers the created resource. */
export async function postCreated<T>(s: Session, url: string, payload: InjectOptions['payload']): Promise<T> {
  return ok<T>(await s.request({ method: 'POST', url, payload }), 201);
}

/** Asserts a problem+json answer with this status and code, and returns the document. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect(res.headers['content-type'], res.body).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect({ status: res.statusCode, code: body.code }, res.body).toEqual({ status, code });
  expect(body.status).toBe(status);
  expect(body.type).toBe(`https://expediente.app/problems/${code}`);
  return body;
}

/** Asserts a 400 validation failure and returns its field errors. */
export function expectFieldErrors(res: LightMyRequestResponse) {
  const body = expectProblem(res, 400, 'http.validation_failed');
  expect(body.errors?.length, res.body).toBeGreaterThan(0);
  return body.errors!;
}

/** A valid, formatted numeric CNPJ, distinct for every `n` (branch 0001). */
export function cnpj(n: number): string {
  const base = `${String(n).padStart(8, '0')}0001`;
  return formatCnpj(base + cnpjCheckDigits(base));
}

/** The bare form of a formatted document. */
export const bare = (doc: string) => doc.replace(/[.\-/]/g, '');

/** How many clients a session's office has (through the API). */
export async function clientCount(s: Session): Promise<number> {
  const res = await s.request({ method: 'GET', url: '/api/clients?pageSize=1' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<ClientDto>>().total;
}

/** Every client of a session's office (up to 100), through the API. */
export async function allClients(s: Session): Promise<ClientDto[]> {
  const res = await s.request({ method: 'GET', url: '/api/clients?pageSize=100' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<ClientDto>>().items;
}

/** Creates a client through the API and returns it; fails the test on anything but 201. */
export async function createClientVia(s: Session, body: Record<string, unknown>): Promise<ClientDto> {
  const res = await s.request({ method: 'POST', url: '/api/clients', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ClientDto>();
}

/** A login attempt without a session. */
export const loginRequest = (
  app: FastifyInstance,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

/** A well-formed uuid that no row has. */
export const missingId = '01900000-0000-7000-8000-000000000000';
