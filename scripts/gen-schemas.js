#!/usr/bin/env node
// Regenerates the JSON Schemas (draft-07) under schemas/ from the TypeScript types, with ts-json-schema-generator:
//   schemas/cluster.schema.json  a whole TenantKubernetesClusterSpec (src/spec/types.ts): the library's description
//                                and every document of a `fleet` cluster file;
//   schemas/values.schema.json   a values file of the CLI (`synth`/`teardown`/`diff -f`), ChartValuesFile
//                                (src/cli/chart-values.ts): the description without the keys flags set, plus the
//                                v1.5 chart's top-level `images`, every key nullable (a Helm `null` deletes a key).
// One schema per format serves both platform lines: a file names its line inside `platform.release`, and keys one line
// lacks say "platform release v1.5 only" in their description (the description's own check refuses them on v0.37).
// What the types do not say is added here: the Kubernetes quantity grammar for `QuantityString` (and the plain numbers
// files may write), the keys of the maps keyed by minor version, and `@default` tags
// that are prose (`@default - a dedicated etcd is created`) become a "Default: …" sentence of the description instead of
// a bogus `default` string; literal defaults (`@default '7%'`, `@default 10`) are kept with their JSON type.
// Output is committed and deterministic (keys sorted, byte-identical reruns); never edit it by hand. `--output DIR`
// writes into DIR instead, as `npm run check:imports` does to compare.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tsj = require('ts-json-schema-generator');

const root = path.resolve(__dirname, '..');

/** The Kubernetes quantity grammar of src/spec/quantity.ts, signless (a quantity must be positive), or "" (not set). */
const QUANTITY_PATTERN = '^(?:|\\+?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))?)$';

/** Marks a `@default` text that is not a JSON5 literal (prose), so that it is told apart from a literal string. */
const PROSE = '\u0000prose:';

// ts-json-schema-generator turns a `@default` it cannot parse into its raw text, which would be indistinguishable from
// a quoted literal; the reader used by `jsDoc: 'extended'` is given a parseJsDocTag that marks such text instead.
const reader = tsj.ExtendedAnnotationsReader.prototype;
const parseJsDocTag = reader.parseJsDocTag;
reader.parseJsDocTag = function (tag) {
  if (tag.name === 'default') {
    const text = (tag.text ?? []).map((part) => part.text).join('');
    if (text !== '' && this.parseJson(text) === undefined) return `${PROSE}${text.replace(/^-\s*/, '')}`;
  }
  return parseJsDocTag.call(this, tag);
};

/** The schemas written: file name -> source file, type, `$id`, title. */
const SCHEMAS = {
  'cluster.schema.json': {
    source: 'src/spec/types.ts',
    type: 'TenantKubernetesClusterSpec',
    title: 'tenant-kubernetes cluster description',
    description:
      'One tenant Kubernetes cluster as the tenant-kubernetes library takes it (TenantKubernetesClusterSpec), and each YAML ' +
      'document of a `tenant-kubernetes fleet` cluster file. Both platform lines: the line is `platform.release` ' +
      '(default v1.5); keys marked "platform release v1.5 only" are refused on v0.37. Rules across fields (name lengths, ' +
      'instance types, minReplicas <= maxReplicas, …) are checked by the tool, not by this schema.',
    nullable: false,
  },
  'values.schema.json': {
    source: 'src/cli/chart-values.ts',
    type: 'ChartValuesFile',
    title: 'tenant-kubernetes values file',
    description:
      'A values file of `tenant-kubernetes synth`, `teardown` and `diff` (-f): the reference Cozystack `kubernetes` ' +
      "chart's values, merged as Helm v3 merges them and coalesced over the chart's values.yaml of the platform line " +
      '(`platform.release` or --platform-release, default v1.5; the chart defaults differ per line, docs/values.md). ' +
      'A `null` deletes a key, the chart default included (`nodeGroups: {md0: null}`). The cluster name, tenant and ' +
      'platform integration are flags, not values.',
    nullable: true,
  },
};

/** A copy of `value` with every object's keys sorted (arrays keep their order). */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted(value[k])]),
  );
}

