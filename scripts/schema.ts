/** `npm run schema`: writes mappings/uptycs-agent-mapping.schema.json from src/plan/mapping.ts. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../src/package/manifest.js';
import { editorSchema } from '../src/plan/mapping.js';

const file = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../mappings/uptycs-agent-mapping.schema.json',
);
writeFileSync(file, canonicalJson(editorSchema()));
console.log(`wrote ${file}`);
