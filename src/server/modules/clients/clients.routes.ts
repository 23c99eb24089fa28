import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse, noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { idParam, listQuery, pageOf, queryBool } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
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
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'List clients (paged, sorted, filtered; `q` searches names and CNPJ/CPF)',
        querystring: listQuery(clientSortable, 'legalName').extend({
          status: clientStatus.optional(),
          class: z.string().max(20).optional(),
          tag: z.string().max(40).optional(),
        }),
        response: { 200: pageOf(clientSchema) },
      },
    },
    async (req) => listClients(ctx, principal(req).officeId, req.query),
  );

  r.post(
    '/api/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'Create a client',
        body: createClientBody,
        response: { 201: clientSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createClient(ctx, actorOf(principal(req)), req.body)),
  );

  r.post(
    '/api/clients/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['clients'],
        summary: 'Import clients from CSV (text/csv body); returns a per-row report',
        consumes: ['text/csv'],
        body: z.string().max(20 * 1024 * 1024),
        response: { 200: importReportSchema },
      },
    },
    async (req) => importClientsCsv(ctx, actorOf(principal(req)), req.body, langOf(req)),
  );

  r.get(
    '/api/clients/export',
    {
      schema: {
        tags: ['clients'],
        summary: 'Export every client as CSV',
        produces: ['text/csv'],
        response: { 200: fileResponse('text/csv', 'The clients, UTF-8 CSV with BOM') },
      },
    },
    async (req, reply) => {
      const day = ctx.clock.now().toISOString().slice(0, 10);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="clientes-${day}.csv"`);
      return reply.send(Readable.from(exportClientsCsv(ctx, principal(req).officeId)));
    },
  );

  r.get(
    '/api/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'A client with its contacts',
        params: idParam,
        response: { 200: clientDetailSchema },
      },
    },
    async (req) => getClient(ctx, principal(req).officeId, req.params.id),
  );
  r.get(
    '/api/clients/:id/extra',
    {
      schema: {
        tags: ['clients'],
        summary:
          'A client’s complementary data (dados complementares), as routines such as the ERP import wrote it',
        params: idParam,
        response: { 200: clientExtraSchema },
      },
    },
    async (req) => getClientExtraView(ctx, principal(req).officeId, req.params.id),
  );

  r.patch(
    '/api/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'Update a client',
        params: idParam,
        body: updateClientBody,
        response: { 200: clientSchema },
      },
    },
    async (req) => updateClient(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  r.delete(
    '/api/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: 'Delete a client and its contacts',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteClient(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ contacts
  r.post(
    '/api/clients/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact',
        params: idParam,
        body: createContactBody,
        response: { 201: contactSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createContact(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );
  r.patch(
    '/api/clients/:id/contacts/:contactId',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Update a contact',
        params: contactParams,
        body: updateContactBody,
        response: { 200: contactSchema },
      },
    },
    async (req) => updateContact(ctx, actorOf(principal(req)), req.params.id, req.params.contactId, req.body),
  );
  r.delete(
    '/api/clients/:id/contacts/:contactId',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact',
        params: contactParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteContact(ctx, actorOf(principal(req)), req.params.id, req.params.contactId);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ service catalog
  r.get(
    '/api/services',
    {
      schema: {
        tags: ['services'],
        summary: 'The service catalog',
        querystring: listQuery(['name'], 'name').extend({ active: queryBool.optional() }),
        response: { 200: pageOf(serviceSchema) },
      },
    },
    async (req) => listCatalog(ctx, principal(req).officeId, req.query),
  );
  r.get(
    '/api/services/:id',
    { schema: { tags: ['services'], params: idParam, response: { 200: serviceSchema } } },
    async (req) => getCatalogService(ctx, principal(req).officeId, req.params.id),
  );
  r.post(
    '/api/services',
    {
      config: { access: 'admin' },
      schema: { tags: ['services'], body: createServiceBody, response: { 201: serviceSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await createCatalogService(ctx, actorOf(principal(req)), req.body)),
  );
  r.patch(
    '/api/services/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['services'],
        params: idParam,
        body: updateServiceBody,
        response: { 200: serviceSchema },
      },
    },
    async (req) => updateCatalogService(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
}
