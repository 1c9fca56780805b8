/**
 * Azure role assignments: Terraform `azurerm_role_assignment` and ARM
 * templates (`Microsoft.Authorization/roleAssignments`, nested resources too).
 *
 * Built-in role definition ids (Microsoft Learn, "Azure built-in roles"):
 * Owner 8e3af657-a8ff-443c-a75c-2fe8c4bcb635, Contributor
 * b24988ac-6180-42a0-ab88-20f7382dd24c, User Access Administrator
 * 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9.
 *
 * ## Scope
 *
 * - `management group` / `subscription`: a literal `/providers/Microsoft.Management/managementGroups/..`
 *   or `/subscriptions/<id>` without `/resourceGroups/` (templates included:
 *   `/subscriptions/${var.id}` is still a subscription); a reference to
 *   `data.azurerm_subscription.*`, `azurerm_subscription.*`,
 *   `(data.)azurerm_management_group.*`; in ARM, a subscription or
 *   management-group deployment schema without a `scope` property, or
 *   `subscription().id`.
 * - `resource group`: `/resourceGroups/<name>` as the last segment, a reference
 *   to `(data.)azurerm_resource_group.*.id`, an ARM resource-group deployment
 *   without `scope`, or `resourceGroup().id`.
 * - `resource`: anything below a resource group (literal or a reference to
 *   another resource's id).
 * - `unknown`: variables and other expressions. Judged as unknown, never as
 *   a resource: the grant is at least moderate; a privileged role at an
 *   unknown scope is reported as info.
 *
 * ## Rule `iam/azure-privileged-role` and classification
 *
 * Owner / User Access Administrator / RBAC Administrator (can grant access):
 * error at subscription or management-group scope, warning at resource-group
 * scope, info at an unknown scope; broad at any scope above a single resource.
 * Contributor: warning at subscription or management-group scope (broad),
 * not reported at resource-group scope (moderate). Any role at subscription
 * or management-group scope is at least moderate; other roles on a resource
 * group or a resource are narrow.
 */
import type { HclFile } from '../../../formats/hcl';
import { get, str, type PNode } from '../../../formats/tree';
import { broader, type Grant, type GrantClass, type RawFinding } from '../grants';
import { attr, blocksOf, written } from '../terraform';
import { bicepResources } from '../../../formats/bicep';

const AZURE_ROLE_IDS: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
};
const GRANTS_ACCESS = new Set(['Owner', 'User Access Administrator', 'Role Based Access Control Administrator']);
const PRIVILEGED = new Set([...GRANTS_ACCESS, 'Contributor']);

export type AzureScope = 'management group' | 'subscription' | 'resource group' | 'resource' | 'unknown';

