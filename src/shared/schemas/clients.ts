/**
 * What a request may send about clients, contacts and the service catalog: the route bodies of the
 * clients module and the schemas the web's client, contact and service forms validate with.
 */
import { z } from 'zod';
import {
  birthdayField,
  cepField,
  email,
  optionalLongText,
  optionalText,
  phoneField,
  taxIdField,
  text,
  uf,
} from './fields.js';

export const clientStatus = z.enum(['active', 'inactive']);

const responsibleInput = z.strictObject({ professionId: z.uuid(), userId: z.uuid() });

/** The writable fields of a client, all optional: PATCH takes any subset. */
export const clientFields = {
  legalName: text(200).min(2),
  tradeName: optionalText(200),
  document: taxIdField,
  stateRegistration: optionalText(30),
  emails: z.array(email).max(10),
  whatsapp: phoneField,
  phone: phoneField,
  cep: cepField,
  street: optionalText(200),
  number: optionalText(20),
  complement: optionalText(100),
  district: optionalText(100),
  city: optionalText(120),
  state: uf.nullish().transform((v) => v ?? null),
  status: clientStatus,
  class: optionalText(20),
  tags: z.array(text(40).min(1)).max(30),
  notes: optionalLongText(5000),
  responsibles: z.array(responsibleInput).max(20),
  emailOptOut: z.boolean(),
  whatsappOptIn: z.boolean(),
};

export const updateClientBody = z.strictObject(clientFields).partial();
export const createClientBody = updateClientBody.required({ legalName: true, document: true });

export const contactFields = {
  name: text(120).min(2),
  role: optionalText(80),
  email: email.nullish().transform((v) => v ?? null),
  whatsapp: phoneField,
  birthday: birthdayField,
  emailOptOut: z.boolean(),
  whatsappOptIn: z.boolean(),
};
export const updateContactBody = z.strictObject(contactFields).partial();
export const createContactBody = updateContactBody.required({ name: true });

export const serviceFields = {
  name: text(120).min(2),
  description: optionalLongText(2000),
  defaultValueCents: z.number().int().min(0).max(100_000_000_00),
  department: optionalText(80),
  active: z.boolean(),
};
export const updateServiceBody = z.strictObject(serviceFields).partial();
export const createServiceBody = updateServiceBody.required({ name: true });
