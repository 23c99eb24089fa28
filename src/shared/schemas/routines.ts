/**
 * The departments of an accounting office a routine belongs to, in the catalog's filter order: the server's
 * enum (routines.schema.ts) and the web's department filter both read this one list.
 */
export const departments = [
  'fiscal',
  'contabil',
  'pessoal',
  'financeiro',
  'societario',
  'comercial',
  'geral',
] as const;
export type Department = (typeof departments)[number];
