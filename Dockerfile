# One image for every service of the platform; SERVICE picks which one runs.
#
#   docker build -t ekyc-platform .
#   docker run --rm -e SERVICE=biometric -e HOST=0.0.0.0 -e DATABASE_URL=... -e KAFKA_BROKERS=... ekyc-platform
#
# SERVICE is the folder name under apps/ (gateway, identity-document, biometric, provider-nid, provider-cdp,
# audit-billing). Other entry points run with an explicit command, as docker-compose.yml does:
#   node -r @swc-node/register tools/stack/migrate.ts          (every app's migrations)
#   node -r @swc-node/register apps/gateway/src/bootstrap.ts   (first admin, demo tenant, fresh tokens)
FROM node:20.20.2-bookworm-slim

WORKDIR /app

# Dependencies first, so the layer is reused until the lockfile changes. The TypeScript sources run
# through @swc-node/register, which needs typescript (a devDependency), hence a full `npm ci`.
# --ignore-scripts: the services need no install script (swc's native binding is an optional package of
# its own), so none runs. This is the npm 10 that ships with Node 20: it ignores package.json's
# "allowScripts" list (npm 11 reads it), and npm 11.19's `npm ci` rejects this lockfile, which has no
# entries for the non-Linux binaries of @swc/core and unrs-resolver.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts && npm cache clean --force

# The code stays owned by root: the service user can read it, not change it.
COPY . .
# The agent portal and analyst dashboard, built once into dist/apps/portal, where the gateway serves it at /portal/.
RUN npm run portal:build

# Production behaviour unless told otherwise (the gateway then disables introspection and GraphiQL);
# docker-compose.yml sets NODE_ENV=development for a local stack.
ENV NODE_ENV=production

USER node

EXPOSE 4000 4001 4002 4003 4004 4005 4010

# exec: node becomes PID 1 and receives SIGTERM itself, so the service shuts down gracefully.
CMD ["sh", "-c", ": \"${SERVICE:?set SERVICE to an app under apps/, e.g. SERVICE=gateway}\"; exec node -r @swc-node/register \"apps/${SERVICE}/src/main.ts\""]