export function scopeOfString(s: string): AzureScope {
  const v = s.replace(/\$\{[^}]*\}/g, 'X');
  if (/\/providers\/Microsoft\.Management\/managementGroups\//i.test(v) && !/\/subscriptions\//i.test(v)) return 'management group';
  if (/^\/?subscriptions\/[^/]+\/?$/i.test(v.trim())) return 'subscription';
  if (/^\/?subscriptions\/[^/]+\/resourceGroups\/[^/]+\/?$/i.test(v.trim())) return 'resource group';
  if (/\/resourceGroups\/[^/]+\/providers\//i.test(v)) return 'resource';
  return 'unknown';
}

function scopeOfTf(n: PNode | undefined): AzureScope {
  if (!n) return 'unknown';
  if (n.type === 'string') return scopeOfString(n.value);
  if (n.type === 'unknown') {
    if (n.inner?.type === 'string') return scopeOfString(n.inner.value);
    const t = n.tag ?? '';
    if (/^(data\.)?azurerm_subscription\./.test(t)) return 'subscription';
    if (/^(data\.)?azurerm_management_group\./.test(t)) return 'management group';
    if (/^(data\.)?azurerm_resource_group\.[^.]+\.id$/.test(t)) return 'resource group';
    if (/^(data\.)?azurerm_[a-z0-9_]+\.[^.]+\.id$/.test(t)) return 'resource';
  }
  return 'unknown';
}

function roleFromId(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(s);
  return m ? AZURE_ROLE_IDS[m[1].toLowerCase()] : undefined;
}

function classifyAzure(role: string | undefined, scope: AzureScope): { cls: GrantClass; reason: string } {
  const high = scope === 'subscription' || scope === 'management group';
  if (role && GRANTS_ACCESS.has(role) && scope !== 'resource') return { cls: 'broad', reason: `${role} at ${scope} scope can grant access` };
  if (role === 'Contributor' && high) return { cls: 'broad', reason: `Contributor at ${scope} scope` };
  let cls: GrantClass = 'narrow';
  if (high || scope === 'unknown' || role === undefined) cls = 'moderate';
  if (role === 'Contributor') cls = broader(cls, 'moderate');
  if (role && GRANTS_ACCESS.has(role)) cls = broader(cls, 'moderate');
  return { cls, reason: `${role ?? 'role not known statically'} at ${scope} scope` };
}

function privilegedFinding(role: string | undefined, scope: AzureScope, label: string, at: { start: number; end: number }): RawFinding | undefined {
  if (!role || !PRIVILEGED.has(role)) return undefined;
  const high = scope === 'subscription' || scope === 'management group';
  let severity: RawFinding['severity'] | undefined;
  if (GRANTS_ACCESS.has(role)) severity = high ? 'error' : scope === 'resource group' ? 'warning' : scope === 'unknown' ? 'info' : undefined;
  else severity = high ? 'warning' : undefined;
  if (!severity) return undefined;
  const what = GRANTS_ACCESS.has(role) ? 'it can grant any access to anyone' : 'it can change every resource';
  return {
    ruleId: 'iam/azure-privileged-role',
    severity,
    message: `${label} assigns ${role} at ${scope === 'unknown' ? 'a scope not known statically' : `${scope} scope`}: ${what}${scope === 'unknown' ? '' : ` in the ${scope}`}. Assign a narrower built-in role on the resource group or resource that needs it.`,
    ...at,
  };
}

export function checkAzureTerraform(file: HclFile): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  for (const { block, name } of blocksOf(file.blocks, 'resource', /^azurerm_role_assignment$/)) {
    const nameAttr = attr(block.body, 'role_definition_name');
    const idAttr = attr(block.body, 'role_definition_id');
    const role = nameAttr?.value.type === 'string' ? nameAttr.value.value : roleFromId(written(idAttr?.value));
    const scope = scopeOfTf(attr(block.body, 'scope')?.value);
    const roleNode = nameAttr?.value ?? idAttr?.value;
    const f = privilegedFinding(role, scope, `azurerm_role_assignment.${name}`, roleNode ?? block.labels[0]);
    if (f) findings.push(f);
    const c = classifyAzure(role, scope);
    grants.push({ provider: 'azure', principal: written(attr(block.body, 'principal_id')?.value), actions: [], role: role ?? written(roleNode), resources: [written(attr(block.body, 'scope')?.value) ?? scope], class: c.cls, reason: c.reason, start: block.start, end: block.end });
  }
  return { findings, grants };
}

// ---- ARM ----------------------------------------------------------------------

/** Whether a JSON root looks like an ARM deployment template. */
export function isArmTemplate(root: PNode | undefined): boolean {
  const schema = str(get(root, '$schema'));
  return !!schema && /schema\.management\.azure\.com\/schemas\/.*[dD]eploymentTemplate\.json/.test(schema);
}

function armDefaultScope(root: PNode): AzureScope {
  const schema = str(get(root, '$schema')) ?? '';
  if (/subscriptionDeploymentTemplate/i.test(schema)) return 'subscription';
  if (/managementGroupDeploymentTemplate/i.test(schema)) return 'management group';
  if (/tenantDeploymentTemplate/i.test(schema)) return 'management group';
  return 'resource group';
}

