import type { Router } from 'express';
import { createLogger } from '@ekyc/logger';
import type { GraphExecutor } from '../graph-executor';
import { createRestRouter } from '../rest.router';
import { buildOpenApiDocument, openApiPath } from './openapi-document';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD /path` of every route the router and its sub-routers register. */
function registeredRoutes(router: Router): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.push(`${method.toUpperCase()} ${openApiPath(layer.route.path)}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out.sort();
}

const graph: GraphExecutor = { execute: () => Promise.reject(new Error('not called')) };
const router = createRestRouter({
  auth: { authenticate: () => Promise.reject(new Error('not called')) },
  graph,
  log: createLogger({ service: 'test', level: 'silent' }),
});
const document = buildOpenApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

interface OperationObject {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  parameters?: Array<{ name: string; in: string }>;
}

const documented = () =>
  Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe('the OpenAPI document', () => {
  it('describes every route the REST router registers, and no other', () => {
    const routes = registeredRoutes(router);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(documented()).toEqual(routes);
  });

  it('is OpenAPI 3.1 with the Token and x-api-key schemes, which every partner route uses', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['Token', 'x-api-key']);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
        if (path === '/openapi.json') expect(schemes).toEqual([]);
        else expect(schemes).toContain(path.startsWith('/agent/') ? 'Token' : 'x-api-key');
      }
    }
  });

  it('gives every route its error body and every reference a schema', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path === '/openapi.json') continue;
      for (const operation of Object.values(operations)) {
        const error = operation.responses['401']?.content?.['application/json']?.schema;
        expect(error).toEqual({ $ref: `#/components/schemas/${path.startsWith('/agent/') ? 'AgentError' : 'PartnerError'}` });
        expect(operation.responses['500']).toBeDefined();
      }
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]);
    for (const name of new Set(refs)) expect(document.components.schemas).toHaveProperty(name as string);
  });

  it("documents the contracts' multipart fields, files and query parameters", () => {
    const registration = document.paths['/agent/customer-registration/']?.['post'];
    expect(registration?.parameters?.map((p) => p.name)).toEqual(['step', 'crop']);
    const [step1, step2] =
      (registration?.requestBody?.content['multipart/form-data']?.schema['oneOf'] as Array<{ properties: Record<string, unknown>; required: string[] }>) ?? [];
    expect(Object.keys(step1?.properties ?? {})).toEqual(['submission_id', 'id_front', 'id_back']);
    expect(step1?.required).toEqual(['id_front', 'id_back']);
    expect(step2?.required).toEqual(expect.arrayContaining(['nid_no', 'pres_address', 'id_front_name', 'mobile_number', 'applicant_photo']));
    const twoStep = document.paths['/v3/submission/step1']?.['post']?.requestBody?.content['multipart/form-data']?.schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(twoStep.properties)).toEqual([
      'issuingCountry',
      'email',
      'idType',
      'submissionId',
      'userid',
      'cf1',
      'cf2',
      'cf3',
      'customOptions',
      'idImage',
      'idBackImage',
    ]);
    expect(twoStep.required).toEqual(['issuingCountry', 'email', 'idType', 'idImage']);
    expect(document.paths['/agent/get-verification-log/']?.['get']?.parameters?.map((p) => p.name)).toEqual(['status', 'page', 'per_page']);
  });
});
