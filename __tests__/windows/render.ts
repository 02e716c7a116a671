/**
 * Renders the Windows scripts for a sample MSI exactly as the build does (loadTemplates +
 * renderScripts) into a folder, for the Pester suite: `tsx __tests__/windows/render.ts OUT_DIR`.
 * Prints the rendered file names, one a line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplates, renderScripts } from '../../src/package/scripts.js';

export const SAMPLE = {
  installer: 'assets-uptycs-protect-5.7.0.25-Uptycs-windows.msi',
  version: '5.7.0.25',
  packageName: 'UptycsAgentTest',
} as const;

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx __tests__/windows/render.ts OUT_DIR');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const templates = await loadTemplates(path.join(root, 'templates'));
mkdirSync(out, { recursive: true });
for (const script of renderScripts(templates, 'msi', SAMPLE)) {
  writeFileSync(path.join(out, script.name), script.content);
  console.log(script.name);
}
