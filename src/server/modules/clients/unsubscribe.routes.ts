import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { fileResponse, problemResponse } from '../../http/openapi.js';
import { langOf, sendProblem } from '../../http/problem.js';
import { readUnsubscribeToken, type UnsubscribeTarget } from '../messaging/index.js';
import { findOffice } from '../platform/index.js';
import { emailOptOutOf, optOutOfEmail } from './consent.js';
import {
  renderUnsubscribePage,
  UNSUBSCRIBE_PAGE_CSP,
  type UnsubscribePage,
  unsubscribePageStatus,
} from './unsubscribe-page.js';

const params = z.strictObject({ token: z.string().max(300) });

/**
 * The answers of both routes: an HTML page (`unsubscribePageStatus`): 200 asks or confirms, 400 for an
 * invalid link or an incomplete one-click body, 404 when the recipient is gone; a malformed request is a
 * problem document like anywhere else.
 */
const page = (description: string) => fileResponse('text/html', description);
const pageResponses = {
  200: page('The question, or the confirmation'),
  400: {
    description: 'The link is invalid or the one-click body incomplete (a page), or the request is malformed',
    content: { ...page('').content, ...problemResponse(400).content },
  },
  404: page('The recipient no longer exists'),
};
const legacyParams = z.strictObject({ '*': z.string().max(300) });

/**
 * What a POST to the link may carry: RFC 8058's `List-Unsubscribe=One-Click`, as a form (urlencoded or
 * multipart, from a mail client or from our own page) or, leniently, as plain text.
 */
const oneClickBody = z.union([
  z.looseObject({ 'List-Unsubscribe': z.literal('One-Click') }),
  z.string().regex(/(^|[&\s])List-Unsubscribe=One-Click($|[&\s])/),
]);

/**
 * The unsubscribe link of non-transactional e-mail (`List-Unsubscribe`, RFC 8058), public and signed.
 * GET only shows the question and a button: mail security scanners and link previews fetch every link in a
 * message, and must not opt anyone out. POST (the page's button, or a mail client's one-click with the body
 * `List-Unsubscribe=One-Click`) sets the opt-out. The form parsers exist only in this scope.
 */
export function unsubscribeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    // Form fields as the body's values; a one-click POST carries one small field and no file.
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { files: 0, fields: 5, fieldSize: 1024, parts: 5 },
    });
    // The form has no file field: a file part is refused as such, not as "too many files".
    scope.setErrorHandler((err, req, reply) =>
      sendProblem(
        (err as FastifyError).code === 'FST_FILES_LIMIT'
          ? new HttpError('files_not_accepted', { cause: err })
          : err,
        req,
        reply,
      ),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();

    /** The token's recipient with its office's name, or the page that says why there is none. */
    async function resolve(
      token: string,
    ): Promise<{ target: UnsubscribeTarget; officeName: string } | UnsubscribePage> {
      const target = readUnsubscribeToken(ctx, token);
      if (!target) return { kind: 'invalid' };
      const office = await findOffice(ctx.db, target.officeId);
      if (!office) return { kind: 'gone' };
      return { target, officeName: office.name };
    }

    function send(req: FastifyRequest, reply: FastifyReply, page: UnsubscribePage) {
      return (
        reply
          .status(unsubscribePageStatus(page))
          .type('text/html; charset=utf-8')
          // The token is in the URL: keep it out of caches, referrers and search engines.
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .header('x-robots-tag', 'noindex')
          .header('content-security-policy', UNSUBSCRIBE_PAGE_CSP)
          .header('vary', 'accept-language')
          .send(renderUnsubscribePage(page, langOf(req)))
      );
    }

    /** GET: the question, or "already done"; never a change. */
    async function ask(req: FastifyRequest, reply: FastifyReply, token: string) {
      const found = await resolve(token);
      if ('kind' in found) return send(req, reply, found);
      const optedOut = await emailOptOutOf(ctx, found.target);
      if (optedOut === null) return send(req, reply, { kind: 'gone' });
      return send(
        req,
        reply,
        optedOut
          ? { kind: 'done', officeName: found.officeName, already: true }
          : { kind: 'confirm', officeName: found.officeName },
      );
    }

    /** POST: the opt-out, when the body says `List-Unsubscribe=One-Click`. */
    async function confirm(req: FastifyRequest, reply: FastifyReply, token: string) {
      const found = await resolve(token);
      if ('kind' in found) return send(req, reply, found);
      if (!oneClickBody.safeParse(req.body).success) {
        return send(req, reply, { kind: 'incomplete', officeName: found.officeName });
      }
      const outcome = await optOutOfEmail(ctx, found.target);
      if (outcome === 'gone') return send(req, reply, { kind: 'gone' });
      return send(req, reply, { kind: 'done', officeName: found.officeName, already: outcome === 'already' });
    }

    r.get(
      '/api/unsubscribe/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['messages'],
          summary: 'The unsubscribe page: asks to confirm (a GET never opts out: link scanners prefetch)',
          params,
          response: pageResponses,
        },
      },
      (req, reply) => ask(req, reply, req.params.token),
    );
    r.post(
      '/api/unsubscribe/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['messages'],
          summary: 'Opts out of informative e-mail (RFC 8058 one-click: body `List-Unsubscribe=One-Click`)',
          params,
          consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
          response: pageResponses,
        },
      },
      (req, reply) => confirm(req, reply, req.params.token),
    );

    // Links sent before the compact token (131 characters) exceed the router's 100-character limit for a
    // parameter and land here instead: same pages, same rules.
    const legacy = { config: { access: 'public' as const }, schema: { hide: true, params: legacyParams } };
    r.get('/api/unsubscribe/*', legacy, (req, reply) => ask(req, reply, req.params['*']));
    r.post('/api/unsubscribe/*', legacy, (req, reply) => confirm(req, reply, req.params['*']));
  });
}
