import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fileDownload, sendCsv } from '../../http/downloads.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { idParam, listQuery, pageOf, queryBool } from '../../http/schemas.js';
import {
  clientDetailSchema,
  clientExtraSchema,
  clientSchema,
  clientSortable,
  clientStatus,
  contactSchema,
  createClientBody,
  createContactBody,
  createServiceBody,
  importReportSchema,
  serviceSchema,
  updateClientBody,
  updateContactBody,
  updateServiceBody,
} from './clients.schema.js';
import {
  createClient,
  createContact,
  deleteClient,
  deleteContact,
  getClient,
  getClientExtraView,
  listClients,
  updateClient,
  updateContact,
} from './clients.service.js';
import { exportClientsCsv, importClientsCsv } from './clients-csv.js';
import {
  createCatalogService,
  getCatalogService,
  listCatalog,
  updateCatalogService,
} from './service-catalog.service.js';

const contactParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

export function clientsRoutes(app: FastifyInstance, ctx: AppContext) {
  const route = routesFor(app, ['clients']);

  route.get(
    '/api/clients',
    {
      summary: 'List clients (paged, sorted, filtered; `q` searches names and CNPJ/CPF)',
      querystring: listQuery(clientSortable, 'legalName').extend({
        status: clientStatus.optional(),
        class: z.string().max(20).optional(),
        tag: z.string().max(40).optional(),
      }),
      response: { 200: pageOf(clientSchema) },
    },
    async (req, actor) => listClients(ctx, actor.officeId, req.query),
  );

  route.post(
    '/api/clients',
    { summary: 'Create a client', body: createClientBody, response: { 201: clientSchema } },
    async (req, actor) => createClient(ctx, actor, req.body),
  );

  route.post(
    '/api/clients/import',
    {
      summary: 'Import clients from CSV (text/csv body); returns a per-row report',
      consumes: ['text/csv'],
      body: z.string().max(20 * 1024 * 1024),
      response: { 200: importReportSchema },
      bodyLimit: 20 * 1024 * 1024,
    },
    async (req, actor) => importClientsCsv(ctx, actor, req.body, langOf(req)),
  );

  route.get(
    '/api/clients/export',
    {
      summary: 'Export every client as CSV',
      ...fileDownload('text/csv', 'The clients, UTF-8 CSV with BOM'),
    },
    async (_req, actor, reply) =>
      sendCsv(reply, 'clientes', ctx.clock.now(), exportClientsCsv(ctx, actor.officeId)),
  );

  route.get(
    '/api/clients/:id',
    { summary: 'A client with its contacts', params: idParam, response: { 200: clientDetailSchema } },
    async (req, actor) => getClient(ctx, actor.officeId, req.params.id),
  );
  route.get(
    '/api/clients/:id/extra',
    {
      summary:
        'A client’s complementary data (dados complementares), as routines such as the ERP import wrote it',
      params: idParam,
      response: { 200: clientExtraSchema },
    },
    async (req, actor) => getClientExtraView(ctx, actor.officeId, req.params.id),
  );

  route.patch(
    '/api/clients/:id',
    { summary: 'Update a client', params: idParam, body: updateClientBody, response: { 200: clientSchema } },
    async (req, actor) => updateClient(ctx, actor, req.params.id, req.body),
  );

  route.delete(
    '/api/clients/:id',
    { summary: 'Delete a client and its contacts', params: idParam, response: { 204: noContent } },
    async (req, actor) => deleteClient(ctx, actor, req.params.id),
  );

  // ------------------------------------------------------------ contacts
  route.post(
    '/api/clients/:id/contacts',
    {
      tags: ['contacts'],
      summary: 'Add a contact',
      params: idParam,
      body: createContactBody,
      response: { 201: contactSchema },
    },
    async (req, actor) => createContact(ctx, actor, req.params.id, req.body),
  );
  route.patch(
    '/api/clients/:id/contacts/:contactId',
    {
      tags: ['contacts'],
      summary: 'Update a contact',
      params: contactParams,
      body: updateContactBody,
      response: { 200: contactSchema },
    },
    async (req, actor) => updateContact(ctx, actor, req.params.id, req.params.contactId, req.body),
  );
  route.delete(
    '/api/clients/:id/contacts/:contactId',
    { tags: ['contacts'], summary: 'Delete a contact', params: contactParams, response: { 204: noContent } },
    async (req, actor) => deleteContact(ctx, actor, req.params.id, req.params.contactId),
  );

  // ------------------------------------------------------------ service catalog
  route.get(
    '/api/services',
    {
      tags: ['services'],
      summary: 'The service catalog',
      querystring: listQuery(['name'], 'name').extend({ active: queryBool.optional() }),
      response: { 200: pageOf(serviceSchema) },
    },
    async (req, actor) => listCatalog(ctx, actor.officeId, req.query),
  );
  route.get(
    '/api/services/:id',
    { tags: ['services'], params: idParam, response: { 200: serviceSchema } },
    async (req, actor) => getCatalogService(ctx, actor.officeId, req.params.id),
  );
  route.post(
    '/api/services',
    { access: 'admin', tags: ['services'], body: createServiceBody, response: { 201: serviceSchema } },
    async (req, actor) => createCatalogService(ctx, actor, req.body),
  );
  route.patch(
    '/api/services/:id',
    {
      access: 'admin',
      tags: ['services'],
      params: idParam,
      body: updateServiceBody,
      response: { 200: serviceSchema },
    },
    async (req, actor) => updateCatalogService(ctx, actor, req.params.id, req.body),
  );
}
