/** Types of the generated validator (mapping-validate.generated.js): Ajv's ValidateFunction, narrowed. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
export declare const validate: ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
export default validate;
