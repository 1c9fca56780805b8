/**
 * The permissions family (category `iam`): AWS IAM policies wherever they
 * live (standalone JSON/YAML, CloudFormation/SAM, Serverless, Terraform, CDK
 * output), Kubernetes RBAC (a binding follows its role into other files
 * through the workspace model), GCP and Azure role bindings, GitHub Actions
 * token permissions, and long-lived credentials. Every grant, flagged or
 * not, is classified narrow / moderate / broad and published as an
 * `iam/grant` fact for the registration manifest.
 */
import { isInsideFolder } from '../../folderPaths';
import type { DocumentContext } from '../../document';
import { publishPositions, withLine } from '../../positions';
import type { Fact, Family } from '../../family';
import { shiftTree, type PNode } from '../../formats/tree';
import { shiftOffsets } from '../../positions';
import { TextCache } from '../../textCache';
import type { Finding } from '../../types';
import fs = require('fs');
import path = require('path');
import { checkAwsPolicies, getCatalog, leastPrivilegeEdits, loadTemplates, locateAwsInHcl, locateAwsInTree, AWS_RULES, type AwsTemplate, type PolicySyntax } from './aws';
import { checkArmTemplate, checkAzureTerraform } from './azure/azure';
import { checkGcpTerraform } from './gcp/gcp';
import { checkWorkflow, ghaFixEdits, isWorkflowPath } from './gha/gha';
import { checkRbac, rbacBindingFacts, rbacFacts, type RbacRole } from './k8s/rbac';
import { rbacFixEdits } from './k8s/fixes';
import { COVERAGE_RULES, NON_AWS_RULES } from './rules';
import { PERMISSIONS_DOCUMENT_TYPES } from './documentTypes';
import type { Grant, RawFinding } from './grants';
import { azureFixEdits, checkArmRoleDefinitions, checkAzureRoleDefinitionsTf, checkBicepRoleDefinitions } from './azure/azure';
import { checkGcpConfigConnector, checkGcpPolicy, gcpFixEdits } from './gcp/gcp';
import { linkManagedPolicyRefs } from './aws/templateRefs';
import { folderRoleLookup, GRANT_TOPIC, ROLE_TOPIC, roleKeys, roleLookup } from './roles';
import { resolvedGrants } from './resolved';
import { documentEdits, findingOf, perDocument, quickFix, type RawRelated } from '../../builders';

export { folderRoleLookup, GRANT_TOPIC, ROLE_TOPIC, roleLookup };

export interface PermissionsFixData {
  kind: 'permissions';
  raw: RawFinding;
  syntax?: PolicySyntax;
}

/** A grant as published: the offsets become 1-based lines for reports (where it starts and ends). */
export interface PublishedGrant extends Omit<Grant, 'start' | 'end'> {
  line: number;
  endLine: number;
}

type Related = RawRelated[];

interface DocResult {
  findings: Array<Omit<RawFinding, 'related'> & { related?: Related }>;
  grants: Grant[];
  roles: RbacRole[];
  syntax?: PolicySyntax;
}

/** Bicep files (read as text by the core; formats/bicep.ts reads their resources). */
const isBicep = (doc: DocumentContext) => /\.bicep$/i.test(doc.base);

