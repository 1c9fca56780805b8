/**
 * The registration manifest's JSON Schema: schemas/registration-manifest.schema.json itself, bundled by the build
 * (the file editors validate against and the one the engine checks with are the same file).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const manifestSchema: Record<string, unknown> = require('../../../../../schemas/registration-manifest.schema.json');
