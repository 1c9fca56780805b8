'use strict';
// The shape of server/src, read with the TypeScript compiler's own parser: no import cycle (type-only imports
// count: they are what held the old core cycle together), and no import of a family's folder from outside it
// except by the registry (the one module that names families) and engine/internals.ts (the building blocks
// exposed to unit tests, the benchmark and the docs generator, which no adapter imports).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const SRC = path.join(__dirname, '..', '..', 'server', 'src');

function tsFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every relative module a file names: imports, `export ... from`, `import()` calls and types, `require()`. */
function specifiers(file) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) out.push(n.moduleReference.expression.text);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text);
    else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0]) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out.filter((s) => s.startsWith('.'));
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile() && c.endsWith('.ts')) return c;
  return undefined;
}

function importGraph(root) {
  const graph = new Map();
  for (const f of tsFiles(root)) graph.set(f, [...new Set(specifiers(f).map((s) => resolve(f, s)).filter(Boolean))]);
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const connect = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(c);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return out;
}

/** Imports of `engine/rules/<family>/` from outside that folder, but for the allowed importers. */
function familyImportsFromOutside(graph, root, allowed) {
  const rel = (p) => path.relative(root, p).split(path.sep).join('/');
  const out = [];
  for (const [from, deps] of graph) {
    const f = rel(from);
    if (allowed.includes(f)) continue;
    for (const d of deps) {
      const m = /^engine\/rules\/([^/]+)\//.exec(rel(d));
      if (m && !f.startsWith(`engine/rules/${m[1]}/`)) out.push(`${f} -> ${rel(d)}`);
    }
  }
  return out.sort();
}

const ALLOWED = ['engine/registry.ts', 'engine/internals.ts'];

describe('architecture of server/src', () => {
  const graph = importGraph(SRC);
  const rel = (p) => path.relative(SRC, p).split(path.sep).join('/');

  it('reads the source tree (the checks below see every file)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.ok([...graph.keys()].some((f) => rel(f) === 'engine/registry.ts'));
  });

  it('has no import cycle (type-only imports included)', () => {
    assert.deepStrictEqual(cycles(graph).map((c) => c.map(rel).sort().join(' <-> ')), []);
  });

  it('imports a family folder only from inside it, the registry and the test surface (engine/internals.ts)', () => {
    assert.deepStrictEqual(familyImportsFromOutside(graph, SRC, ALLOWED), []);
  });

  it('keeps the test surface out of the adapters and the engine out of the VS Code client', () => {
    const bad = [];
    for (const [from, deps] of graph) for (const d of deps) if (rel(d) === 'engine/internals.ts' && rel(from) !== 'engine/index.ts') bad.push(`${rel(from)} -> engine/internals.ts`);
    assert.deepStrictEqual(bad, []);
    const client = importGraph(path.join(SRC, '..', '..', 'client', 'src'));
    for (const deps of client.values()) for (const d of deps) assert.ok(!d.startsWith(SRC), `the client imports ${d}`);
  });

  it('the checks fail where they should: a cycle, a type-only cycle and an outside import in a scratch tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-arch-'));
    try {
      const w = (p, text) => {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      };
      w('engine/a.ts', "import { b } from './b';\nexport const a = b;\n");
      w('engine/b.ts', "export { a } from './a';\nexport const b = 1;\n");
      w('engine/c.ts', "import type { D } from './d';\nexport type C = D;\n");
      w('engine/d.ts', "export type D = import('./c').C;\n");
      w('engine/rules/fam/index.ts', "export const fam = 1;\n");
      w('engine/core.ts', "import { fam } from './rules/fam';\nexport const x = fam;\n");
      w('engine/registry.ts', "import { fam } from './rules/fam';\nexport const y = fam;\n");
      const g = importGraph(dir);
      const found = cycles(g).map((c) => c.map((p) => path.basename(p)).sort().join(','));
      assert.deepStrictEqual(found.sort(), ['a.ts,b.ts', 'c.ts,d.ts']);
      assert.deepStrictEqual(familyImportsFromOutside(g, dir, ALLOWED), ['engine/core.ts -> engine/rules/fam/index.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
