import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { REPO_ROOT, SUBGRAPHS } from '../schema/subgraphs';

/**
 * docker-compose.yml against the apps it runs. Apps are never imported (module boundaries): each app's
 * variables come from apps/<app>/.env.example, which is itself checked against the text of its env.ts.
 */

type Env = Record<string, string>;
interface DependsOn {
  condition: string;
}
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, unknown>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, DependsOn> | string[];
  ports?: string[];
  volumes?: string[];
  restart?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

const COMPOSE_PATH = path.join(REPO_ROOT, 'docker-compose.yml');
const DOCKERFILE_PATH = path.join(REPO_ROOT, 'Dockerfile');
const source = readFileSync(COMPOSE_PATH, 'utf8');
// YAML 1.1 with merge keys: what docker-compose v1 (PyYAML) reads, so `no` or `on` surprises show here.
const compose = parse(source, { version: '1.1', merge: true }) as ComposeFile;

const APPS = readdirSync(path.join(REPO_ROOT, 'apps'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(REPO_ROOT, 'apps', d.name, 'src', 'main.ts')))
  .map((d) => d.name)
  .sort();
/** Stand-ins for external services: no database, no platform secrets, nothing to migrate. */
const SANDBOX_APPS = APPS.filter((app) => app.endsWith('-sandbox'));
const PLATFORM_APPS = APPS.filter((app) => !SANDBOX_APPS.includes(app));

const CONFIG_FILE = 'libs/config/src/index.ts';
let shapeText: string | undefined;
/** The body of libs/config's `serviceEnvShape = {...}`, read once. */
function serviceEnvShapeText(): string {
  shapeText ??= objectLiteralAfter(readFileSync(path.join(REPO_ROOT, CONFIG_FILE), 'utf8'), 'export const serviceEnvShape =', CONFIG_FILE);
  return shapeText;
}

/** Whether a key of libs/config's serviceEnvShape has no default (an app reusing it as `serviceEnvShape.X` inherits that). */
function sharedRequired(key: string): boolean {
  const shape = serviceEnvShapeText();
  const keys = [...shape.matchAll(/\b([A-Z][A-Z0-9_]+)\s*:/g)];
  const index = keys.findIndex((m) => m[1] === key);
  if (index < 0) throw new Error(`${CONFIG_FILE}: serviceEnvShape has no ${key}`);
  const definition = shape.slice(keys[index]!.index, keys[index + 1]?.index ?? shape.length);
  return !/\.default\(|\.optional\(|portSchema\(/.test(definition);
}

/** A value as compose resolves it with nothing exported: `${VAR:-default}` and `${VAR-default}` give the default. */
function withDefaults(value: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (match, _name: string | undefined, fallback: string | undefined) =>
    match === '$$' ? '$' : (fallback ?? ''),
  );
}

function environmentOf(name: string): Env {
  const environment = compose.services[name]?.environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, withDefaults(String(value))]));
}

function dependsOn(service: Service): Record<string, DependsOn> {
  const deps = service.depends_on ?? {};
  return Array.isArray(deps) ? Object.fromEntries(deps.map((d) => [d, { condition: 'service_started' }])) : deps;
}

const base64Bytes = (value: string): number => {
  const bytes = Buffer.from(value, 'base64');
  // Buffer.from skips characters that are not base64; re-encoding catches a key that only looks right.
  return bytes.toString('base64') === value ? bytes.length : -1;
};

interface EnvVariable {
  name: string;
  required: boolean;
  example: string;
}

/** `# (required) ...` or `# (default: X) ...` on the line above each `NAME=value` of apps/<app>/.env.example. */
function readEnvExample(app: string): EnvVariable[] {
  const file = path.join(REPO_ROOT, 'apps', app, '.env.example');
  const lines = readFileSync(file, 'utf8').split('\n');
  const variables: EnvVariable[] = [];
  lines.forEach((line, i) => {
    const assignment = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!assignment) return;
    const marker = /^# \((required|default: [^)]*)\)/.exec(lines[i - 1] ?? '');
    if (!marker)
      throw new Error(`${path.relative(REPO_ROOT, file)}:${i + 1}: ${assignment[1]} needs a "# (required) ..." or "# (default: X) ..." line above it`);
    variables.push({ name: assignment[1] as string, required: marker[1] === 'required', example: assignment[2] as string });
  });
  return variables;
}

