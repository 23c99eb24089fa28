import { defineErrors } from '../../http/errors.js';

/** Errors of clients' digital certificates (certificado digital A1/A3). */
export const CertificatesError = defineErrors('certificates', {
  not_found: { status: 404, 'pt-BR': 'Certificado não encontrado.', en: 'Certificate not found.' },
  unreadable: {
    status: 400,
    'pt-BR':
      'O arquivo não é um certificado A1 válido (.pfx ou .p12). Confira se escolheu o arquivo certo: ele pode estar corrompido ou ser de outro tipo.',
    en: 'The file is not a valid A1 certificate (.pfx or .p12). Check that you chose the right file: it may be damaged or of another kind.',
  },
  wrong_password: {
    status: 400,
    'pt-BR': 'Senha do certificado incorreta.',
    en: 'Wrong certificate password.',
  },
  wrong_password_or_corrupt: {
    status: 400,
    'pt-BR': 'Não foi possível abrir o certificado: a senha está incorreta ou o arquivo está corrompido.',
    en: 'The certificate could not be opened: the password is wrong or the file is damaged.',
  },
  no_certificate: {
    status: 400,
    'pt-BR': 'O arquivo não contém nenhum certificado.',
    en: 'The file holds no certificate.',
  },
  unsupported: {
    status: 400,
    'pt-BR':
      'O certificado usa uma criptografia que não conseguimos ler. Exporte-o de novo como .pfx (com a chave privada) e tente outra vez.',
    en: 'The certificate uses encryption we cannot read. Export it again as .pfx (with the private key) and try again.',
  },
  duplicate: {
    status: 409,
    'pt-BR': 'Este certificado já está cadastrado para este cliente.',
    en: 'This certificate is already registered for this client.',
  },
  a1_read_only: {
    status: 400,
    'pt-BR':
      'Os dados de um certificado A1 vêm do próprio arquivo; só as observações podem ser alteradas. Para trocar o certificado, envie o novo arquivo.',
    en: 'An A1 certificate’s data comes from its file; only the notes can be changed. To replace it, upload the new file.',
  },
  no_public_certificate: {
    status: 404,
    'pt-BR': 'Este certificado não tem o certificado público guardado (certificados A3 não têm arquivo).',
    en: 'This certificate has no stored public certificate (A3 certificates have no file).',
  },
});
