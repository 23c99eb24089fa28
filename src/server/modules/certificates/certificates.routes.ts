import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fileDownload } from '../../http/downloads.js';
import { noContent } from '../../http/openapi.js';
import { langOf } from '../../http/problem.js';
import { routesFor } from '../../http/routes.js';
import { idParam } from '../../http/schemas.js';
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
  const route = routesFor(app, ['certificates']);

  route.get(
    '/api/clients/:id/certificates',
    {
      summary: "A client's digital certificates, the one expiring last first, with their state today",
      params: idParam,
      response: { 200: z.object({ items: z.array(certificateSchema) }) },
    },
    async (req, actor) => listCertificates(ctx, actor.officeId, req.params.id),
  );

  route.post(
    '/api/clients/:id/certificates/inspect',
    {
      summary: 'Read an A1 file (.pfx/.p12, base64) with its password, saving nothing',
      description:
        'Answers the holder, CNPJ/CPF (ICP-Brasil SAN 2.16.76.1.3.3 / 2.16.76.1.3.1, or the CN `NOME:DOCUMENTO`), issuer, serial, validity and warnings. The password is used to decrypt and is never stored or logged.',
      params: idParam,
      body: inspectCertificateBody,
      response: { 200: certificateInspectionSchema },
      bodyLimit: uploadLimit,
    },
    async (req, actor) => inspectCertificate(ctx, actor.officeId, req.params.id, req.body, langOf(req)),
  );

  route.post(
    '/api/clients/:id/certificates',
    {
      summary: 'Register a certificate: A1 from its file and password, or A3 by hand',
      description:
        'Only the metadata and the public certificate are kept: never the .pfx, its private key or its password. A document that is not the client’s is a warning in `warnings`, not an error.',
      params: idParam,
      body: createCertificateBody,
      response: { 201: certificateSavedSchema },
      bodyLimit: uploadLimit,
    },
    async (req, actor) => createCertificate(ctx, actor, req.params.id, req.body, langOf(req)),
  );

  route.patch(
    '/api/clients/:id/certificates/:certificateId',
    {
      summary: 'Update a certificate (an A1 only its notes; an A3 any field)',
      params: certificateParams,
      body: updateCertificateBody,
      response: { 200: certificateSavedSchema },
    },
    async (req, actor) =>
      updateCertificate(ctx, actor, req.params.id, req.params.certificateId, req.body, langOf(req)),
  );

  route.delete(
    '/api/clients/:id/certificates/:certificateId',
    { summary: 'Delete a certificate', params: certificateParams, response: { 204: noContent } },
    async (req, actor) => deleteCertificate(ctx, actor, req.params.id, req.params.certificateId),
  );

  route.get(
    '/api/clients/:id/certificates/:certificateId/certificate.pem',
    {
      summary: "An A1's public certificate (PEM), for download",
      params: certificateParams,
      ...fileDownload('application/x-pem-file', 'The public certificate, PEM'),
    },
    async (req, actor, reply) => {
      const { pem, serialNumber } = await certificatePem(
        ctx,
        actor.officeId,
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
