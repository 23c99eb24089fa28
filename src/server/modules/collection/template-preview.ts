import type { AppContext } from '../../context.js';
import { calendarOf } from '../engine/index.js';
import { getOffice } from '../platform/index.js';
import type { PortalView } from './collection.schema.js';
import { addMonths, dueDateOf } from './due-date.js';
import { officeToday } from './program-rules.js';
import { loadTemplate } from './templates.service.js';

/**
 * The client's page as a fictitious client would see a model's latest version: next month's competência,
 * its due date in the office's calendar, every file item pending. Nothing is written.
 */
export async function templatePreview(
  ctx: AppContext,
  officeId: string,
  templateId: string,
): Promise<PortalView> {
  const { def } = await loadTemplate(ctx.db, officeId, templateId);
  const office = await getOffice(ctx, officeId);
  const competencia = addMonths(officeToday(ctx, office.timeZone).slice(0, 7), -1);
  const files = def.items.filter((i) => i.kind === 'file');
  return {
    office: { name: office.name },
    contact: { name: 'Maria Exemplo' },
    companies: [
      {
        clientId: '00000000-0000-7000-8000-000000000000',
        name: 'Empresa Exemplo Ltda',
        document: '00000000000191',
        requests: [
          {
            id: '00000000-0000-7000-8000-000000000001',
            competencia,
            templateName: def.name,
            dueDate: dueDateOf(competencia, def.due, calendarOf(office)),
            overdue: false,
            progress: { settled: 0, total: def.items.length },
            items: files.map((i, n) => ({
              id: `00000000-0000-7000-8000-${String(n + 2).padStart(12, '0')}`,
              name: i.name,
              instructions: i.instructions,
              kind: i.kind,
              requirement: i.requirement,
              acceptedTypes: i.acceptedTypes,
              maxBytes: Math.min(i.maxBytes, ctx.config.uploadMaxBytes),
              multiple: i.multiple,
              state: 'pending' as const,
              sendLaterOn: null,
              comment: null,
              files: [],
            })),
          },
        ],
      },
    ],
  };
}
