import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

/**
 * Bundles entries the way the app ships its workers (one ES module per entry, dependencies left
 * to node_modules) into `outDir`, so the benchmark runs the current source without a TypeScript
 * loader. Returns the built file of each entry.
 */
export async function bundleEntries(
  repoRoot: string,
  entries: Record<string, string>,
  outDir: string,
): Promise<Record<string, string>> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const built: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    await build({
      configFile: false,
      logLevel: 'warn',
      root: repoRoot,
      build: {
        ssr: entry,
        outDir,
        emptyOutDir: false,
        minify: false,
        target: 'node20',
        rollupOptions: { output: { format: 'es', entryFileNames: `${name}.mjs` } },
      },
    });
    built[name] = path.join(outDir, `${name}.mjs`);
  }
  return built;
}
