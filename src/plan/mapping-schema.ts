/**
 * The JSON Schema of the original mapping format: structure and types only (meaning is checked in
 * mapping.ts, with messages that say how to fix a value). `npm run schema` compiles it with Ajv into
 * mapping-validate.generated.js, so that no run pays for loading Ajv and compiling the schema
 * (about 100 ms of every start); a test keeps the generated file current.
 */
const FIELD = { type: 'string' } as const;
export const ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['upt_package', 'dir', 'name', 'major_version', 'arch_type'],
  properties: {
    upt_package: FIELD,
    id: FIELD,
    dir: FIELD,
    name: FIELD,
    major_version: FIELD,
    minor_version: FIELD,
    arch_type: FIELD,
  },
} as const;

/** The whole file: an object with a "linux" and a "windows" array of entries. */
export const MAPPING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    linux: { type: 'array', items: ENTRY_SCHEMA },
    windows: { type: 'array', items: ENTRY_SCHEMA },
  },
} as const;
