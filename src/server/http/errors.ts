import { interpolate, type Localized } from './i18n.js';

/** One invalid field: a dot path into the input, a stable code, and the message in each language. */
export interface FieldIssue {
  field: string;
  code: string;
  message: Localized;
}

export interface ErrorSpec {
  status: number;
  'pt-BR': string;
  en: string;
}

export interface AppErrorOptions {
  params?: Record<string, string | number>;
  fields?: FieldIssue[];
  /** Extra members of the problem document (for example the allowed moves). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * A failure the user can act on: it carries a stable `code`, an HTTP status and a message in every
 * language. Anything else thrown is a bug and becomes a logged 500.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Localized;
  readonly fields: FieldIssue[];
  readonly extra: Record<string, unknown>;

  constructor(code: string, spec: ErrorSpec, options: AppErrorOptions = {}) {
    const messages: Localized = {
      'pt-BR': interpolate(spec['pt-BR'], options.params),
      en: interpolate(spec.en, options.params),
    };
    super(messages.en, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.messages = messages;
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
  }
}

/**
 * Declares a module's error catalog and returns its error class. Codes become `<module>.<code>`.
 *
 * @example
 * const ClientsError = defineErrors('clients', {
 *   not_found: { status: 404, 'pt-BR': 'Cliente não encontrado.', en: 'Client not found.' },
 * });
 * throw new ClientsError('not_found');
 */
export function defineErrors<const C extends Record<string, ErrorSpec>>(module: string, catalog: C) {
  return class ModuleError extends AppError {
    constructor(code: keyof C & string, options?: AppErrorOptions) {
      super(`${module}.${code}`, catalog[code]!, options);
      this.name = `${module}Error`;
    }
  };
}

/** Errors every module shares: authentication, validation and the transport's own failures. */
export const HttpError = defineErrors('http', {
  validation_failed: {
    status: 400,
    'pt-BR': 'Alguns campos estão inválidos. Corrija-os e tente novamente.',
    en: 'Some fields are invalid. Fix them and try again.',
  },
  malformed_json: {
    status: 400,
    'pt-BR': 'O corpo da requisição não é um JSON válido.',
    en: 'The request body is not valid JSON.',
  },
  unsupported_media_type: {
    status: 415,
    'pt-BR': 'Tipo de conteúdo não suportado.',
    en: 'Unsupported content type.',
  },
  payload_too_large: {
    status: 413,
    'pt-BR': 'O conteúdo enviado é grande demais.',
    en: 'The request body is too large.',
  },
  invalid_utf8: {
    status: 400,
    'pt-BR': 'O conteúdo enviado não é texto UTF-8 válido. Se for uma planilha, salve-a como "CSV UTF-8".',
    en: 'The content sent is not valid UTF-8 text. For a spreadsheet, save it as "CSV UTF-8".',
  },
  malformed_multipart: {
    status: 400,
    'pt-BR': 'O formulário enviado (multipart/form-data) está incompleto ou malformado.',
    en: 'The submitted form (multipart/form-data) is incomplete or malformed.',
  },
  too_many_parts: {
    status: 413,
    'pt-BR': 'O formulário enviado tem partes ou campos demais.',
    en: 'The submitted form has too many parts or fields.',
  },
  files_not_accepted: {
    status: 400,
    'pt-BR': 'Este formulário não aceita arquivos.',
    en: 'This form does not accept files.',
  },
  bad_url: {
    status: 400,
    'pt-BR': 'O endereço da requisição é inválido (codificação de caracteres incorreta).',
    en: 'The request URL is invalid (bad character encoding).',
  },
  uri_too_long: {
    status: 414,
    'pt-BR': 'Um parâmetro do endereço é longo demais.',
    en: 'A parameter of the URL is too long.',
  },
  missing_content_type: {
    status: 400,
    'pt-BR': 'Informe o cabeçalho Content-Type do corpo da requisição.',
    en: 'Send the Content-Type header of the request body.',
  },
  method_not_allowed: {
    status: 405,
    'pt-BR': 'Método {method} não permitido neste endereço. Permitidos: {allow}.',
    en: 'Method {method} is not allowed on this URL. Allowed: {allow}.',
  },
  bad_request: {
    status: 400,
    'pt-BR': 'Requisição inválida.',
    en: 'Bad request.',
  },
  unauthenticated: {
    status: 401,
    'pt-BR': 'Faça login para continuar.',
    en: 'Please log in to continue.',
  },
  forbidden: {
    status: 403,
    'pt-BR': 'Você não tem permissão para esta ação.',
    en: 'You are not allowed to do this.',
  },
  csrf_failed: {
    status: 403,
    'pt-BR': 'Sessão inválida para esta ação. Recarregue a página e tente de novo.',
    en: 'Invalid session for this action. Reload the page and try again.',
  },
  not_found: { status: 404, 'pt-BR': 'Recurso não encontrado.', en: 'Resource not found.' },
  rate_limited: {
    status: 429,
    'pt-BR': 'Muitas tentativas. Aguarde um minuto e tente novamente.',
    en: 'Too many attempts. Wait a minute and try again.',
  },
  not_ready: {
    status: 503,
    'pt-BR': 'O serviço ainda não está pronto ({reason}).',
    en: 'The service is not ready yet ({reason}).',
  },
  database_unavailable: {
    status: 503,
    'pt-BR': 'O banco de dados não está acessível agora. Tente novamente em alguns segundos.',
    en: 'The database cannot be reached right now. Try again in a few seconds.',
  },
  storage_full: {
    status: 507,
    'pt-BR':
      'O disco do servidor está cheio: nada foi gravado. Avise o administrador e tente novamente quando houver espaço.',
    en: 'The server disk is full: nothing was saved. Tell the administrator, and try again once there is space.',
  },
  internal: {
    status: 500,
    'pt-BR': 'Erro interno. A equipe foi avisada; tente novamente em instantes.',
    en: 'Internal error. The team has been notified; try again shortly.',
  },
});