function armScope(s: string): AzureScope {
  if (/^\[\s*subscription\(\)\.id\s*\]$/i.test(s)) return 'subscription';
  if (/^\[\s*resourceGroup\(\)\.id\s*\]$/i.test(s)) return 'resource group';
  if (/^\[/.test(s)) return /resourceId\(/i.test(s) ? 'resource' : 'unknown';
  return scopeOfString(s);
}

/** The role of an ARM roleDefinitionId, resolving `variables('x')` / `parameters('x')` defaults. */
function armRole(root: PNode, s: string): string | undefined {
  const direct = roleFromId(s);
  if (direct) return direct;
  const ref = /(variables|parameters)\(\s*'([^']+)'\s*\)/.exec(s);
  if (!ref) return undefined;
  const holder = ref[1] === 'variables' ? get(get(root, 'variables'), ref[2]) : get(get(get(root, 'parameters'), ref[2]), 'defaultValue');
  return roleFromId(str(holder));
}

export function checkArmTemplate(root: PNode | undefined): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  if (!root || !isArmTemplate(root)) return { findings, grants };
  const deflt = armDefaultScope(root);
  const visit = (resources: PNode | undefined, depth: number): void => {
    if (resources?.type !== 'array' || depth > 5) return;
    for (const r of resources.items) {
      const type = str(get(r, 'type'));
      if (type && /^Microsoft\.Authorization\/roleAssignments$/i.test(type)) {
        const props = get(r, 'properties');
        const idNode = get(props, 'roleDefinitionId');
        const idText = str(idNode);
        const role = idText ? armRole(root, idText) : undefined;
        const scopeText = str(get(r, 'scope'));
        const scope = scopeText ? armScope(scopeText) : deflt;
        const name = str(get(r, 'name')) ?? 'roleAssignment';
        const f = privilegedFinding(role, scope, `Role assignment ${name}`, idNode ?? r);
        if (f) findings.push(f);
        const c = classifyAzure(role, scope);
        grants.push({ provider: 'azure', principal: str(get(props, 'principalId')), actions: [], role: role ?? idText, resources: [scopeText ?? scope], class: c.cls, reason: c.reason, start: r.start, end: r.end });
      }
      visit(get(r, 'resources'), depth + 1);
      // Nested deployments (Microsoft.Resources/deployments with an inline template).
      visit(get(get(get(r, 'properties'), 'template'), 'resources'), depth + 1);
    }
  };
  visit(get(root, 'resources'), 0);
  return { findings, grants };
}

// ---- custom role definitions -------------------------------------------------------

/**
 * Custom role definitions: Terraform `azurerm_role_definition` (`permissions { actions, not_actions, data_actions,
 * not_data_actions }`, `assignable_scopes`) and ARM `Microsoft.Authorization/roleDefinitions` (`properties.permissions[]`
 * with `actions`, `notActions`, `dataActions`, `notDataActions`; `assignableScopes`). Bicep is read once compiled to
 * Bicep (`resource ... 'Microsoft.Authorization/roleDefinitions@...' = { ... }`, the literal body read by
 * formats/bicep.ts; expressions are not known statically).
 *
 * Rule `iam/azure-custom-role-wildcard` and classification, per permissions block (a grant):
 * - `broad`: `*` in actions (error when notActions does not take `Microsoft.Authorization/*` writes out: it is Owner;
 *   warning otherwise: Contributor), a wildcard provider (`Microsoft.*`, `*` then `/write`, `/delete`, `/action`), a whole
 *   provider (`Microsoft.Compute/` then `*`; error for `Microsoft.Authorization`); in dataActions `*` (error) or a
 *   whole provider or provider wildcard (warning).
 * - `moderate`: `*\/read` and provider reads (`Microsoft.Storage/*\/read`), a resource type's every action
 *   (`Microsoft.Storage/storageAccounts/` then `*`), anything not known statically.
 * - `narrow`: named actions.
 * Source of the action syntax: https://learn.microsoft.com/azure/role-based-access-control/role-definitions#actions-format
 */
interface ActionItem {
  value?: string;
  node: PNode;
}
interface PermBlock {
  actions: ActionItem[];
  notActions: string[];
  dataActions: ActionItem[];
  notDataActions: string[];
  start: number;
  end: number;
}

type Breadth = { cls: GrantClass; severity?: RawFinding['severity']; why?: string };

function judgeAction(a: string, data: boolean, notActions: string[]): Breadth {
  const v = a.trim();
  const authzOut = notActions.some((n) => /^Microsoft\.Authorization\/(\*|\*\/(write|delete)|[^/]+\/(write|delete|\*))$/i.test(n.trim()));
  if (v === '*') {
    if (data) return { cls: 'broad', severity: 'error', why: 'every data action: reads and writes the data of every resource (blobs, secrets, keys, messages)' };
    return authzOut ? { cls: 'broad', severity: 'warning', why: 'every action but access management: Contributor in all but name' } : { cls: 'broad', severity: 'error', why: 'every action, access management included: Owner in all but name' };
  }
  const [provider, ...rest] = v.split('/');
  const tail = rest.join('/');
  if (provider.includes('*')) {
    if (/(^|\/)read$/i.test(tail)) return { cls: 'moderate' };
    return { cls: 'broad', severity: 'warning', why: 'matches actions of every resource provider' };
  }
  if (tail === '*') {
    if (/^Microsoft\.Authorization$/i.test(provider) && !data) return { cls: 'broad', severity: 'error', why: 'every access-management action: can grant any access to anyone' };
    return { cls: 'broad', severity: 'warning', why: `every ${data ? 'data ' : ''}action of ${provider}` };
  }
  if (/\*\/read$/i.test(v)) return { cls: 'moderate' };
  if (v.includes('*')) return { cls: 'moderate' };
  return { cls: 'narrow' };
}

