import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { principal } from '../../http/auth.js';
import { fileResponse, noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { idParam } from '../../http/schemas.js';
import { actorOf } from '../platform/index.js';
import {
  certificateInspectionSchema,
  certificateSavedSchema,
  certificateSchema,
  createCertificateBody,
  inspectCertificateBody,
  updateCertificateBody,
} from './certificates.schema.js';
import {
  certificatePem,
  createCertificate,
  deleteCertificate,
  inspectCertificate,
  listCertificates,
  updateCertificate,
} from './certificates.service.js';

const certificateParams = z.strictObject({ id: z.uuid(), certificateId: z.uuid() });
/** A .pfx in base64 inside JSON: real files are 3–15 KB; the reader refuses more than 256 KB. */
const uploadLimit = 1024 * 1024;

/** Clients' digital certificates (certificado digital A1/A3). */
export function certificatesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/clients/:id/certificates',
    {
      schema: {
        tags: ['certificates'],
        summary: "A client's digital certificates, the one expiring last first, with their state today",
        params: idParam,
        response: { 200: z.object({ items: z.array(certificateSchema) }) },
      },
    },
    async (req) => listCertificates(ctx, principal(req).officeId, req.params.id),
  );

  r.post(
    '/api/clients/:id/certificates/inspect',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags: ['certificates'],
        summary: 'Read an A1 file (.pfx/.p12, base64) with its password, saving nothing',
        description:
          'Answers the holder, CNPJ/CPF (ICP-Brasil SAN 2.16.76.1.3.3 / 2.16.76.1.3.1, or the CN `NOME:DOCUMENTO`), issuer, serial, validity and warnings. The password is used to decrypt and is never stored or logged.',
        params: idParam,
        body: inspectCertificateBody,
        response: { 200: certificateInspectionSchema },
      },
    },
    async (req) => inspectCertificate(ctx, principal(req).officeId, req.params.id, req.body, langOf(req)),
  );

  r.post(
    '/api/clients/:id/certificates',
    {
      bodyLimit: uploadLimit,
      schema: {
        tags: ['certificates'],
        summary: 'Register a certificate: A1 from its file and password, or A3 by hand',
        description:
          'Only the metadata and the public certificate are kept: never the .pfx, its private key or its password. A document that is not the client’s is a warning in `warnings`, not an error.',
        params: idParam,
        body: createCertificateBody,
        response: { 201: certificateSavedSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createCertificate(ctx, actorOf(principal(req)), req.params.id, req.body, langOf(req))),
  );

  r.patch(
    '/api/clients/:id/certificates/:certificateId',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Update a certificate (an A1 only its notes; an A3 any field)',
        params: certificateParams,
        body: updateCertificateBody,
        response: { 200: certificateSavedSchema },
      },
    },
    async (req) =>
      updateCertificate(
        ctx,
        actorOf(principal(req)),
        req.params.id,
        req.params.certificateId,
        req.body,
        langOf(req),
      ),
  );

  r.delete(
    '/api/clients/:id/certificates/:certificateId',
    {
      schema: {
        tags: ['certificates'],
        summary: 'Delete a certificate',
        params: certificateParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteCertificate(ctx, actorOf(principal(req)), req.params.id, req.params.certificateId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/clients/:id/certificates/:certificateId/certificate.pem',
    {
      schema: {
        tags: ['certificates'],
        summary: "An A1's public certificate (PEM), for download",
        params: certificateParams,
        produces: ['application/x-pem-file'],
        response: { 200: fileResponse('application/x-pem-file', 'The public certificate, PEM') },
      },
    },
    async (req, reply) => {
      const { pem, serialNumber } = await certificatePem(
        ctx,
        principal(req).officeId,
        req.params.id,
        req.params.certificateId,
      );
      return reply
        .type('application/x-pem-file')
        .header('content-disposition', `attachment; filename="certificado-${serialNumber ?? 'publico'}.pem"`)
        .send(pem);
    },
  );
}
