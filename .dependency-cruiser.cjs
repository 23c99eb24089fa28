/**
 * Module boundaries (docs/architecture.md), checked in `npm test` by `npm run check:boundaries`.
 *
 * Layers, bottom to top. A module may import modules of lower layers only, through their index.ts;
 * modules of one layer are siblings and never import each other. So dependencies point one way and a
 * cycle between modules cannot be written.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const layers = [
  ['br'],
  ['platform'],
  ['engine'],
  ['messaging'],
  ['clients'],
  ['automation', 'routines'],
  ['certificates', 'billing', 'tickets', 'collection', 'processes', 'tasks'],
  ['staff', 'upcoming'],
  ['onboarding'],
];

const layerOf = new Map(layers.flatMap((names, i) => names.map((name) => [name, i])));

const layering = [...layerOf].map(([name, layer]) => {
  const notBelow = [...layerOf].filter(([, l]) => l >= layer).map(([other]) => other);
  return {
    name: `layer-${name}`,
    comment: `${name} may import only modules below it: ${
      [...layerOf]
        .filter(([, l]) => l < layer)
        .map(([other]) => other)
        .join(', ') || 'none'
    }.`,
    severity: 'error',
    from: { path: `^src/server/modules/${name}/` },
    to: { path: `^src/server/modules/(${notBelow.filter((m) => m !== name).join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layering,
    {
      name: 'module-through-index',
      comment: "A module is used through its index.ts: never import another module's internal file.",
      severity: 'error',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: { path: '^src/server/modules/([^/]+)/(?!index\\.ts$)', pathNot: '^src/server/modules/$1/' },
    },
    {
      name: 'outside-through-index',
      comment: 'Code outside the modules (app, background, demo, CLI) uses a module through its index.ts.',
      severity: 'error',
      from: { path: '^src/server/(?!modules/)' },
      to: { path: '^src/server/modules/[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'unknown-module',
      comment: 'Every module has a layer above: add a new module to `layers`.',
      severity: 'error',
      from: { path: '^src/server/modules/' },
      to: { path: `^src/server/modules/(?!(${[...layerOf.keys()].join('|')})/)` },
    },
    {
      name: 'no-circular-between-files',
      comment:
        "Inside a module too, files import each other one way. Known exception: messaging's send → " +
        'delivery → fallback → send is a real recursion (a message that fails for good is sent again on ' +
        'the next channel), to be broken by enqueueing the delivery by kind.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/server/modules/messaging/' },
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      comment:
        'src/shared (the pure Brazilian rules both sides use) imports nothing from the server or the web app; ' +
        'anyone may import it.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'web-not-server',
      comment: 'The web app never imports server code.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