function judgeRoleDefinition(role: string, blocks: PermBlock[], scopes: string[], at: { start: number; end: number }, findings: RawFinding[], grants: Grant[]): void {
  for (const b of blocks) {
    let cls: GrantClass = 'narrow';
    let reason = 'named actions';
    const consider = (items: ActionItem[], data: boolean, notList: string[]) => {
      for (const it of items) {
        if (it.value === undefined) {
          cls = broader(cls, 'moderate');
          if (cls === 'moderate' && reason === 'named actions') reason = 'actions not known statically';
          continue;
        }
        const j = judgeAction(it.value, data, notList);
        if (broader(cls, j.cls) !== cls) reason = j.why ?? `${it.value} (${data ? 'data actions' : 'actions'})`;
        else if (j.cls === 'moderate' && cls === 'narrow') reason = `${it.value}`;
        cls = broader(cls, j.cls);
        if (j.severity) {
          findings.push({
            ruleId: 'iam/azure-custom-role-wildcard',
            severity: j.severity,
            message: `Custom role "${role}" allows ${JSON.stringify(it.value)} in ${data ? 'dataActions' : 'actions'}: ${j.why}. List the operations it needs (${data ? 'e.g. Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' : 'or */read for a reader'}).`,
            start: it.node.start,
            end: it.node.end,
            fix: { kind: 'azure-custom-role', data },
          });
        }
      }
    };
    consider(b.actions, false, b.notActions);
    consider(b.dataActions, true, b.notDataActions);
    grants.push({
      provider: 'azure',
      role,
      actions: [...b.actions.map((a) => a.value ?? '(not known statically)'), ...b.dataActions.map((a) => `data:${a.value ?? '(not known statically)'}`)],
      resources: scopes.length ? scopes : ['(assignable scopes not known)'],
      class: cls,
      reason: `custom role: ${reason}`,
      start: b.start || at.start,
      end: b.end || at.end,
    });
  }
}

const items = (n: PNode | undefined): ActionItem[] => (n?.type === 'array' ? n.items : n ? [n] : []).map((i) => ({ value: i.type === 'string' ? i.value : undefined, node: i }));
const strings = (n: PNode | undefined): string[] => items(n).flatMap((i) => (i.value !== undefined ? [i.value] : []));

export function checkAzureRoleDefinitionsTf(file: HclFile): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  for (const { block, name } of blocksOf(file.blocks, 'resource', /^azurerm_role_definition$/)) {
    const role = written(attr(block.body, 'name')?.value) ?? `azurerm_role_definition.${name}`;
    const perms: PermBlock[] = block.body.blocks
      .filter((b) => b.type === 'permissions')
      .map((p) => ({
        actions: items(attr(p.body, 'actions')?.value),
        notActions: strings(attr(p.body, 'not_actions')?.value),
        dataActions: items(attr(p.body, 'data_actions')?.value),
        notDataActions: strings(attr(p.body, 'not_data_actions')?.value),
        start: p.start,
        end: p.end,
      }));
    const scopes = items(attr(block.body, 'assignable_scopes')?.value).map((i) => i.value ?? written(i.node) ?? '(not known statically)');
    judgeRoleDefinition(role, perms, scopes, block, findings, grants);
  }
  return { findings, grants };
}

