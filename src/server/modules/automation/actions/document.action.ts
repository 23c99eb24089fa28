/**
 * "Criar documento": a document template in Liquid over the item, its client and the office, rendered to
 * a PDF, stored in the blob store and kept with the item (`automation_documents`), with a public link by
 * token. Its output `vars.document = { id, name, link }` lets a following e-mail link it
 * (`{{ vars.document.link }}`) or attach it. One document per rule run: a retried run finds its own.
 */
import { z } from 'zod';
import { longText, text } from '../../../../shared/schemas/fields.js';
import { appLink } from '../../../config.js';
import { findOffice } from '../../platform/index.js';
import { actionKindOf } from './action-texts.js';
import { checkLiquid, renderRule, ruleContext, withOffice } from './action-vars.js';
import { documentPdf } from './document-pdf.js';
import { documentPath, storeRunDocument } from './documents.repo.js';

const documentInput = z.strictObject({
  /** The document's name (Liquid): `Proposta — {{ client.name }}`. */
  name: text(200).min(1),
  /** The document's text (Liquid); `# ` heading, `## ` subheading, `- ` list item, blank line: paragraph. */
  // The key is `template`, which the rule editor would otherwise take for a message-template picker.
  template: longText(20000).min(1).meta({ widget: 'liquid' }),
});
type DocumentInput = z.infer<typeof documentInput>;

export const createDocumentAction = actionKindOf<DocumentInput>({
  kind: 'document.create',
  input: documentInput,
  describe: (input, lang) =>
    lang === 'en' ? `Create the document “${input.name}”` : `Criar o documento “${input.name}”`,
  async validate(_db, _officeId, input, pipeline) {
    return checkLiquid({ name: input.name, template: input.template }, pipeline);
  },
  async execute(ctx, input) {
    const values = await withOffice(ctx.db, ctx.officeId, await ruleContext(ctx));
    const name = renderRule(input.name, values).slice(0, 200) || 'Documento';
    const body = renderRule(input.template, values);
    const office = await findOffice(ctx.db, ctx.officeId);
    const pdf = await documentPdf({
      office: {
        name: office?.name ?? '',
        cnpj: office?.cnpj ?? null,
        city: office?.city ?? null,
        state: office?.state ?? null,
      },
      title: name,
      body,
      at: ctx.now,
    });
    if (ctx.testMode) {
      return {
        summary: {
          'pt-BR': `Teste: o documento “${name}” seria criado (${pdf.length} bytes; não guardado)`,
          en: `Test: the document “${name}” would be created (${pdf.length} bytes; not stored)`,
        },
        output: { document: { id: null, name, link: appLink(ctx.app.config, documentPath('teste')) } },
        preview: [{ channel: 'document', to: '', subject: name, body }],
      };
    }
    const doc = await storeRunDocument(ctx, name, pdf);
    return {
      summary: { 'pt-BR': `Documento “${doc.name}” criado`, en: `Document “${doc.name}” created` },
      output: { document: doc },
      links: [{ kind: 'document', id: doc.id, label: doc.name }],
    };
  },
});
