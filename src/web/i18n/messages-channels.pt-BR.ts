/** Mensagens → Canais: the WhatsApp and SMS cards (pt-BR, the shape the English texts follow). */
export const messagesChannelsPtBR = {
  configured: 'Configurado',
  notConfigured: 'Não configurado',
  secretSet: '••• configurado',
  secretKeptHint: 'Deixe em branco para manter o valor salvo.',
  remove: 'Remover configuração',
  saveFirst: 'Salve a configuração antes de enviar uma mensagem de teste.',
  copyUrl: 'Copiar URL',
  copyValue: (label: string) => `Copiar ${label}`,

  whatsappIntro:
    'Envio pela API oficial do WhatsApp Business (Cloud API da Meta). Só recebe WhatsApp quem autorizou (opt-in); fora da janela de 24 horas após a última mensagem do contato, vão os modelos aprovados pela Meta.',
  phoneNumberId: 'ID do número de telefone',
  phoneNumberIdHint: 'Em WhatsApp → Configuração da API, no painel do app na Meta.',
  accessToken: 'Token de acesso',
  accessTokenHint: 'Token permanente de um usuário do sistema com permissão whatsapp_business_messaging.',
  appSecret: 'Chave secreta do app',
  appSecretHint: 'Em Configurações do app → Básico. Confere a assinatura (X-Hub-Signature-256) do webhook.',
  verifyToken: 'Token de verificação',
  verifyTokenHint: 'Um texto combinado com a Meta: cole o mesmo valor ao configurar o webhook.',
  newVerifyToken: 'Gerar outro token de verificação',
  language: 'Idioma dos modelos',
  languageHint: 'Código do idioma dos modelos aprovados, por exemplo pt_BR.',
  baseUrl: 'URL da API',
  baseUrlHint: 'Normalmente https://graph.facebook.com.',
  apiVersion: 'Versão da API',
  webhookTitle: 'Webhook',
  webhookIntro:
    'No painel do app na Meta, em WhatsApp → Configuração, informe esta URL de callback e o token de verificação acima, e assine o campo messages. Assim chegam as confirmações de entrega e leitura e as respostas dos contatos.',
  webhookUrl: 'URL de callback',
  templatesTitle: 'Modelos que a Meta precisa aprovar',
  templatesIntro:
    'Fora da janela de 24 horas o WhatsApp só aceita modelos aprovados. Cadastre-os no Gerenciador do WhatsApp com estes nomes e idioma; os parâmetros {{1}}, {{2}}… do corpo recebem, nesta ordem, os valores abaixo.',
  templateName: 'Nome na Meta',
  templateLanguage: 'Idioma',
  templateParamsColumn: 'Parâmetros do corpo',
  templateUse: 'Usado para',
  templateParams: (n: number) => (n === 1 ? '1 parâmetro' : `${n} parâmetros`),
  whatsappSaved: 'Configurações do WhatsApp salvas.',
  whatsappRemoved: 'WhatsApp desativado: as mensagens por WhatsApp deixam de ser enviadas.',
  whatsappRemoveTitle: 'Remover configuração do WhatsApp',
  whatsappRemoveConfirm:
    'Apagar o número, os tokens e a chave do app? As próximas mensagens por WhatsApp não serão enviadas (ficam como "Não enviada") até uma nova configuração.',

  smsIntro:
    'Lembretes curtos por SMS, por um provedor HTTP. Vão para o celular do destinatário (o WhatsApp cadastrado ou um telefone celular).',
  smsUrl: 'URL do provedor',
  smsUrlHint: 'Endereço que recebe POST com Authorization: Bearer <token> e {"from", "to", "text"}.',
  smsToken: 'Token',
  smsTokenHint: 'Fornecido pelo provedor. Também confere a assinatura dos relatórios de entrega.',
  smsSender: 'Remetente',
  smsSenderHint:
    'Nome ou número que aparece para o destinatário (2 a 20 caracteres), se o provedor permitir.',
  smsWebhookIntro:
    'Relatórios de entrega: peça ao provedor que envie POST para esta URL com {"id", "status"}, assinado em X-Signature com HMAC-SHA256 do corpo usando o token.',
  smsWebhookUrl: 'URL dos relatórios de entrega',
  smsSaved: 'Configurações de SMS salvas.',
  smsRemoved: 'SMS desativado: as mensagens por SMS deixam de ser enviadas.',
  smsRemoveTitle: 'Remover configuração de SMS',
  smsRemoveConfirm:
    'Apagar a URL, o token e o remetente? As próximas mensagens por SMS não serão enviadas (ficam como "Não enviada") até uma nova configuração.',

  testTitle: 'Mensagem de teste',
  testTo: 'Número para o teste',
  testToPlaceholder: '(11) 98765-4321',
  testWhatsappHint: 'A mensagem de teste vai para este número pelo WhatsApp, com o modelo expediente_teste.',
  testSmsHint: 'Um SMS curto de teste para este celular.',
  testPending: 'Enviando a mensagem de teste…',
  testSentWhatsapp:
    'Aceita pelo WhatsApp. A confirmação de entrega chega pelo webhook — confira também o celular.',
  testSentSms: 'Aceita pelo provedor de SMS. A confirmação de entrega chega se o provedor enviar relatórios.',
  testDelivered: 'Entregue no número informado.',
  testRead: 'Entregue e lida.',
  testFailed: (error: string) => `O envio falhou: ${error}`,
  testCancelled: 'O envio foi cancelado.',
  testSkipped: (reason: string) => `A mensagem de teste não foi enviada: ${reason}.`,
};