/** One `Microsoft.Authorization/roleDefinitions` resource (ARM JSON or a Bicep body: the same properties). */
function judgeArmRoleDefinition(r: PNode, name: string | undefined, findings: RawFinding[], grants: Grant[]): void {
  const props = get(r, 'properties');
  const role = str(get(props, 'roleName')) ?? name ?? 'roleDefinition';
  const perms = get(props, 'permissions');
  const list = perms?.type === 'array' ? perms.items : perms ? [perms] : [];
  const blocks: PermBlock[] = list.map((p) => ({
    actions: items(get(p, 'actions')),
    notActions: strings(get(p, 'notActions')),
    dataActions: items(get(p, 'dataActions')),
    notDataActions: strings(get(p, 'notDataActions')),
    start: p.start,
    end: p.end,
  }));
  judgeRoleDefinition(role, blocks, strings(get(props, 'assignableScopes')), r, findings, grants);
}

/** Custom role definitions of a Bicep file (formats/bicep.ts: the resources' literal bodies). */
export function checkBicepRoleDefinitions(text: string): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  for (const r of bicepResources(text)) if (/^Microsoft\.Authorization\/roleDefinitions$/i.test(r.type)) judgeArmRoleDefinition(r.body, r.symbol, findings, grants);
  return { findings, grants };
}

export function checkArmRoleDefinitions(root: PNode | undefined): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  if (!root || !isArmTemplate(root)) return { findings, grants };
  const visit = (resources: PNode | undefined, depth: number): void => {
    if (resources?.type !== 'array' || depth > 5) return;
    for (const r of resources.items) {
      const type = str(get(r, 'type'));
      if (type && /^Microsoft\.Authorization\/roleDefinitions$/i.test(type)) judgeArmRoleDefinition(r, str(get(r, 'name')), findings, grants);
      visit(get(r, 'resources'), depth + 1);
      visit(get(get(get(r, 'properties'), 'template'), 'resources'), depth + 1);
    }
  };
  visit(get(root, 'resources'), 0);
  return { findings, grants };
}

/** Data-action templates the fix offers for a `*` (or provider-wide) data action. */
export const AZURE_DATA_ACTION_TEMPLATES: ReadonlyArray<{ title: string; actions: string[] }> = [
  { title: 'Storage blob reader', actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'] },
  { title: 'Key Vault secrets reader', actions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'] },
  { title: 'Service Bus sender', actions: ['Microsoft.ServiceBus/namespaces/messages/send/action'] },
];

/**
 * Fixes of `iam/azure-custom-role-wildcard`: an action wildcard becomes its read-only form (`*` becomes `*\/read`,
 * a provider's `*` its `*\/read`), to which the writes the role needs are added; a data-action
 * wildcard is replaced by a template's data actions. The edit replaces the string as written (quotes included), so
 * it fits JSON and HCL alike.
 */
export function azureFixEdits(text: string, finding: Pick<RawFinding, 'ruleId' | 'start' | 'end'> & { fix?: unknown }): Array<{ title: string; isPreferred: boolean; edits: Array<{ start: number; end: number; newText: string }> }> {
  if (finding.ruleId !== 'iam/azure-custom-role-wildcard') return [];
  const written = text.slice(finding.start, finding.end);
  // JSON and HCL quote with ", Bicep with '.
  const quoted = /^(["'])(.*)\1$/s.exec(written);
  if (!quoted) return [];
  const q = quoted[1];
  const v = quoted[2];
  const lit = (a: string) => (q === '"' ? JSON.stringify(a) : `'${a}'`);
  const data = (finding.fix as { data?: boolean } | undefined)?.data === true;
  if (data) {
    // A Bicep item on its own line: the next items on their own lines (Bicep arrays are newline-separated).
    const ls = text.lastIndexOf('\n', finding.start - 1) + 1;
    const own = q === "'" && /^[ \t]*$/.test(text.slice(ls, finding.start));
    const sep = own ? `\n${text.slice(ls, finding.start)}` : ', ';
    return AZURE_DATA_ACTION_TEMPLATES.map((t, i) => ({ title: `Replace ${v} by the ${t.title} data actions`, isPreferred: i === 0, edits: [{ start: finding.start, end: finding.end, newText: t.actions.map(lit).join(sep) }] }));
  }
  const read = v === '*' ? '*/read' : v.endsWith('/*') ? `${v}/read` : /^[^/]*\*[^/]*\//.test(v) ? `${v.split('/')[0]}/*/read` : undefined;
  if (!read) return [];
  return [{ title: `Replace ${v} by ${read} (read-only), then add the writes the role needs`, isPreferred: true, edits: [{ start: finding.start, end: finding.end, newText: lit(read) }] }];
}
