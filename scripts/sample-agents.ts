/**
 * Lays out the sample installers (__tests__/fixtures/installers) as an agents-dir for the bundled
 * mapping: one subfolder per mapping dir. CI's smoke and Windows jobs run the action on it.
 *   tsx scripts/sample-agents.ts <agents-dir>
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from '../__tests__/helpers/agents.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/sample-agents.ts <agents-dir>');
  process.exit(2);
}
layoutAgentsDir(path.join(root, 'mappings/uptycs-agent-mapping.json'), path.resolve(out), SAMPLE_INSTALLERS);
console.log(path.resolve(out));
