import { ufs } from '../../shared/schemas/fields.js';
/** The 27 federative units of Brazil, in alphabetical order (the server's list: src/shared/schemas). */
export const UFS = [...ufs].sort();

/** IANA time zones used in Brazil, with the places they cover. */
export const BRAZIL_TIME_ZONES: { value: string; label: string }[] = [
  { value: 'America/Sao_Paulo', label: 'Brasília — SP, RJ, MG, ES, PR, SC, RS, GO, DF (UTC−3)' },
  { value: 'America/Bahia', label: 'Bahia (UTC−3)' },
  { value: 'America/Fortaleza', label: 'Fortaleza — CE, RN, PB, PI, MA (UTC−3)' },
  { value: 'America/Recife', label: 'Recife — PE (UTC−3)' },
  { value: 'America/Maceio', label: 'Maceió — AL, SE (UTC−3)' },
  { value: 'America/Belem', label: 'Belém — PA leste, AP (UTC−3)' },
  { value: 'America/Santarem', label: 'Santarém — PA oeste (UTC−3)' },
  { value: 'America/Araguaina', label: 'Araguaína — TO (UTC−3)' },
  { value: 'America/Cuiaba', label: 'Cuiabá — MT (UTC−4)' },
  { value: 'America/Campo_Grande', label: 'Campo Grande — MS (UTC−4)' },
  { value: 'America/Manaus', label: 'Manaus — AM (UTC−4)' },
  { value: 'America/Porto_Velho', label: 'Porto Velho — RO (UTC−4)' },
  { value: 'America/Boa_Vista', label: 'Boa Vista — RR (UTC−4)' },
  { value: 'America/Rio_Branco', label: 'Rio Branco — AC (UTC−5)' },
  { value: 'America/Eirunepe', label: 'Eirunepé — AM oeste (UTC−5)' },
  { value: 'America/Noronha', label: 'Fernando de Noronha (UTC−2)' },
];

export const PAGE_SIZES = ['10', '25', '50', '100'];

/** CSV header the import accepts and the export produces. */
export const CLIENT_CSV_HEADER =
  'razao_social;nome_fantasia;cnpj_cpf;inscricao_estadual;emails;whatsapp;telefone;cep;logradouro;numero;complemento;bairro;cidade;uf;status;classe;tags;observacoes;autoriza_whatsapp;nao_receber_emails';
