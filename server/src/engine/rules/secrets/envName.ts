/** Converts an identifier-ish key (camelCase, kebab, dotted) to an ENV_NAME. */
export function toEnvName(key: string): string {
  const name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!name) return 'SECRET';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