const GCP_POLICY_HINT = /(^|[{,\s])["']?bindings["']?[ \t]*:/m;

/** The document's own analysis (everything that needs no other file), once per version. */
const own = perDocument((doc): DocResult => {
  const r: DocResult = { findings: [], grants: [], roles: [] };
  const add = (x: { findings: RawFinding[]; grants: Grant[] }) => {
    r.findings.push(...x.findings);
    r.grants.push(...x.grants);
  };
  try {
    if (doc.kind === 'terraform') {
      // The document's one HCL parse, for AWS, GCP and Azure alike.
      const hcl = doc.hcl();
      if (hcl) {
        add(checkAwsPolicies(locateAwsInHcl(hcl, doc.text), getCatalog()));
        add(checkGcpTerraform(hcl));
        add(checkAzureTerraform(hcl));
        add(checkAzureRoleDefinitionsTf(hcl));
      }
    } else if (isBicep(doc)) {
      // Bicep: custom role definitions (formats/bicep.ts reads the resources' literal bodies).
      if (/Microsoft\.Authorization\/roleDefinitions/i.test(doc.text)) add(checkBicepRoleDefinitions(doc.text));
    } else {
      const language = doc.kind === 'yaml' ? 'yaml' : 'json';
      const trees = () => doc.trees();
      const types = doc.types();
      if (types.has('iam-policy') || types.has('cloudformation') || types.has('sam') || types.has('serverless')) {
        // The shared parse (one per version), not a second one; a large template one resource at a time, cached.
        for (const t of trees()) {
          add(doc.text.length > LARGE_TEMPLATE ? awsPerResource(doc, t, language) : checkAwsPolicies(locateAwsInTree(t, language), getCatalog()));
          // `!Ref` to a managed policy of the same template: the attachment is what that policy allows.
          linkManagedPolicyRefs(t, r);
        }
        r.syntax = language;
      }
      if (types.has('arm-template')) for (const t of trees()) (add(checkArmTemplate(t)), add(checkArmRoleDefinitions(t)));
      // A gcloud IAM policy file (bindings of roles to members), prefiltered on its text.
      if (GCP_POLICY_HINT.test(doc.text) && doc.text.includes('roles/')) for (const t of trees()) add(checkGcpPolicy(t));
      // GCP IAM as Config Connector objects.
      if (types.has('kubernetes') && doc.text.includes('iam.cnrm.cloud.google.com')) add(checkGcpConfigConnector(trees()));
      if (types.has('kubernetes')) {
        // One YAML document at a time, cached by its text. Grants of the roles and bindings are judged with
        // the built-in roles here (the check follows bindings into the other documents and files).
        const perDoc = (f: (t: PNode[]) => unknown[], key: string) =>
          doc.kind === 'yaml' ? doc.perYamlDocument(key, (d) => (d.type === 'kubernetes' && d.tree ? f([d.tree]) : [])) : f(trees());
        r.roles = perDoc((t) => rbacFacts(t), 'permissions.roles') as RbacRole[];
        if (/\bkind:\s*["']?(Cluster)?RoleBinding\b/.test(doc.text)) {
          // Bindings: judged with the roles of this whole file (and the built-in ones); the check adds other files.
          const local = r.roles;
          const lookup = (kind: 'Role' | 'ClusterRole', name: string, namespace?: string) =>
            local.find((x) => x.kind === kind && x.name === name && (kind === 'ClusterRole' || (x.namespace ?? 'default') === (namespace ?? 'default')));
          r.grants.push(...checkRbac(trees(), lookup).grants);
        } else {
          r.grants.push(...(perDoc((t) => checkRbac(t, () => undefined).grants, 'permissions.rbacGrants') as Grant[]));
        }
      }
      if (isWorkflowPath(doc.path)) for (const t of trees()) add(checkWorkflow(t));
    }
  } catch {
    // Half-typed input: what parsed was judged; nothing is guessed.
  }
  return r;
});

function toFinding(doc: DocumentContext, raw: DocResult['findings'][number], syntax?: PolicySyntax): Finding {
  // Another file's offsets were published as positions (positions.ts): findingOf decodes them.
  return findingOf(doc, 'iam', raw, { kind: 'permissions', raw, syntax } as PermissionsFixData);
}


/** The templates the fixes offer: built-in, plus the team's folder from the setting (loaded once per folder and setting). */
const templateCache = new Map<string, AwsTemplate[]>();
/** Why a team's template file was not used (shown with the fixes' titles' folder: see templatesProblems). */
const templateProblems = new Map<string, string[]>();
function templatesProblems(dir: string): string[] {
  return templateProblems.get(dir) ?? [];
}
function templatesFor(settings: Record<string, unknown>, root: string | undefined): AwsTemplate[] | undefined {
  const dir = settings['permissions.templatesDir'];
  if (typeof dir !== 'string' || !dir || !root) return undefined;
  const abs = path.resolve(root, dir);
  // Never outside the workspace folder, symbolic links resolved: such a folder is not even listed (loadTemplates
  // refuses it and says why in its problems).
  if (path.relative(root, abs).startsWith('..')) return undefined;
  // Reloaded when a file of the folder changes (its newest mtime is part of the key).
  let stamp = 0;
  if (isInsideFolder(root, abs)) {
    try {
      for (const f of fs.readdirSync(abs)) stamp = Math.max(stamp, fs.statSync(path.join(abs, f)).mtimeMs);
    } catch {
      return undefined;
    }
  }
  const key = `${abs}#${stamp}`;
  let t = templateCache.get(key);
  if (!t) {
    const loaded = loadTemplates(abs, root);
    templateProblems.set(abs, loaded.problems);
    templateCache.set(key, (t = loaded.templates));
  }
  return t;
}

/** Templates larger than this are checked one resource at a time, each resource's result cached by its text. */
const LARGE_TEMPLATE = 256 * 1024;
/** Per-resource results keyed by a hash of the resource's text, bounded by the text it stands for. */
const resourceCache = new TextCache<{ findings: RawFinding[]; grants: Grant[] }>(16 * 1024 * 1024);

function awsPerResource(doc: DocumentContext, root: PNode, language: 'json' | 'yaml'): { findings: RawFinding[]; grants: Grant[] } {
  const out = { findings: [] as RawFinding[], grants: [] as Grant[] };
  const resources = root.type === 'object' ? root.entries.find((e) => e.key === 'Resources') : undefined;
  if (!resources || resources.value.type !== 'object' || root.type !== 'object') return checkAwsPolicies(locateAwsInTree(root, language), getCatalog());
  // What a resource's policies may depend on besides themselves (SAM's Transform and Globals).
  const context = root.entries.filter((e) => e.key === 'Transform' || e.key === 'Globals' || e.key === 'AWSTemplateFormatVersion');
  const contextKey = context.map((e) => doc.text.slice(e.keyStart, e.value.end)).join('\u0000');
  const cache = doc.store(resourceCache, 'permissions.resources');
  for (const e of resources.value.entries) {
    const base = e.keyStart;
    const key = `${language}\u0000${contextKey}\u0000${doc.text.slice(base, e.value.end)}`;
    let rel = cache.get(key);
    if (!rel) {
      const shifted = { key: e.key, keyStart: 0, keyEnd: e.keyEnd - base, value: shiftTree(e.value, -base) };
      const ctxEntries = context.map((c) => ({ ...c, keyStart: -1, keyEnd: -1, value: shiftTree(c.value, -c.value.start - 1) }));
      const synthetic: PNode = { type: 'object', start: 0, end: shifted.value.end, entries: [...ctxEntries, { key: 'Resources', keyStart: 0, keyEnd: 0, value: { type: 'object', start: 0, end: shifted.value.end, entries: [shifted] } }] };
      rel = checkAwsPolicies(locateAwsInTree(synthetic, language), getCatalog());
      cache.set(key, rel);
    }
    out.findings.push(...shiftOffsets(rel.findings, base));
    out.grants.push(...shiftOffsets(rel.grants, base));
  }
  return out;
}

/** A RoleBinding or ClusterRoleBinding in the text, YAML or JSON (`kind: RoleBinding`, `"kind": "RoleBinding"`). */
const BINDING_KIND = /\bkind"?\s*:\s*["']?(Cluster)?RoleBinding\b/;

export const permissionsFamily: Family = {
  name: 'permissions',
  category: 'iam',
  idPrefixes: ['iam/'],
  rules: [...AWS_RULES, ...NON_AWS_RULES, ...COVERAGE_RULES],
  documentTypes: PERMISSIONS_DOCUMENT_TYPES,
  settings: [
    {
      key: 'permissions.templatesDir',
      type: 'string',
      default: '',
      scope: 'resource',
      description:
        'Folder (relative to the workspace folder) of a platform team\'s least-privilege templates (*.json, validated against schemas/iam-templates.schema.json). They are offered by the quick-fixes beside the built-in ones; a template with a built-in id replaces it.',
    },
  ],

  views: { grants: (source, opts) => resolvedGrants(source, opts.root) },

  appliesTo: (doc) => doc.kind === 'yaml' || doc.kind === 'json' || doc.kind === 'jsonc' || doc.kind === 'terraform' || isBicep(doc),
  // A RoleBinding's role may be in another file.
  readsOtherFiles: (doc) => doc.has('kubernetes') && BINDING_KIND.test(doc.text),
  // A role edited re-checks the bindings that name it, not every binding of the folder.
  factKeys: { [ROLE_TOPIC]: roleKeys },

  facts(doc) {
    const r = own(doc);
    const facts: Fact[] = [];
    // Roles carry the line of each rule so a binding in another file can point at it.
    for (const role of r.roles) facts.push({ topic: ROLE_TOPIC, value: publishPositions({ ...role, path: doc.path }, doc) });
    for (const g of r.grants) {
      facts.push({ topic: GRANT_TOPIC, value: { ...withLine(g, doc), endLine: doc.index.positionAt(g.end).line + 1 } satisfies PublishedGrant });
    }
    return facts;
  },

  async check(ctx) {
    const { doc } = ctx;
    // A team's templates that cannot be used are said (the quick-fixes fall back to the built-in ones).
    if (doc.has('iam-policy') || doc.has('cloudformation') || doc.has('sam') || doc.has('serverless') || doc.kind === 'terraform') {
      const dir = ctx.settings['permissions.templatesDir'];
      if (typeof dir === 'string' && dir && ctx.folder?.root && templatesFor(ctx.settings, ctx.folder.root)) {
        for (const p of templatesProblems(path.resolve(ctx.folder.root, dir))) ctx.onProblem(p);
      }
    }
    const r = own(doc);
    const findings = r.findings.map((f) => toFinding(doc, f, r.syntax));
    if (doc.has('kubernetes') && /\b(Cluster)?Role(Binding)?\b|ServiceAccount/.test(doc.text)) {
      const trees = doc.trees();
      if (BINDING_KIND.test(doc.text) && rbacBindingFacts(trees).length) {
        const folder = ctx.workspace.query<RbacRole>(ROLE_TOPIC, { withOwn: true });
        const local = r.roles.map((role) => ({ ...role, path: doc.path }));
        const reads = new Set<string>();
        const rb = checkRbac(trees, folderRoleLookup(folder, doc.path, local, reads));
        // What the findings depend on: the roles of the names the bindings asked for (all ClusterRoles for an
        // aggregated one), not every role of the folder.
        ctx.workspace.narrow(ROLE_TOPIC, reads);
        // Findings on this file's own roles came with the document's own analysis.
        for (const f of rb.findings) if (!r.findings.some((x) => x.ruleId === f.ruleId && x.start === f.start)) findings.push(toFinding(doc, f));
      } else {
        for (const f of checkRbac(trees, () => undefined).findings) findings.push(toFinding(doc, f));
      }
    }
    return findings;
  },

  fixes(ctx, finding) {
    const data = finding.data as PermissionsFixData | undefined;
    if (data?.kind !== 'permissions') return [];
    const { doc } = ctx;
    let options: Array<{ title: string; isPreferred: boolean; edits: Array<{ start: number; end: number; newText: string }> }> = [];
    try {
      // The document's own trees (the parse its check read), not a second parse of the text.
      if (finding.ruleId.startsWith('iam/k8s-')) options = rbacFixEdits(doc, data.raw);
      else if (finding.ruleId.startsWith('iam/gha-')) options = ghaFixEdits(doc, data.raw);
      else if (finding.ruleId === 'iam/gcp-admin-role') options = gcpFixEdits(doc, data.raw);
      else if (finding.ruleId === 'iam/azure-custom-role-wildcard') options = azureFixEdits(doc.text, data.raw);
      else if (finding.ruleId.startsWith('iam/aws-')) options = leastPrivilegeEdits(doc.text, data.raw, data.syntax, undefined, templatesFor(ctx.settings, ctx.folder?.root));
    } catch {
      options = [];
    }
    return options.map((o) => quickFix(finding.ruleId, o.title, [documentEdits(doc, o.edits)], { preferred: o.isPreferred }));
  },
};
