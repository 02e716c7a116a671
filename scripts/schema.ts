/**
 * `npm run schema`: writes mappings/uptycs-agent-mapping.schema.json (the editors' schema) and
 * src/plan/mapping-validate.generated.js (the validator every run uses) from src/plan/.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { canonicalJson } from '../src/package/manifest.js';
import { editorSchema } from '../src/plan/mapping.js';
import { VALIDATOR_FILE, validatorSource } from './mapping-validator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [rel, text] of [
  ['mappings/uptycs-agent-mapping.schema.json', canonicalJson(editorSchema())],
  [VALIDATOR_FILE, validatorSource()],
]) {
  const file = path.join(root, rel!);
  // The schema is formatted as prettier would; the generated JavaScript is left as Ajv wrote it.
  writeFileSync(
    file,
    rel!.endsWith('.json') ? await format(text!, { ...(await resolveConfig(file)), filepath: file }) : text!,
  );
  console.log(`wrote ${rel}`);
}
