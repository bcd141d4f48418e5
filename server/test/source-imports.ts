// Reading server/src's own imports, for the tests that hold its layering (errors.test.ts,
// boundaries.test.ts): every module specifier of a source, and every source file under a folder.
import fs from 'node:fs';
import path from 'node:path';

/** Every module specifier a source imports or re-exports: `import … from`, `import '…'`, `export … from`, `import('…')`. */
export function specifiersOf(source: string): string[] {
  const pattern = /(?:\bfrom|\bimport)\s*\(?\s*(['"])([^'"\n]+)\1/g;
  return [...source.matchAll(pattern)].map((match) => match[2]!);
}

/** The files a source imports by relative path, resolved. */
export const relativeImportsOf = (file: string, source: string): string[] =>
  specifiersOf(source)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.resolve(path.dirname(file), specifier));

export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
