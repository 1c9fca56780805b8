/**
 * Whether a text holds a credential, for every output that copies text from the workspace (the manifest's values
 * and keys, names it infers): such text is left out, never masked in place. The families that know credential
 * shapes answer (`Family.containsCredential`); the registry connects them here, so no module needs to import a
 * family to ask.
 */
let finder: (text: string) => boolean = () => false;

export function containsCredential(text: string): boolean {
  return finder(text);
}

/** Called by the registry with the registered families' answers. */
export function setCredentialFinder(f: (text: string) => boolean): void {
  finder = f;
}
