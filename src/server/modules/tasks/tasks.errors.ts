import { defineErrors } from '../../http/errors.js';

/** Errors of Tarefas. */
export const TasksError = defineErrors('tasks', {
  not_found: { status: 404, 'pt-BR': 'Tarefa não encontrada.', en: 'Task not found.' },
  no_user: {
    status: 400,
    'pt-BR': '"Minhas tarefas" é de uma pessoa: use uma sessão de usuário, não um token de API.',
    en: '"My tasks" belongs to a person: use a user session, not an API token.',
  },
  no_responsible: {
    status: 400,
    'pt-BR': 'O item "{item}" não tem responsável: a tarefa não foi criada.',
    en: 'The item "{item}" has no responsible: the task was not created.',
  },
  no_supervisor: {
    status: 400,
    'pt-BR': 'O responsável pelo item "{item}" não tem supervisor: a tarefa não foi criada.',
    en: 'The responsible for the item "{item}" has no supervisor: the task was not created.',
  },
  responsible_inactive: {
    status: 400,
    'pt-BR': 'O responsável escolhido não é um usuário ativo do escritório: a tarefa não foi criada.',
    en: 'The chosen responsible is not an active user of the office: the task was not created.',
  },
});
