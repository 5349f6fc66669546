// Validates objects against the openAPIV3Schema of their CRD in a platform line's CRD set (crds/v0.37 unless told
// otherwise; docs/crd-sets.md), rejecting unknown fields the way kube-apiserver's strict field validation does
// (structural schemas: every field not declared is unknown unless `x-kubernetes-preserve-unknown-fields` says
// otherwise). CEL rules are left to the server tier.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/render/manifest';

import type { PlatformRelease } from '../../src/spec/platform-lines';

export type { PlatformRelease };

/** The v0.37 set: what `npm run import` generates from and what every tier installs. */
export const CRDS_DIR = join(__dirname, '../../crds/v0.37');

const DIRS: Readonly<Record<PlatformRelease, string>> = { 'v0.37': CRDS_DIR, 'v1.5': join(__dirname, '../../crds/v1.5') };

/** The directory of a platform line's CRD set. */
export function crdsDir(line: PlatformRelease): string {
  return DIRS[line];
}

/**
 * Files of a set kept for provenance that are not YAML (paths relative to the set, `/`-separated): Cozystack v1.5
 * holds cert-manager's CRDs only as Helm templates, so the set has them and their `helm template` output in
 * `cert-manager/rendered/`, which is what loads (crds/v1.5/README.md).
 */
export const HELM_TEMPLATES: Readonly<Record<PlatformRelease, readonly string[]>> = {
  'v0.37': [],
  'v1.5': [
    'cert-manager/crd-cert-manager.io_certificates.yaml',
    'cert-manager/crd-cert-manager.io_clusterissuers.yaml',
    'cert-manager/crd-cert-manager.io_issuers.yaml',
  ],
};

/** Every `*.yaml` file of a set that is YAML (Helm templates left out), absolute, in directory-walk order. */
export function yamlFiles(line: PlatformRelease): string[] {
  const dir = crdsDir(line);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yaml') && !HELM_TEMPLATES[line].includes(relative(dir, p).split(sep).join('/'))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The CustomResourceDefinitions of a set, as parsed (the instance type data and the Helm templates left out). */
export function crdDocuments(line: PlatformRelease): Array<{ readonly file: string; readonly crd: any }> {
  return yamlFiles(line).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS())
      .filter((crd) => crd?.kind === 'CustomResourceDefinition')
      .map((crd) => ({ file, crd })),
  );
}

interface CrdVersion {
  readonly schema: Record<string, unknown>;
  readonly served: boolean;
  readonly namespaced: boolean;
}

function loadCrds(line: PlatformRelease): Map<string, CrdVersion> {
  const out = new Map<string, CrdVersion>();
  for (const { crd } of crdDocuments(line)) {
    for (const v of crd.spec.versions) {
      out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, {
        schema: v.schema.openAPIV3Schema,
        served: v.served,
        namespaced: crd.spec.scope === 'Namespaced',
      });
    }
  }
  return out;
}

const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
const METADATA_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
    namespace: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    labels: {
      type: 'object',
      propertyNames: { pattern: LABEL_KEY },
      additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' },
    },
    annotations: { type: 'object', propertyNames: { pattern: LABEL_KEY }, additionalProperties: { type: 'string' } },
  },
};

/** Makes a structural schema strict: undeclared fields are errors, `nullable` allows null. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [pk, strict(pv)]));
    } else if (k.startsWith('x-kubernetes-') || k === 'nullable' || k === 'format' || k === 'description' || k === 'default') {
      // not validation keywords for Ajv (defaults are applied by the server, formats are checked there)
    } else {
      out[k] = strict(v);
    }
  }
  if (s.nullable === true && typeof s.type === 'string') out.type = [s.type, 'null'];
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.type === 'object' && !preserve && s.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export class CrdValidator {
  private readonly crds: Map<string, CrdVersion>;
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  /** Validates against the CRD set of `line` (@default 'v0.37', the set the library renders for today). */
  public constructor(public readonly line: PlatformRelease = 'v0.37') {
    this.crds = loadCrds(line);
  }

  /** Group/version/kind of every CRD version loaded. */
  public get kinds(): string[] {
    return [...this.crds.keys()];
  }

  /** True when a CRD (served or not) defines the object's kind. */
  public knows(o: KubeObject): boolean {
    return this.crds.has(this.key(o));
  }

  /**
   * Problems of one object, as strings; empty when valid. Built-in kinds (no CRD) are checked against the
   * Kubernetes OpenAPI schemas that `kubernetes-models` compiles (types and required fields; it accepts unknown
   * fields, which the generated TypeScript types and the server tier rule out).
   */
  public validate(o: KubeObject): string[] {
    const key = this.key(o);
    const crd = this.crds.get(key);
    if (crd === undefined) return validateBuiltIn(o);
    const problems: string[] = [];
    if (!crd.served) problems.push(`${key} is not served`);
    if (crd.namespaced !== (o.metadata.namespace !== undefined))
      problems.push(`${key} is ${crd.namespaced ? 'namespaced' : 'cluster-scoped'}, namespace is ${o.metadata.namespace ?? 'absent'}`);
    const fn = this.compile(key);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it ajv's type guard narrows o to never below
    if (!fn(o as unknown)) {
      for (const e of fn.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
        problems.push(`${o.kind}/${o.metadata.name}${e.instancePath}: ${e.message}${extra}`);
      }
    }
    return problems;
  }

  /**
   * The validator of one loaded group/version/kind (see `kinds`), compiled once: the CRD's openAPIV3Schema made
   * strict, with the object metadata schema. Throws when the schema does not compile.
   */
  public compile(key: string): ValidateFunction {
    let fn = this.compiled.get(key);
    if (fn === undefined) {
      const crd = this.crds.get(key);
      if (crd === undefined) throw new Error(`no CRD defines ${key}`);
      const root = strict(crd.schema) as Record<string, unknown>;
      root.properties = { ...(root.properties as object), metadata: METADATA_SCHEMA };
      fn = this.ajv.compile(root);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private key(o: KubeObject): string {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
    return `${group}/${version}/${o.kind}`;
  }
}

/** `kubernetes-models/<group>/<version>/<Kind>` for built-in kinds (core: `kubernetes-models/v1/<Kind>`). */
function validateBuiltIn(o: KubeObject): string[] {
  const modulePath = `kubernetes-models/${o.apiVersion}/${o.kind}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Model = require(modulePath)[o.kind];
  } catch {
    return [`no CRD and no built-in schema for ${o.apiVersion}/${o.kind}`];
  }
  try {
    new Model(o).validate();
    return [];
  } catch (e) {
    return [`${o.kind}/${o.metadata.name}: ${(e as Error).message}`];
  }
}
