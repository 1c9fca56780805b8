/** Bumped when findings for the same input may change or the cache's format changes, so old cache files are not trusted. */
export const ENGINE_VERSION_FOR_CACHE = 'microapp-guard-cache-6';
