/** Settings of the language server, read per resource through workspace/configuration. */
import type { EngineSettings, Severity } from '../engine';

export interface ServerSettings {
  enable: boolean;
  /** Per-rule overrides: "off" | severity | { enabled, severity }. */
  rules: EngineSettings['rules'];
  ignore: string[];
  genericEntropyThreshold: number;
  maxLineLength: number;
  /** Delay between the last keystroke and a pushed analysis (push mode only). */
  debounceMs: number;
  logTimings: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  rules: {},
  ignore: [],
  genericEntropyThreshold: 3.0,
  maxLineLength: 4000,
  debounceMs: 150,
  logTimings: false,
};

const SEVERITIES = new Set<Severity>(['error', 'warning', 'info', 'hint']);

/** Accepts whatever the client sends and keeps only well-formed values. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const s: ServerSettings = { ...DEFAULT_SETTINGS, rules: {}, ignore: [] };
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (v === 'off' || typeof v === 'boolean' || (typeof v === 'string' && SEVERITIES.has(v as Severity))) s.rules![id] = v as never;
      else if (v && typeof v === 'object') s.rules![id] = v as never;
    }
  }
  if (Array.isArray(r.ignore)) s.ignore = r.ignore.filter((x): x is string => typeof x === 'string');
  if (typeof r.genericEntropyThreshold === 'number' && r.genericEntropyThreshold >= 0 && r.genericEntropyThreshold <= 8) {
    s.genericEntropyThreshold = r.genericEntropyThreshold;
  }
  if (typeof r.maxLineLength === 'number' && r.maxLineLength > 0) s.maxLineLength = r.maxLineLength;
  if (typeof r.debounceMs === 'number' && r.debounceMs >= 0 && r.debounceMs <= 5000) s.debounceMs = r.debounceMs;
  if (typeof r.logTimings === 'boolean') s.logTimings = r.logTimings;
  return s;
}

/** The part of the server settings the engine takes. */
export function engineSettings(s: ServerSettings): EngineSettings {
  return { rules: s.rules, ignore: s.ignore, genericEntropyThreshold: s.genericEntropyThreshold, maxLineLength: s.maxLineLength };
}
