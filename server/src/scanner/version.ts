/** Bumped when findings for the same input may change, so old cache files are not trusted. */
export const ENGINE_VERSION_FOR_CACHE = 'microapp-guard-cache-2';
