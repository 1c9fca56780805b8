/**
 * The risk score: four factors, their points, the gate, and how each factor
 * is derived from the facts the other families publish.
 */
import type {
  Breadth,
  Connectivity,
  DataClass,
  EndpointInput,
  Factor,
  FactorName,
  Gate,
  GrantInput,
  RiskFactors,
  SbomLevel,
  Sensitivity,
  VulnerabilitySummary,
} from './types';

export const POINTS = {
  dataClass: { public: 0, internal: 1, restricted: 3, regulated: 5 } as Record<Sensitivity, number>,
  permissionsBreadth: { narrow: 0, moderate: 2, broad: 5 } as Record<Breadth, number>,
  externalConnectivity: { none: 0, 'listed-saas': 1, unknown: 3 } as Record<Connectivity, number>,
  // Unknown (no report) scores nothing: it makes the manifest incomplete instead (status.missing).
  sbomVulnerabilities: { none: 0, medium: 2, 'high-critical': 5, unknown: 0 } as Record<SbomLevel, number>,
} as const;

/** Manual review from this score on. */
export const MANUAL_REVIEW_AT = 8;
/** Blocked from this score on. */
export const BLOCKED_AT = 12;

export const SENSITIVITY_ORDER: Sensitivity[] = ['public', 'internal', 'restricted', 'regulated'];
export const BREADTH_ORDER: Breadth[] = ['narrow', 'moderate', 'broad'];
export const CONNECTIVITY_ORDER: Connectivity[] = ['none', 'listed-saas', 'unknown'];
export const SBOM_ORDER: SbomLevel[] = ['none', 'medium', 'high-critical', 'unknown'];

export function gateFor(score: number): Gate {
  if (score >= BLOCKED_AT) return 'blocked';
  if (score >= MANUAL_REVIEW_AT) return 'manual-review';
  return 'auto-approve';
}

export interface FactorValues {
  dataClass: Sensitivity;
  permissionsBreadth: Breadth;
  externalConnectivity: Connectivity;
  sbomVulnerabilities: SbomLevel;
}

/** Points per factor, total and gate for four factor values (or full factors). */
export function score(factors: FactorValues | RiskFactors): { score: number; gate: Gate; points: Record<FactorName, number> } {
  const v = valuesOf(factors);
  const points: Record<FactorName, number> = {
    dataClass: pointsOf(POINTS.dataClass, v.dataClass, 'dataClass'),
    permissionsBreadth: pointsOf(POINTS.permissionsBreadth, v.permissionsBreadth, 'permissionsBreadth'),
    externalConnectivity: pointsOf(POINTS.externalConnectivity, v.externalConnectivity, 'externalConnectivity'),
    sbomVulnerabilities: pointsOf(POINTS.sbomVulnerabilities, v.sbomVulnerabilities, 'sbomVulnerabilities'),
  };
  const total = points.dataClass + points.permissionsBreadth + points.externalConnectivity + points.sbomVulnerabilities;
  return { score: total, gate: gateFor(total), points };
}

function pointsOf<K extends string>(table: Record<K, number>, value: K, name: string): number {
  const p = table[value];
  if (typeof p !== 'number') throw new RangeError(`unknown ${name} value`);
  return p;
}

export function valuesOf(f: FactorValues | RiskFactors): FactorValues {
  const pick = (x: unknown) => (typeof x === 'object' && x !== null ? (x as Factor).value : x);
  return {
    dataClass: pick(f.dataClass) as Sensitivity,
    permissionsBreadth: pick(f.permissionsBreadth) as Breadth,
    externalConnectivity: pick(f.externalConnectivity) as Connectivity,
    sbomVulnerabilities: pick(f.sbomVulnerabilities) as SbomLevel,
  };
}

function maxBy<T>(order: readonly T[], values: Iterable<T>, floor: T): T {
  let best = order.indexOf(floor);
  for (const v of values) best = Math.max(best, order.indexOf(v));
  return order[best];
}

export function rank<T>(order: readonly T[], v: T): number {
  return order.indexOf(v);
}

/**
 * Sensitivity from data classes: PHI, payment card data or government
 * identifiers -> regulated; PII, financial or (declared) credentials ->
 * restricted; other (business records) -> internal; nothing found ->
 * internal (never public: public is only ever the owner's explicit
 * declaration).
 */
export function sensitivityOf(classes: Iterable<DataClass>): Sensitivity {
  let s: Sensitivity = 'internal';
  for (const c of classes) {
    const r: Sensitivity =
      c === 'PHI' || c === 'payment-card' || c === 'government-id' ? 'regulated' : c === 'PII' || c === 'financial' || c === 'credentials' ? 'restricted' : 'internal';
    if (rank(SENSITIVITY_ORDER, r) > rank(SENSITIVITY_ORDER, s)) s = r;
  }
  return s;
}

