/**
 * AWS IAM analysis of the `permissions` family: catalogue, locators, checks,
 * least-privilege templates and fix edits. Pure: text / trees in, results out.
 */
export * from './catalog';
export * from './locate';
export * from './check';
export * from './rules';
export * from './fixes';
export { SAM_TEMPLATES, type SamTemplateGrant } from './sam';
export type { Grant, GrantClass, RawFinding } from '../grants';

import { getCatalog, type Catalog } from './catalog';
import { checkAwsPolicies, type AwsCheckResult } from './check';
import { locateAws } from './locate';

/** Locate and check in one call (Terraform needs initHcl() to have resolved). Never throws. */
export function analyzeAws(text: string, language: 'json' | 'yaml' | 'terraform', catalog: Catalog = getCatalog()): AwsCheckResult {
  try {
    return checkAwsPolicies(locateAws(text, language), catalog);
  } catch {
    return { findings: [], grants: [] };
  }
}
export { initHcl } from '../../../formats/hcl';
