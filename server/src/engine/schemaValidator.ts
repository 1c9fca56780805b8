/**
 * ajv, loaded when a schema is first compiled (a manifest, a permissions or OAuth template being checked), not when
 * the server starts: ajv and its formats are ~90 modules, and the first diagnostics of an ordinary file never need
 * them (measured on the start figure, docs/architecture.md).
 */
import type * as AjvModule from 'ajv';
import type * as Ajv2020Module from 'ajv/dist/2020';
import type * as AjvFormatsModule from 'ajv-formats';

export type { ErrorObject, ValidateFunction } from 'ajv';

type Options = { allErrors: boolean; strict: boolean };

/** A validator of JSON Schema draft-07 (ajv's default dialect). */
export function compileDraft7(schema: object, options: Options): AjvModule.ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv } = require('ajv') as typeof AjvModule;
  return new Ajv(options).compile(schema);
}

/** A validator of JSON Schema 2020-12, with the standard formats when asked. */
export function compile2020(schema: object, options: Options, formats = false): AjvModule.ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv2020 } = require('ajv/dist/2020') as typeof Ajv2020Module;
  const ajv = new Ajv2020(options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (formats) (require('ajv-formats') as typeof AjvFormatsModule).default(ajv);
  return ajv.compile(schema);
}