const where = (x: { file: string; line: number }) => `${x.file}:${x.line}`;
const MAX_EVIDENCE = 10;

function factor<V extends string>(value: V, points: number, evidence: string[]): Factor<V> {
  const ev = evidence.length > MAX_EVIDENCE ? [...evidence.slice(0, MAX_EVIDENCE), `... and ${evidence.length - MAX_EVIDENCE} more`] : evidence;
  return { value, points, evidence: ev };
}

export function dataClassFactor(
  inferred: Map<DataClass, Array<{ file: string; line: number; indicator?: string }>>,
  declared?: Sensitivity,
): Factor<Sensitivity> {
  const fromClasses = sensitivityOf(inferred.keys());
  const ev: string[] = [];
  for (const [cls, list] of inferred) {
    const first = list.slice(0, 3).map((e) => `${where(e)}${e.indicator ? ` (${e.indicator})` : ''}`);
    ev.push(`${cls}: ${first.join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`);
  }
  if (inferred.size === 0) ev.push('no data classes inferred: internal until the owner declares otherwise (public is never inferred)');
  let value = fromClasses;
  if (declared && rank(SENSITIVITY_ORDER, declared) > rank(SENSITIVITY_ORDER, fromClasses)) {
    value = declared;
    ev.push(`the owner declared ${declared} (higher than the inferred ${fromClasses})`);
  } else if (declared && rank(SENSITIVITY_ORDER, declared) < rank(SENSITIVITY_ORDER, fromClasses)) {
    ev.push(`the owner declared ${declared}, lower than the inferred ${fromClasses}: the inferred value is scored`);
  }
  return factor(value, POINTS.dataClass[value], ev);
}

export function permissionsFactor(grants: GrantInput[] | undefined): Factor<Breadth> {
  if (grants === undefined) return factor('narrow', 0, ['permissions not analysed: no grants were published (factor incomplete)']);
  if (grants.length === 0) return factor('narrow', 0, ['no grants found']);
  const value = maxBy(BREADTH_ORDER, grants.map((g) => g.class), 'narrow');
  const top = grants.filter((g) => g.class === value);
  const ev = top.map((g) => `${g.class}: ${g.reason} (${where(g)})`);
  return factor(value, POINTS.permissionsBreadth[value], ev);
}

export function connectivityFactor(endpoints: EndpointInput[] | undefined): Factor<Connectivity> {
  if (endpoints === undefined) return factor('none', 0, ['endpoints not analysed: none were published (factor incomplete)']);
  const external = endpoints.filter((e) => e.kind !== 'internal');
  if (external.length === 0) return factor('none', 0, [endpoints.length ? 'only internal endpoints found' : 'no external endpoints found']);
  const value = maxBy<Connectivity>(CONNECTIVITY_ORDER, external.map((e) => e.kind as Connectivity), 'none');
  const seen = new Set<string>();
  const ev: string[] = [];
  for (const e of external) {
    if (e.kind !== value || seen.has(e.host)) continue;
    seen.add(e.host);
    ev.push(`${e.kind}: ${e.host}${e.provider ? ` (${e.provider})` : ''} at ${where(e)}`);
  }
  return factor(value, POINTS.externalConnectivity[value], ev);
}

/**
 * SBOM level: no third-party component -> none; from vulnerability counts:
 * any high or critical -> high-critical; any medium, or any of unknown
 * severity -> medium; only low -> none. No report -> unknown, 0 points: what
 * cannot be known offline is not scored, it makes the manifest incomplete
 * (with the commands that produce a report).
 */
export function sbomFactor(v: VulnerabilitySummary): Factor<SbomLevel> {
  if (v.status === 'no-components') return factor('none', POINTS.sbomVulnerabilities.none, [v.reason]);
  if (v.status === 'unknown') {
    return factor('unknown', POINTS.sbomVulnerabilities.unknown, [`${v.reason}; not scored until a report is read: the manifest is incomplete (see status.missing for the command that produces one)`]);
  }
  const counts = `critical ${v.critical}, high ${v.high}, medium ${v.medium}, low ${v.low}, unknown severity ${v.unknown}`;
  const from = v.reports.map((r) => `${r.file} (${r.format})`).join(', ');
  let value: SbomLevel = 'none';
  if (v.critical + v.high > 0) value = 'high-critical';
  else if (v.medium + v.unknown > 0) value = 'medium';
  const ev = [`${counts} from ${from}`];
  if (value === 'medium' && v.medium === 0) ev.push('vulnerabilities of unknown severity are scored as medium');
  if (v.uncovered?.length) ev.push(`no report covers the ${v.uncovered.join(', ')} packages: the manifest is incomplete until one does`);
  return factor(value, POINTS.sbomVulnerabilities[value], ev);
}
