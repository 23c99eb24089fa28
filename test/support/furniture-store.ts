/**
 * The furniture store's public order form ("Faça seu pedido"), as its API and browser tests set it up: name,
 * phone and CPF/CNPJ required, e-mail and message optional. `over` gives the intro and the pipeline fields
 * the form asks for besides.
 */
export const orderForm = (over: { intro?: string | null; fieldKeys?: string[] } = {}) => ({
  title: 'Faça seu pedido',
  intro: null,
  ask: {
    name: 'required',
    email: 'optional',
    phone: 'required',
    document: 'required',
    message: 'optional',
  },
  fieldKeys: [],
  thanks: 'Pedido recebido!',
  active: true,
  ...over,
});