/** Prose defaults moved into the description, recursively. */
function proseDefaults(node) {
  if (Array.isArray(node)) return node.forEach(proseDefaults);
  if (node === null || typeof node !== 'object') return;
  if (typeof node.default === 'string' && node.default.startsWith(PROSE)) {
    const prose = node.default.slice(PROSE.length).trim();
    delete node.default;
    const sentence = `Default: ${prose}${/[.!?]$/.test(prose) ? '' : '.'}`;
    node.description = node.description === undefined ? sentence : `${node.description} ${sentence}`;
  }
  for (const [key, child] of Object.entries(node)) if (key !== 'default' && key !== 'enum' && key !== 'const') proseDefaults(child);
}

/** `{ anyOf: [schema, null] }`, the annotations kept outside where editors read them. */
function orNull(schema) {
  const { description, default: def, ...rest } = schema;
  if (rest.type === 'null' || Object.keys(rest).length === 0) return schema;
  const keys = Object.keys(rest);
  if (keys.length === 1 && typeof rest.type === 'string') return { ...schema, type: [rest.type, 'null'] };
  return {
    ...(description === undefined ? {} : { description }),
    ...(def === undefined ? {} : { default: def }),
    anyOf: [rest, { type: 'null' }],
  };
}

/** Every property (and every map entry) of every object made nullable, as Helm lets a `null` delete any key. */
function nullableProperties(node) {
  if (Array.isArray(node)) return node.forEach(nullableProperties);
  if (node === null || typeof node !== 'object') return;
  for (const child of Object.values(node)) nullableProperties(child);
  if (node.properties !== undefined && typeof node.properties === 'object' && node.type === 'object') {
    for (const key of Object.keys(node.properties)) node.properties[key] = orNull(node.properties[key]);
  }
  if (node.type === 'object' && node.additionalProperties !== null && typeof node.additionalProperties === 'object') {
    if (Object.keys(node.additionalProperties).length > 0) node.additionalProperties = orNull(node.additionalProperties);
  }
}

/**
 * The maps keyed by Kubernetes minor are `Record<string, string>` in the types (a typed map in every language); their
 * keys are the minors of `KubernetesMinorVersion` (the description refuses any other key, and a minor of the other line).
 */
const MINOR_KEYED = ['workerContainerDisks', 'kubernetesPatchVersions'];

function minorKeyedMaps(definitions) {
  const minors = definitions.KubernetesMinorVersion?.enum;
  if (!Array.isArray(minors)) throw new Error('KubernetesMinorVersion has no enum to key the minor-keyed maps by');
  let found = 0;
  for (const def of Object.values(definitions)) {
    for (const key of MINOR_KEYED) {
      const property = def.properties?.[key];
      if (property === undefined) continue;
      property.propertyNames = { enum: minors };
      found += 1;
    }
  }
  if (found !== MINOR_KEYED.length) throw new Error(`expected ${MINOR_KEYED.length} minor-keyed maps, found ${found}`);
}

/** A module of src/, loaded from its TypeScript source (no build needed: check:imports runs before the build). */
function fromSource(file) {
  return require('tsx/cjs/api').require(`../src/${file}`, __filename);
}

/**
 * The platform lines' own keys and values, for a file that names its line (`platform.release`): the minors and
 * presets of that line, and none of the keys another line has (`nodeGroups.*.kubelet` and `.storageClass`,
 * `addons.hami`, `addonCharts.ouroboros`, …). A file that does not name its line is not constrained, since its line may
 * come from the command line (`--platform-release`). The facts are read from src/spec/platform-lines (through tsx):
 * the schema cannot drift from what the description's own check refuses. In a values file a `null` (Helm's delete)
 * is always allowed.
 */
