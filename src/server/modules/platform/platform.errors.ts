import { defineErrors } from '../../http/errors.js';

export const PlatformError = defineErrors('platform', {
  invalid_credentials: {
    status: 401,
    'pt-BR': 'E-mail ou senha inválidos.',
    en: 'Invalid e-mail or password.',
  },
  wrong_current_password: {
    status: 400,
    'pt-BR': 'A senha atual não confere.',
    en: 'The current password does not match.',
  },
  email_taken: {
    status: 409,
    'pt-BR': 'Já existe um usuário com este e-mail.',
    en: 'A user with this e-mail already exists.',
  },
  user_not_found: { status: 404, 'pt-BR': 'Usuário não encontrado.', en: 'User not found.' },
  profession_not_found: { status: 404, 'pt-BR': 'Profissão não encontrada.', en: 'Profession not found.' },
  profession_taken: {
    status: 409,
    'pt-BR': 'Já existe uma profissão com este nome.',
    en: 'A profession with this name already exists.',
  },
  profession_in_use: {
    status: 409,
    'pt-BR': 'Esta profissão está em uso por usuários ou clientes e não pode ser excluída.',
    en: 'This profession is in use by users or clients and cannot be deleted.',
  },
  supervisor_invalid: {
    status: 400,
    'pt-BR': 'O supervisor precisa ser outro usuário ativo do escritório.',
    en: 'The supervisor must be another active user of the office.',
  },
  supervisor_cycle: {
    status: 400,
    'pt-BR': 'Supervisor inválido: {name} já está abaixo deste usuário na cadeia de supervisão.',
    en: 'Invalid supervisor: {name} already reports, directly or not, to this user.',
  },
  last_admin: {
    status: 409,
    'pt-BR': 'O escritório precisa de pelo menos um administrador ativo.',
    en: 'The office needs at least one active administrator.',
  },
  notification_not_found: {
    status: 404,
    'pt-BR': 'Notificação não encontrada.',
    en: 'Notification not found.',
  },
  token_not_found: { status: 404, 'pt-BR': 'Token não encontrado.', en: 'Token not found.' },
});
