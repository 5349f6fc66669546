// Makes generated cdk8s classes manifest-only, so that the library runs without cdk8s and constructs.
//
// `cdk8s import` (imports/*.ts) and cdk8s-plus-28 (imports/k8s.js, k8s.d.ts) generate every kind as a class that
// extends cdk8s's ApiObject, with a constructor taking a construct scope. The library uses only their static side —
// `GVK`, `manifest()`, the `toJson_*` functions, enums and value classes — and wraps rendered objects in cdk8s's own
// ApiObject in its cdk8s adapter. Keeping the base class would make every entry point (the Pulumi component, the
// CLI) require cdk8s at run time. This removes, by their positions in the TypeScript syntax tree (everything else is
// left byte for byte): the cdk8s and constructs imports (and `require("cdk8s")`), `extends ApiObject`, the
// constructors and the instance `toJson()` of those classes; the types they used come from imports/meta.ts.
// Used by import-crds.js (imports/*.ts) and k8s-imports.js (k8s.js, k8s.d.ts).
'use strict';
const ts = require('typescript');

/** The two cdk8s types the generated code refers to, as imports/meta.ts declares them (written by import-crds.js). */
const META = `// Written by scripts/import-crds.js (manifest-only.js): the cdk8s types the generated classes refer to, declared
// here so that the library's generated code needs neither cdk8s nor constructs. Do not edit.

/** The apiVersion and kind of an object. */
export interface GroupVersionKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The metadata of an object, as rendered (the fields of Kubernetes's ObjectMeta that callers set). */
export interface ApiObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
  readonly finalizers?: string[];
  readonly ownerReferences?: ReadonlyArray<{
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly uid: string;
    readonly blockOwnerDeletion?: boolean;
    readonly controller?: boolean;
  }>;
  readonly [key: string]: unknown;
}
`;

const FRAMEWORK = new Set(['cdk8s', 'constructs']);
const isApiObject = (text) => text === 'ApiObject' || /^cdk8s_\d+\.ApiObject$/.test(text);

/**
 * Returns `text` with the construct side of every ApiObject class removed. `meta`: the module specifier that the
 * types GroupVersionKind and ApiObjectMetadata are imported from instead of cdk8s (none for JavaScript).
 */
function manifestOnly(text, file, meta) {
  const kind = file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const cuts = [];
  const cut = (node, replacement = '') => cuts.push([node.getFullStart(), node.getEnd(), replacement]);
  let classes = 0;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && FRAMEWORK.has(statement.moduleSpecifier.text)) {
      const names = statement.importClause?.namedBindings?.elements?.map((e) => e.name.text) ?? [];
      const types = names.filter((n) => n === 'GroupVersionKind' || n === 'ApiObjectMetadata');
      cut(statement, types.length > 0 && meta ? `\nimport type { ${types.join(', ')} } from '${meta}';` : '');
    } else if (ts.isVariableStatement(statement) && /require\("(cdk8s|constructs)"\)/.test(statement.getText(source))) {
      cut(statement);
    } else if (ts.isClassDeclaration(statement)) {
      const heritage = statement.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
      if (!heritage || !isApiObject(heritage.types[0].expression.getText(source))) continue;
      classes++;
      cut(heritage);
      for (const member of statement.members) {
        const isToJson =
          (ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) &&
          member.name.getText(source) === 'toJson' &&
          !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (ts.isConstructorDeclaration(member) || isToJson) cut(member);
      }
    }
  }
  let out = text;
  for (const [start, end, replacement] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  const left = /\bApiObject\b(?!Metadata)|\bConstruct\b|require\("cdk8s"\)/.exec(out);
  if (left) throw new Error(`${file}: "${left[0]}" is still referenced after making the classes manifest-only`);
  return { text: out, classes };
}

module.exports = { manifestOnly, META };
