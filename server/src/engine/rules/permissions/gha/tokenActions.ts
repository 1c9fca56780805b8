/**
 * Which steps use the GITHUB_TOKEN, and what it must be allowed for them: data, each entry with its source (the
 * action's `action.yml`, where an input defaults to `${{ github.token }}`, or its README's "permissions" section).
 * Kept small on purpose: the common checkout, release, pull-request, package and Pages actions, plus the shell
 * commands that write with the token. An action not listed uses the token only when the step names it
 * (`secrets.GITHUB_TOKEN`, `github.token`). What GitHub Actions documents for the scopes:
 * https://docs.github.com/actions/writing-workflows/workflow-syntax-for-github-actions#permissions
 */

/** A scope and the level a step needs. */
export type Level = 'read' | 'write';
export type Needs = Record<string, Level>;

export interface TokenAction {
  /** `owner/repo` (or `owner/repo/path`) before the `@`, lower-cased. */
  action: string;
  /** What the step needs when it runs with its defaults. */
  needs: Needs;
  /** `with:` inputs that raise the needs (input name, value test, extra needs). */
  when?: Array<{ input: string; test: RegExp; needs: Needs }>;
  source: string;
}

const GH = 'https://github.com/';
export const TOKEN_ACTIONS: readonly TokenAction[] = [
  // Implicit token: `token` defaults to ${{ github.token }}; reading the repository needs contents: read.
  { action: 'actions/checkout', needs: { contents: 'read' }, source: `${GH}actions/checkout/blob/main/action.yml` },
  { action: 'actions/github-script', needs: { contents: 'read' }, source: `${GH}actions/github-script/blob/main/action.yml` },
  { action: 'actions/labeler', needs: { contents: 'read', 'pull-requests': 'write' }, source: `${GH}actions/labeler#permissions` },
  { action: 'actions/stale', needs: { issues: 'write', 'pull-requests': 'write' }, source: `${GH}actions/stale#recommended-permissions` },
  { action: 'actions/first-interaction', needs: { issues: 'write', 'pull-requests': 'write' }, source: `${GH}actions/first-interaction/blob/main/action.yml` },
  { action: 'actions/dependency-review-action', needs: { contents: 'read' }, when: [{ input: 'comment-summary-in-pr', test: /^(always|on-failure|true)$/, needs: { 'pull-requests': 'write' } }], source: `${GH}actions/dependency-review-action#configuration-options` },
  { action: 'actions/deploy-pages', needs: { pages: 'write', 'id-token': 'write' }, source: `${GH}actions/deploy-pages#usage` },
  { action: 'actions/create-release', needs: { contents: 'write' }, source: `${GH}actions/create-release#example-workflow---create-a-release` },
  { action: 'actions/upload-release-asset', needs: { contents: 'write' }, source: `${GH}actions/upload-release-asset` },
  { action: 'github/codeql-action/upload-sarif', needs: { 'security-events': 'write', contents: 'read', actions: 'read' }, source: 'https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/uploading-a-sarif-file-to-github#uploading-a-code-scanning-analysis-with-github-actions' },
  { action: 'github/codeql-action/analyze', needs: { 'security-events': 'write', contents: 'read', actions: 'read' }, source: `${GH}github/codeql-action#permissions` },
  // Release and pull-request actions (token input defaults to github.token).
  { action: 'softprops/action-gh-release', needs: { contents: 'write' }, source: `${GH}softprops/action-gh-release#permissions` },
  { action: 'ncipollo/release-action', needs: { contents: 'write' }, source: `${GH}ncipollo/release-action/blob/main/action.yml` },
  { action: 'googleapis/release-please-action', needs: { contents: 'write', 'pull-requests': 'write' }, source: `${GH}googleapis/release-please-action#basic-configuration` },
  { action: 'google-github-actions/release-please-action', needs: { contents: 'write', 'pull-requests': 'write' }, source: `${GH}googleapis/release-please-action#basic-configuration` },
  { action: 'release-drafter/release-drafter', needs: { contents: 'write', 'pull-requests': 'write' }, source: `${GH}release-drafter/release-drafter#usage` },
  { action: 'changesets/action', needs: { contents: 'write', 'pull-requests': 'write' }, source: `${GH}changesets/action#usage` },
  { action: 'peter-evans/create-pull-request', needs: { contents: 'write', 'pull-requests': 'write' }, source: `${GH}peter-evans/create-pull-request#workflow-permissions` },
  { action: 'peter-evans/create-or-update-comment', needs: { issues: 'write', 'pull-requests': 'write' }, source: `${GH}peter-evans/create-or-update-comment#action-inputs` },
  { action: 'marocchino/sticky-pull-request-comment', needs: { 'pull-requests': 'write' }, source: `${GH}marocchino/sticky-pull-request-comment#usage` },
  { action: 'thollander/actions-comment-pull-request', needs: { 'pull-requests': 'write' }, source: `${GH}thollander/actions-comment-pull-request#permissions` },
  { action: 'stefanzweifel/git-auto-commit-action', needs: { contents: 'write' }, source: `${GH}stefanzweifel/git-auto-commit-action#usage` },
  { action: 'endbug/add-and-commit', needs: { contents: 'write' }, source: `${GH}EndBug/add-and-commit#inputs` },
  { action: 'jamesives/github-pages-deploy-action', needs: { contents: 'write' }, source: `${GH}JamesIves/github-pages-deploy-action#getting-started-airplane` },
  { action: 'peaceiris/actions-gh-pages', needs: { contents: 'write' }, source: `${GH}peaceiris/actions-gh-pages#%EF%B8%8F-first-deployment-with-github_token` },
  { action: 'dorny/test-reporter', needs: { checks: 'write', contents: 'read' }, source: `${GH}dorny/test-reporter#recommended-setup-for-public-repositories` },
  { action: 'mikepenz/action-junit-report', needs: { checks: 'write' }, source: `${GH}mikepenz/action-junit-report#pr-run-permissions` },
  { action: 'goreleaser/goreleaser-action', needs: { contents: 'write' }, source: 'https://goreleaser.com/ci/actions/#token-permissions' },
  // A container push to the GitHub registry with the job's token.
  { action: 'docker/login-action', needs: {}, when: [{ input: 'registry', test: /^ghcr\.io\b/, needs: { packages: 'write' } }], source: `${GH}docker/login-action#github-container-registry` },
  { action: 'actions/setup-node', needs: {}, when: [{ input: 'registry-url', test: /npm\.pkg\.github\.com/, needs: { packages: 'write' } }], source: 'https://docs.github.com/packages/working-with-a-github-packages-registry/working-with-the-npm-registry#publishing-packages-using-github-actions' },
];