function lineRules(definitions, nullable) {
  const { PLATFORM_LINES } = fromSource('spec/platform-lines/index.ts');
  const { BUILT_IN_ADDON_IDS } = fromSource('spec/addon-ids.ts');
  const object = nullable ? ['object', 'null'] : 'object';
  const oneOf = (values) => ({ enum: nullable ? [...values, null] : [...values] });
  const absent = (keys) => ({
    type: object,
    not: { anyOf: keys.map((k) => ({ type: 'object', required: [k], properties: { [k]: nullable ? { not: { type: 'null' } } : {} } })) },
  });
  const addonKeys = Object.keys(definitions.AddonsSpec.properties).filter((k) => BUILT_IN_ADDON_IDS.includes(k));
  return Object.values(PLATFORM_LINES).map((line) => {
    const minors = line.versions.map((v) => v.minor);
    const preset = { type: object, properties: { resourcesPreset: oneOf(line.presets) } };
    const groupKeys = [...(line.kubeletReservations ? [] : ['kubelet']), ...(line.workerStorage === 'persistent' ? [] : ['storageClass'])];
    const missing = (keys) => keys.filter((id) => line.addons[id] === undefined);
    const then = {
      properties: {
        version: oneOf(minors),
        controlPlane: {
          type: object,
          properties: {
            apiServer: preset,
            controllerManager: preset,
            scheduler: preset,
            konnectivity: { type: object, properties: { server: preset } },
          },
        },
        ...(groupKeys.length > 0 ? { nodeGroups: { type: object, additionalProperties: absent(groupKeys) } } : {}),
        ...(missing(addonKeys).length > 0 ? { addons: absent(missing(addonKeys)) } : {}),
        ...(missing(BUILT_IN_ADDON_IDS).length > 0
          ? { platform: { type: object, properties: { addonCharts: absent(missing(BUILT_IN_ADDON_IDS)) } } }
          : {}),
      },
    };
    return {
      $comment: `platform release ${line.release}: its minors, presets and keys`,
      if: {
        type: 'object',
        required: ['platform'],
        properties: { platform: { type: 'object', required: ['release'], properties: { release: { const: line.release } } } },
      },
      then,
    };
  });
}

/**
 * The syntax of the names a file gives: the cluster's (a DNS-1123 label; the tighter, line-dependent length and the
 * reserved words stay the description's own check) and the node groups' (one word). From src/spec, through tsx.
 */
function nameRules(top) {
  const { DNS1123_LABEL, MAX_LABEL_LENGTH } = fromSource('spec/names.ts');
  const { NODE_GROUP_NAME } = fromSource('spec/name-rules.ts');
  if (top.properties.name !== undefined) Object.assign(top.properties.name, { pattern: DNS1123_LABEL.source, maxLength: MAX_LABEL_LENGTH });
  const groups = top.properties.nodeGroups;
  if (groups === undefined) throw new Error('nodeGroups is not a top-level key');
  groups.propertyNames = { pattern: NODE_GROUP_NAME.source };
}

/** The schema of one file: generated, post-processed, the root type inlined with `$id`, title and description. */
function build(generator, file, spec) {
  const raw = generator.createSchema(spec.type);
  const definitions = raw.definitions;
  const top = definitions[spec.type];
  delete definitions[spec.type];
  definitions.QuantityString = {
    description: definitions.QuantityString.description,
    anyOf: [
      { type: 'string', pattern: QUANTITY_PATTERN },
      { type: 'number', exclusiveMinimum: 0 },
    ],
  };
  minorKeyedMaps(definitions);
  nameRules(top);
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:tenant-kubernetes:schema:${file.replace(/\.schema\.json$/, '')}`,
    title: spec.title,
    ...top,
    description: spec.description,
    $comment: `Generated by scripts/gen-schemas.js from ${spec.type} (${spec.source}); do not edit.`,
    definitions,
  };
  proseDefaults(schema);
  if (spec.nullable) nullableProperties(schema);
  // After the nulls: the rules say themselves where a null is allowed.
  schema.allOf = lineRules(definitions, spec.nullable === true);
  const text = JSON.stringify(sorted(schema), null, 2);
  if (text.includes(PROSE)) throw new Error(`${file}: a prose default was left in`);
  if (text.includes(`#/definitions/${spec.type}"`)) throw new Error(`${file}: the root type is referenced from inside`);
  return `${text}\n`;
}

function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--output');
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, 'schemas');
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, spec] of Object.entries(SCHEMAS)) {
    const generator = tsj.createGenerator({
      path: path.join(root, spec.source),
      tsconfig: path.join(root, 'tsconfig.json'),
      type: spec.type,
      expose: 'export',
      topRef: true,
      jsDoc: 'extended',
      skipTypeCheck: true,
      additionalProperties: false,
      sortProps: true,
    });
    fs.writeFileSync(path.join(outDir, file), build(generator, file, spec));
  }
}

main();
