/**
 * Fenced code blocks of a Markdown file, each with the file kind its fence
 * language names, so that a README's ```yaml Secret or ```env block is
 * scanned as what it is. Offsets are those of the Markdown text.
 */
import type { FileKind } from '../../formats/fileKind';

export interface FencedBlock {
  /** The fence's language word as written (lower-cased), '' when none. */
  lang: string;
  kind: FileKind;
  /** Offsets of the block's content (the lines between the fences). */
  start: number;
  end: number;
}

const LANG_KINDS: Record<string, FileKind> = {
  yaml: 'yaml', yml: 'yaml', 'k8s': 'yaml', kubernetes: 'yaml', helm: 'yaml',
  bash: 'shell', sh: 'shell', shell: 'shell', zsh: 'shell', ksh: 'shell', console: 'shell', 'shell-session': 'shell', shellsession: 'shell', terminal: 'shell',
  env: 'dotenv', dotenv: 'dotenv', '.env': 'dotenv',
  js: 'js', javascript: 'js', jsx: 'js', ts: 'js', typescript: 'js', tsx: 'js', node: 'js', mjs: 'js', cjs: 'js', vue: 'js', svelte: 'js',
  python: 'python', py: 'python', python3: 'python', py3: 'python', ipython: 'python',
  json: 'json', jsonc: 'jsonc', json5: 'jsonc',
  toml: 'toml', ini: 'ini', cfg: 'ini', conf: 'ini', properties: 'properties',
  dockerfile: 'dockerfile', docker: 'dockerfile',
  go: 'go', golang: 'go', ruby: 'ruby', rb: 'ruby', java: 'java', kotlin: 'kotlin', kt: 'kotlin',
  cs: 'csharp', csharp: 'csharp', 'c#': 'csharp', php: 'php',
  hcl: 'terraform', terraform: 'terraform', tf: 'terraform',
  text: 'text', txt: 'text', plaintext: 'text', '': 'text',
};

/** The file kind a fence language names; undefined for languages not scanned (diff, html, sql, ...). */
function kindOfFenceLanguage(lang: string): FileKind | undefined {
  return LANG_KINDS[lang.toLowerCase()];
}

const OPEN = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`{]*)?[^\n`]*$/;

/** The fenced blocks of a Markdown text (CommonMark fences, indented ones in lists included). */
export function fencedBlocks(text: string): FencedBlock[] {
  const out: FencedBlock[] = [];
  let pos = 0;
  let open: { fence: string; lang: string; start: number } | undefined;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    if (!open) {
      const m = OPEN.exec(line);
      if (m && !(m[2][0] === '`' && line.slice(m[1].length + m[2].length).includes('`'))) {
        const lang = (m[3] ?? '').replace(/^\./, '').replace(/[:,].*$/, '').toLowerCase();
        open = { fence: m[2], lang, start: eol + 1 };
      }
    } else {
      const t = line.trim();
      if (t.length >= open.fence.length && t[0] === open.fence[0] && /^(`+|~+)$/.test(t)) {
        const kind = kindOfFenceLanguage(open.lang);
        if (kind && pos > open.start) out.push({ lang: open.lang, kind, start: Math.min(open.start, text.length), end: pos });
        open = undefined;
      }
    }
    if (eol >= text.length) break;
    pos = eol + 1;
  }
  // An unclosed fence runs to the end of the document (CommonMark).
  if (open && open.start < text.length) {
    const kind = kindOfFenceLanguage(open.lang);
    if (kind) out.push({ lang: open.lang, kind, start: open.start, end: text.length });
  }
  return out;
}
