/**
 * The order of a pipeline's rules, stage by stage, as the board shows it and `PUT
 * /api/automation/pipelines/:id/order` takes it (`{ stages: [{ stageId, ruleIds }] }`), and how one drag
 * changes it: within a column it reorders; onto another column's card or onto the column itself it moves
 * the rule there (before that card, or at the end).
 */
export interface StageOrder {
  stageId: string;
  ruleIds: string[];
}

/** The id dnd-kit gives a column as a drop target (a rule's id is its own). */
export const columnDropId = (stageId: string) => `stage:${stageId}`;

function locate(order: readonly StageOrder[], id: string): { stage: number; index: number } | null {
  for (let s = 0; s < order.length; s++) {
    const stage = order[s] as StageOrder;
    if (id === columnDropId(stage.stageId)) return { stage: s, index: stage.ruleIds.length };
    const index = stage.ruleIds.indexOf(id);
    if (index >= 0) return { stage: s, index };
  }
  return null;
}

/**
 * The order after dropping rule `activeId` on `overId` (a rule or a column), or null when nothing changes
 * (dropped where it was, or on nothing known).
 */
export function moveRule(
  order: readonly StageOrder[],
  activeId: string,
  overId: string,
): StageOrder[] | null {
  const from = locate(order, activeId);
  const to = locate(order, overId);
  if (!from || !to || activeId === overId) return null;
  const next = order.map((s) => ({ stageId: s.stageId, ruleIds: [...s.ruleIds] }));
  const source = next[from.stage] as StageOrder;
  const target = next[to.stage] as StageOrder;
  source.ruleIds.splice(from.index, 1);
  let index = to.index;
  // Within one column, dropping on a later card puts it after that card (the card moved up by one).
  if (from.stage === to.stage && overId === columnDropId(target.stageId)) index = target.ruleIds.length;
  target.ruleIds.splice(Math.min(index, target.ruleIds.length), 0, activeId);
  const same = next.every((s, i) => s.ruleIds.join() === (order[i] as StageOrder).ruleIds.join());
  return same ? null : next;
}

/** The stages whose rule lists differ between two orders (what a save must send). */
export function changedStages(before: readonly StageOrder[], after: readonly StageOrder[]): StageOrder[] {
  return after.filter(
    (s) => before.find((b) => b.stageId === s.stageId)?.ruleIds.join() !== s.ruleIds.join(),
  );
}