/** Shell commands of `run:` steps that write with the token (they need it in the environment, which says so). */
export const RUN_WRITERS: ReadonlyArray<{ test: RegExp; needs: Needs; what: string }> = [
  { test: /\bgit\s+push\b/, needs: { contents: 'write' }, what: 'git push' },
  { test: /\bgh\s+release\s+(create|upload|edit|delete)\b/, needs: { contents: 'write' }, what: 'gh release' },
  { test: /\bgh\s+pr\s+(create|merge|comment|edit|review|close)\b/, needs: { 'pull-requests': 'write' }, what: 'gh pr' },
  { test: /\bgh\s+issue\s+(create|comment|edit|close)\b/, needs: { issues: 'write' }, what: 'gh issue' },
  { test: /\bdocker\s+(push|login)\s+[^\n]*\bghcr\.io\b|\bghcr\.io\/[^\s]+[^\n]*\bdocker\s+push\b/, needs: { packages: 'write' }, what: 'docker push to ghcr.io' },
  { test: /\bsemantic-release\b/, needs: { contents: 'write', issues: 'write', 'pull-requests': 'write' }, what: 'semantic-release' },
];

/** The action of a `uses:` value (`owner/repo[/path]`, lower-cased), or undefined for local and docker actions. */
export function actionName(uses: string): string | undefined {
  const m = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.\/-]+?)(@|$)/.exec(uses.trim());
  return m && !uses.startsWith('./') && !uses.startsWith('docker://') ? m[1].toLowerCase() : undefined;
}

export function tokenAction(uses: string): TokenAction | undefined {
  const name = actionName(uses);
  return name ? TOKEN_ACTIONS.find((a) => a.action === name) : undefined;
}

/** `a` with `b` added (write over read). */
export function mergeNeeds(a: Needs, b: Needs): Needs {
  const out: Needs = { ...a };
  for (const [k, v] of Object.entries(b)) if (out[k] !== 'write') out[k] = v;
  return out;
}

const ORDER = ['contents', 'actions', 'checks', 'deployments', 'id-token', 'issues', 'packages', 'pages', 'pull-requests', 'security-events', 'statuses'];
/** Scopes in a stable order (contents first). */
export function sortedNeeds(n: Needs): Array<[string, Level]> {
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return Object.entries(n).sort((x, y) => rank(x[0]) - rank(y[0]) || x[0].localeCompare(y[0]));
}
