/** The product version (package.json's; a test keeps them equal). Reported by the CLI, the server and SARIF. */
export const VERSION = '0.2.0';
