import type { ApolloServerPlugin } from '@apollo/server';
import path from 'node:path';
import type { Express } from 'express';

const fileIn = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

/** GraphiQL and React come from node_modules, never from a CDN: the platform must run offline. */
const ASSETS: Record<string, string> = {
  'react.js': fileIn('react', 'umd/react.production.min.js'),
  'react-dom.js': fileIn('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': fileIn('graphiql', 'graphiql.min.js'),
  'graphiql.css': fileIn('graphiql', 'graphiql.min.css'),
};
const ASSET_ROOT = '/graphiql/assets';

export function mountLandingPageAssets(app: Express): void {
  app.get(`${ASSET_ROOT}/:file`, (req, res) => {
    const path = ASSETS[req.params.file];
    if (!path) {
      res.status(404).end();
      return;
    }
    res.sendFile(path, { maxAge: '1d' });
  });
}

const html = (endpoint: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>eKYC platform: GraphQL explorer</title>
  <link rel="stylesheet" href="${ASSET_ROOT}/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading the explorer…</div>
  <script src="${ASSET_ROOT}/react.js"></script>
  <script src="${ASSET_ROOT}/react-dom.js"></script>
  <script src="${ASSET_ROOT}/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultHeaders: JSON.stringify({ Authorization: 'Token <paste an API token printed by npm start>' }, null, 2),
        defaultQuery: '# Every call needs an Authorization header (Headers tab below).\\nquery Applications {\\n  applications(first: 5) {\\n    edges { node { id status createdAt nidVerification { status } faceMatch { status } cdpOnboarding { status } auditTrail { type occurredAt } } }\\n  }\\n}\\n',
        shouldPersistHeaders: true,
      }),
    );
  </script>
</body>
</html>`;

/** Development landing page: GET /graphql in a browser opens GraphiQL. */
export function graphiqlLandingPagePlugin(endpoint = '/graphql'): ApolloServerPlugin {
  const page = html(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: page };
        },
      };
    },
  };
}
