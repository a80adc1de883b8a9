/**
 * Finds the runnable snippets of the docs (```ts run blocks in README.md,
 * docs/**.md and packages/*\/README.md) and turns each into a Node ESM program
 * in which `console.log(value); // → expected` checks what is printed:
 * `// → text` must match the printed text exactly, `// → < N` must print a
 * number below N.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Snippet {
  /** `file:line` of the block's opening fence. */
  readonly where: string;
  readonly source: string;
  /** How many `// →` checks the snippet has. */
  readonly checks: number;
}

function markdownFiles(root: string): string[] {
  const out = [path.join(root, 'README.md')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.md')) out.push(p);
    }
  };
  walk(path.join(root, 'docs'));
  for (const pkg of readdirSync(path.join(root, 'packages'))) {
    const readme = path.join(root, 'packages', pkg, 'README.md');
    try { statSync(readme); out.push(readme); } catch { /* a package without a README fails the packaging test */ }
  }
  return out;
}

export function findSnippets(root: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const file of markdownFiles(root)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```ts run\s*$/.test(lines[i]!)) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
      const source = body.join('\n');
      snippets.push({
        where: `${path.relative(root, file)}:${start + 1}`,
        source,
        checks: body.filter((l) => /console\.log\(.*\);?\s*\/\/ → /.test(l)).length,
      });
    }
  }
  return snippets;
}

const PRELUDE = `
import { format as __format } from 'node:util';
const __checked = new Set();
globalThis.__expect = (line, expected, ...values) => {
  const printed = __format(...values);
  console.log(printed);
  const less = /^< (.+)$/.exec(expected);
  const ok = less ? Number(printed) < Number(less[1]) : printed === expected;
  if (!ok) throw new Error('snippet line ' + line + ': expected ' + (less ? 'a number below ' + less[1] : JSON.stringify(expected)) + ', printed ' + JSON.stringify(printed));
  __checked.add(line);
};
process.on('beforeExit', () => { console.log('__CHECKED__ ' + __checked.size); });
`;

/** The snippet as an ESM program (types stripped), with its `// →` checks wired in. */
export function toProgram(snippet: Snippet): string {
  const lines = snippet.source.split('\n').map((l, i) => {
    const m = /^(\s*)console\.log\((.*)\);?\s*\/\/ → (.*?)\s*$/.exec(l);
    return m ? `${m[1]}__expect(${i + 1}, ${JSON.stringify(m[3])}, ${m[2]});` : l;
  });
  const js = ts.transpileModule(lines.join('\n'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
  // Imports must stay first: hoist the prelude's own import and the snippet's imports above the prelude body.
  return `${PRELUDE}\n${js}`;
}
