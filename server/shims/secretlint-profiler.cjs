'use strict';
// Stands in for @secretlint/profiler in the server bundle (scripts/build.mjs). The real one starts a
// PerformanceObserver when it loads and keeps every mark secretlint makes (without bound, in a long-running server);
// the engine never reads them. secretlint calls mark() and, from its CLI only, the getters.
class SecretLintProfiler {
  mark() {}
  async getEntries() {
    return [];
  }
  async getMeasures() {
    return [];
  }
}
module.exports = { SecretLintProfiler, secretLintProfiler: new SecretLintProfiler() };
