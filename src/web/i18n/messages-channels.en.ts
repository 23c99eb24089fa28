import type { messagesChannelsPtBR } from './messages-channels.pt-BR.js';

/** Mensagens → Canais: the WhatsApp and SMS cards (English). */
export const messagesChannelsEn: typeof messagesChannelsPtBR = {
  configured: 'Configured',
  notConfigured: 'Not configured',
  secretSet: '••• configured',
  secretKeptHint: 'Leave blank to keep the saved value.',
  remove: 'Remove settings',
  saveFirst: 'Save the settings before sending a test message.',
  copyUrl: 'Copy URL',
  copyValue: (label: string) => `Copy ${label}`,

  whatsappIntro:
    "Sending through the official WhatsApp Business API (Meta's Cloud API). Only people who opted in get WhatsApp; outside the 24-hour window after the contact's last message, the templates approved by Meta are used.",
  phoneNumberId: 'Phone number ID',
  phoneNumberIdHint: "Under WhatsApp → API Setup, in the app's Meta dashboard.",
  accessToken: 'Access token',
  accessTokenHint: 'A permanent system-user token with the whatsapp_business_messaging permission.',
  appSecret: 'App secret',
  appSecretHint: "Under App settings → Basic. Checks the webhook's signature (X-Hub-Signature-256).",
  verifyToken: 'Verify token',
  verifyTokenHint: 'A text shared with Meta: paste the same value when setting up the webhook.',
  newVerifyToken: 'Generate another verify token',
  language: 'Template language',
  languageHint: 'Language code of the approved templates, e.g. pt_BR.',
  baseUrl: 'API URL',
  baseUrlHint: 'Usually https://graph.facebook.com.',
  apiVersion: 'API version',
  webhookTitle: 'Webhook',
  webhookIntro:
    "In the app's Meta dashboard, under WhatsApp → Configuration, enter this callback URL and the verify token above, and subscribe to the messages field. Delivery and read receipts and the contacts' replies arrive this way.",
  webhookUrl: 'Callback URL',
  templatesTitle: 'Templates Meta must approve',
  templatesIntro:
    'Outside the 24-hour window WhatsApp only accepts approved templates. Create them in the WhatsApp Manager with these names and language; the body parameters {{1}}, {{2}}… receive, in order, the values below.',
  templateName: 'Name at Meta',
  templateLanguage: 'Language',
  templateParamsColumn: 'Body parameters',
  templateUse: 'Used for',
  templateParams: (n: number) => (n === 1 ? '1 parameter' : `${n} parameters`),
  whatsappSaved: 'WhatsApp settings saved.',
  whatsappRemoved: 'WhatsApp turned off: WhatsApp messages are no longer sent.',
  whatsappRemoveTitle: 'Remove the WhatsApp settings',
  whatsappRemoveConfirm:
    'Delete the number, the tokens and the app secret? Further WhatsApp messages will not be sent (they are marked "Not sent") until it is set up again.',

  smsIntro:
    "Short reminders by SMS, through an HTTP provider. They go to the recipient's mobile (the WhatsApp number on file, or a mobile phone).",
  smsUrl: 'Provider URL',
  smsUrlHint: 'The address that receives POST with Authorization: Bearer <token> and {"from", "to", "text"}.',
  smsToken: 'Token',
  smsTokenHint: 'Given by the provider. Also checks the signature of delivery reports.',
  smsSender: 'Sender',
  smsSenderHint: 'The name or number the recipient sees (2 to 20 characters), if the provider allows it.',
  smsWebhookIntro:
    'Delivery reports: ask the provider to POST {"id", "status"} to this URL, signed in X-Signature with an HMAC-SHA256 of the body using the token.',
  smsWebhookUrl: 'Delivery report URL',
  smsSaved: 'SMS settings saved.',
  smsRemoved: 'SMS turned off: SMS messages are no longer sent.',
  smsRemoveTitle: 'Remove the SMS settings',
  smsRemoveConfirm:
    'Delete the URL, the token and the sender? Further SMS messages will not be sent (they are marked "Not sent") until it is set up again.',

  testTitle: 'Test message',
  testTo: 'Number for the test',
  testToPlaceholder: '(11) 98765-4321',
  testWhatsappHint: 'The test message goes to this number on WhatsApp, with the expediente_teste template.',
  testSmsHint: 'A short test SMS to this mobile.',
  testPending: 'Sending the test message…',
  testSentWhatsapp:
    'Accepted by WhatsApp. The delivery receipt arrives through the webhook — check the phone too.',
  testSentSms: 'Accepted by the SMS provider. The delivery receipt arrives if the provider sends reports.',
  testDelivered: 'Delivered to the number given.',
  testRead: 'Delivered and read.',
  testFailed: (error: string) => `Sending failed: ${error}`,
  testCancelled: 'Sending was cancelled.',
  testSkipped: (reason: string) => `The test message was not sent: ${reason}.`,
};
