/** The first-run checklist of a new office (Primeiros passos), on the home page, in Brazilian Portuguese. */
export const onboardingPtBR = {
  title: 'Primeiros passos',
  hint: 'Deixe o escritório pronto para trabalhar. Cada item se marca sozinho quando estiver feito.',
  progress: (done: number, total: number) => `${done} de ${total} concluídos`,
  dismiss: 'Ocultar',
  dismissLabel: 'Ocultar os primeiros passos',
  done: 'Concluído',
  todo: 'Pendente',
  go: 'Fazer agora',
  steps: {
    office: {
      title: 'Dados do escritório e CNPJ',
      hint: 'Nome e CNPJ do escritório, impressos nas cobranças e mensagens.',
    },
    email: {
      title: 'Canal de e-mail com envio de teste',
      hint: 'Configure o servidor SMTP do escritório e envie um e-mail de teste.',
    },
    whatsapp: {
      title: 'WhatsApp',
      hint: 'Conecte o WhatsApp do escritório para avisar os clientes.',
    },
    clients: {
      title: 'Importar clientes de um CSV',
      hint: 'Traga a carteira de clientes de uma planilha (CSV).',
    },
    routines: {
      title: 'Ligar as primeiras rotinas',
      hint: 'Ative rotinas automatizadas, como aniversariantes e certidões.',
    },
  },
};
