/**
 * Lays out the sample installers (__tests__/fixtures/installers) as an agents-dir for the bundled
 * mapping: one subfolder per mapping dir. CI's smoke and Windows jobs run the action on it.
 *   tsx scripts/sample-agents.ts <agents-dir>
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutAgentsDir, type Kind } from '../__tests__/helpers/agents.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = path.join(root, '__tests__/fixtures/installers');
const name = (suffix: string) => path.join(samples, `assets-uptycs-protect-5.7.0.25-Uptycs${suffix}`);
const set: Record<Kind, string> = {
  'centos/x86_64': name('.rpm'),
  'centos/arm64': name('.aarch64.rpm'),
  'debian/x86_64': name('.deb'),
  'debian/arm64': name('.arm64.deb'),
  'windows/x86_64': name('-windows.msi'),
};
const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/sample-agents.ts <agents-dir>');
  process.exit(2);
}
layoutAgentsDir(path.join(root, 'mappings/uptycs-agent-mapping.json'), path.resolve(out), set);
console.log(path.resolve(out));