/** The text between the `{` that follows `marker` and its matching `}`. */
function objectLiteralAfter(text: string, marker: string, file: string): string {
  const start = text.indexOf(marker);
  const open = start < 0 ? -1 : text.indexOf('{', start + marker.length);
  if (open < 0) throw new Error(`${file}: no \`${marker}{...}\` to read; update readSchemaVariables in tools/compose/docker-compose.spec.ts`);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`${file}: unbalanced braces after \`${marker}\``);
}

/**
 * The variables an env.ts declares, read from its text: the keys of `envSchema = z.object({...})`, with
 * `...serviceEnvShape` expanded from libs/config. A key with `.default(`, `optional(` or `portSchema(` is optional;
 * one defined as `serviceEnvShape.X` is as optional as X.
 */
function readSchemaVariables(app: string): Array<Omit<EnvVariable, 'example'>> {
  const envFile = `apps/${app}/src/env.ts`;
  const schema = objectLiteralAfter(readFileSync(path.join(REPO_ROOT, envFile), 'utf8'), 'export const envSchema = z.object(', envFile);
  let text = schema;
  if (schema.includes('...serviceEnvShape')) {
    text = `${serviceEnvShapeText()}\n${schema.replace('...serviceEnvShape', '')}`;
  }
  const keys = [...text.matchAll(/\b([A-Z][A-Z0-9_]+)\s*:/g)];
  return keys.map((match, i) => {
    const definition = text.slice(match.index, keys[i + 1]?.index ?? text.length);
    const shared = /^\s*[A-Z0-9_]+\s*:\s*serviceEnvShape\.([A-Z0-9_]+)/.exec(definition)?.[1];
    if (shared) return { name: match[1] as string, required: sharedRequired(shared) };
    return { name: match[1] as string, required: !/\.default\(|\boptional(Env)?\(|portSchema\(/.test(definition) };
  });
}

describe('docker-compose.yml', () => {
  it('has no top-level name (docker-compose v1 rejects it) and only keys both compose versions know', () => {
    expect(compose).not.toHaveProperty('name');
    const unknown = Object.keys(compose).filter((key) => !['version', 'services', 'volumes', 'networks'].includes(key) && !key.startsWith('x-'));
    expect(unknown).toEqual([]);
  });

  it('finds the apps to check', () => {
    expect(APPS).toEqual(expect.arrayContaining(['gateway', ...SUBGRAPHS.map((s) => s.name)]));
  });

  it.each(APPS)('runs %s from the Dockerfile with SERVICE set to it', (app) => {
    const service = compose.services[app];
    expect(service).toBeDefined();
    const build = typeof service?.build === 'string' ? { context: service.build } : service?.build;
    expect(build?.context).toBe('.');
    expect(environmentOf(app)['SERVICE']).toBe(app);
    expect(environmentOf(app)['HOST']).toBe('0.0.0.0');
  });

  it.each(APPS)('gives %s every required variable of its .env.example, on the port it documents', (app) => {
    const env = environmentOf(app);
    const variables = readEnvExample(app);
    const missing = variables.filter((v) => v.required && !env[v.name]).map((v) => v.name);
    expect(missing).toEqual([]);
    const unknown = Object.keys(env).filter((name) => name !== 'SERVICE' && !variables.some((v) => v.name === name));
    expect(unknown).toEqual([]);
    expect(env['PORT']).toBe(variables.find((v) => v.name === 'PORT')?.example);
  });

  it('routes the gateway to all five subgraphs by service name and publishes port 4000', () => {
    const pairs = (environmentOf('gateway')['SUBGRAPH_URLS'] ?? '').split(',').map((pair) => pair.split('='));
    const expected = SUBGRAPHS.map(({ name }) => [name, `http://${name}:${environmentOf(name)['PORT']}/graphql`]);
    expect(Object.fromEntries(pairs)).toEqual(Object.fromEntries(expected));
    for (const { name, port } of SUBGRAPHS) expect(environmentOf(name)['PORT']).toBe(String(port));
    expect(compose.services['gateway']?.ports?.some((p) => /(^|:)4000:4000$/.test(p))).toBe(true);
  });

  it('points each provider adapter at its sandbox by service name, and starts it after the sandbox is healthy', () => {
    const adapters = [
      { app: 'provider-nid', variable: 'NID_BASE_URL', sandbox: 'nid-sandbox' },
      { app: 'provider-cdp', variable: 'CDP_BASE_URL', sandbox: 'cdp-sandbox' },
    ];
    for (const { app, variable, sandbox } of adapters) {
      expect(SANDBOX_APPS).toContain(sandbox);
      expect(environmentOf(app)[variable]).toBe(`http://${sandbox}:${environmentOf(sandbox)['PORT']}`);
      expect(dependsOn(compose.services[app] as Service)[sandbox]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('shares secrets the apps accept: context and JWT secrets of 32+ characters, a 32-byte PII key', () => {
    const services = PLATFORM_APPS.map(environmentOf);
    const contextSecrets = new Set(services.map((env) => env['INTERNAL_CONTEXT_SECRET']));
    expect(contextSecrets.size).toBe(1);
    expect([...contextSecrets][0]?.length).toBeGreaterThanOrEqual(32);
    expect(environmentOf('gateway')['JWT_SECRET']?.length).toBeGreaterThanOrEqual(32);
    const piiKeys = new Set(SUBGRAPHS.map(({ name }) => environmentOf(name)['PII_ENCRYPTION_KEY']));
    expect(piiKeys.size).toBe(1);
    expect(base64Bytes([...piiKeys][0] ?? '')).toBe(32);
    // Least privilege: the gateway holds no PII key, the subgraphs no JWT secret.
    expect(environmentOf('gateway')).not.toHaveProperty('PII_ENCRYPTION_KEY');
    for (const { name } of SUBGRAPHS) expect(environmentOf(name)).not.toHaveProperty('JWT_SECRET');
  });

  it('runs Kafka from the official apache/kafka image as a single-node KRaft broker the services reach', () => {
    const kafka = compose.services['kafka'];
    expect(kafka?.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(environmentOf('kafka')).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    });
    expect(String(kafka?.healthcheck?.test)).toMatch(/kafka-broker-api-versions\.sh|kafka-topics\.sh/);
    for (const { name } of SUBGRAPHS) expect(environmentOf(name)['KAFKA_BROKERS']).toBe('kafka:9092');
  });

  it('runs a pinned Postgres 16 with a named volume, and every service uses its database', () => {
    const postgres = compose.services['postgres'];
    expect(postgres?.image).toMatch(/^postgres:16\.\d+/);
    expect(String(postgres?.healthcheck?.test)).toContain('pg_isready');
    const volume = postgres?.volumes?.[0]?.split(':')[0] ?? '';
    expect(compose.volumes).toHaveProperty(volume);
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = environmentOf('postgres');
    const url = `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}`;
    for (const name of [...PLATFORM_APPS, 'migrate', 'bootstrap']) expect(environmentOf(name)['DATABASE_URL']).toBe(url);
    for (const name of SANDBOX_APPS) expect(environmentOf(name)).not.toHaveProperty('DATABASE_URL');
  });

  it('migrates every app once, bootstraps after it, and starts no app before the migrations', () => {
    // tools/stack/migrate.ts runs apps/<app>/src/migrate.ts for the gateway and every subgraph.
    expect(compose.services['migrate']?.command).toEqual(['node', '-r', '@swc-node/register', 'tools/stack/migrate.ts']);
    const migrated = ['gateway', ...SUBGRAPHS.map((s) => s.name)];
    const withMigrations = readdirSync(path.join(REPO_ROOT, 'apps')).filter((app) => existsSync(path.join(REPO_ROOT, 'apps', app, 'src', 'migrate.ts')));
    expect(migrated).toEqual(expect.arrayContaining(withMigrations));
    expect(compose.services['bootstrap']?.command).toEqual(['node', '-r', '@swc-node/register', 'apps/gateway/src/bootstrap.ts']);
    expect(dependsOn(compose.services['migrate'] as Service)).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(dependsOn(compose.services['bootstrap'] as Service)).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    for (const app of PLATFORM_APPS) expect(dependsOn(compose.services[app] as Service)['migrate']).toEqual({ condition: 'service_completed_successfully' });
    for (const oneShot of ['migrate', 'bootstrap']) expect(compose.services[oneShot]?.restart).toBe('no');
  });

  it.each(APPS)('checks %s for readiness on /readyz', (app) => {
    expect(String(compose.services[app]?.healthcheck?.test)).toContain('/readyz');
  });

  it('depends only on defined services, with conditions they can meet', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [target, { condition }] of Object.entries(dependsOn(service))) {
        const dependency = compose.services[target];
        expect({ name, target, defined: dependency !== undefined }).toEqual({ name, target, defined: true });
        if (condition === 'service_healthy') expect({ target, healthcheck: Boolean(dependency?.healthcheck) }).toEqual({ target, healthcheck: true });
        else if (condition === 'service_completed_successfully') expect({ target, restart: dependency?.restart }).toEqual({ target, restart: 'no' });
        else expect(condition).toBe('service_started');
      }
    }
  });

  it('gives every ${VAR} a default and keeps every environment value a string', () => {
    const interpolations = [...source.matchAll(/\$\{[^}]*\}/g)].map((m) => m[0]);
    expect(interpolations.filter((i) => !/^\$\{[A-Za-z_][A-Za-z0-9_]*:-[^}]+\}$/.test(i))).toEqual([]);
    expect(source.replace(/\$\{[^}]*\}|\$\$/g, '')).not.toContain('$');
    for (const [name, service] of Object.entries(compose.services)) {
      const notStrings = Object.entries(service.environment ?? {}).filter(([, value]) => typeof value !== 'string');
      expect({ name, notStrings }).toEqual({ name, notStrings: [] });
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(DOCKERFILE_PATH, 'utf8');

  it('builds on a pinned node 20 bookworm-slim, installs from the lockfile and runs as node', () => {
    expect(dockerfile).toMatch(/^FROM node:20\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('builds the portal into the image after copying the code, where the gateway serves it', () => {
    const copied = dockerfile.search(/^COPY \. \.$/m);
    const built = dockerfile.search(/^RUN npm run portal:build$/m);
    expect(copied).toBeGreaterThan(0);
    expect(built).toBeGreaterThan(copied);
  });

  it('starts apps/$SERVICE/src/main.ts through @swc-node/register', () => {
    expect(dockerfile).toMatch(/^CMD .*exec node -r @swc-node\/register \\"apps\/\$\{SERVICE\}\/src\/main\.ts\\"/m);
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.cache', '.nx', 'dist', '.git', '.env']));
  });
});

describe('apps/<app>/.env.example', () => {
  it.each(APPS)('apps/%s/.env.example lists exactly the variables of its env.ts, required where the schema has no default', (app) => {
    const documented = readEnvExample(app).map(({ name, required }) => ({ name, required }));
    const declared = readSchemaVariables(app);
    expect(declared.length).toBeGreaterThan(0);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...documented].sort(byName)).toEqual([...declared].sort(byName));
  });
});

/** docker-compose v1 or the Compose v2 plugin, whichever answers on PATH. */
function findComposeValidator(): { command: string; args: string[] } | null {
  const candidates = [
    { command: 'docker-compose', args: [] },
    { command: 'docker', args: ['compose'] },
  ];
  return candidates.find(({ command, args }) => spawnSync(command, [...args, 'version'], { stdio: 'ignore', timeout: 30_000 }).status === 0) ?? null;
}

describe('compose validation', () => {
  const validator = findComposeValidator();
  const title = validator
    ? `\`${[validator.command, ...validator.args].join(' ')} config -q\` accepts the file`
    : 'no compose binary on PATH: the file parses cleanly, round-trips and resolves every alias';

  it(title, () => {
    if (validator) {
      const result = spawnSync(validator.command, [...validator.args, '-f', COMPOSE_PATH, 'config', '-q'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      return;
    }
    const document = parseDocument(source, { version: '1.1', merge: true });
    expect([...document.errors, ...document.warnings].map((e) => e.message)).toEqual([]);
    expect(parse(stringify(compose, { version: '1.1' }), { version: '1.1', merge: true })).toEqual(compose);
    expect(Object.keys(compose.services).length).toBeGreaterThanOrEqual(APPS.length + 4);
  });
});
