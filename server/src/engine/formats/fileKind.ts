import path = require('path');

export type FileKind =
  | 'dotenv'
  | 'properties'
  | 'ini'
  | 'toml'
  | 'yaml'
  | 'json'
  | 'jsonc'
  | 'js'
  | 'python'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'ruby'
  | 'csharp'
  | 'php'
  | 'shell'
  | 'terraform'
  | 'dockerfile'
  | 'xml'
  | 'markdown'
  | 'lockfile'
  | 'text';

const BY_EXTENSION: Record<string, FileKind> = {
  '.env': 'dotenv',
  '.properties': 'properties',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.conf': 'ini',
  '.toml': 'toml',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonc': 'jsonc',
  '.json5': 'jsonc',
  '.js': 'js',
  '.cjs': 'js',
  '.mjs': 'js',
  '.jsx': 'js',
  '.ts': 'js',
  '.cts': 'js',
  '.mts': 'js',
  '.tsx': 'js',
  '.gs': 'js',
  '.vue': 'js',
  '.svelte': 'js',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.kt': 'kotlin',
  '.kts': 'kotlin',
  '.rb': 'ruby',
  '.cs': 'csharp',
  '.php': 'php',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.tf': 'terraform',
  '.tfvars': 'terraform',
  '.hcl': 'terraform',
  '.xml': 'xml',
  '.html': 'xml',
  '.htm': 'xml',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

const BY_LANGUAGE_ID: Record<string, FileKind> = {
  dotenv: 'dotenv',
  properties: 'properties',
  ini: 'ini',
  toml: 'toml',
  yaml: 'yaml',
  'github-actions-workflow': 'yaml',
  dockercompose: 'yaml',
  json: 'json',
  jsonc: 'jsonc',
  javascript: 'js',
  javascriptreact: 'js',
  typescript: 'js',
  typescriptreact: 'js',
  python: 'python',
  go: 'go',
  java: 'java',
  kotlin: 'kotlin',
  ruby: 'ruby',
  csharp: 'csharp',
  php: 'php',
  shellscript: 'shell',
  terraform: 'terraform',
  hcl: 'terraform',
  dockerfile: 'dockerfile',
  xml: 'xml',
  html: 'xml',
  markdown: 'markdown',
};

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'composer.lock',
  'gemfile.lock',
  'poetry.lock',
  'pipfile.lock',
  'cargo.lock',
  'go.sum',
  'packages.lock.json',
]);


export function detectFileKind(filePath: string, languageId?: string): FileKind {
  const base = path.basename(filePath);
  const lower = base.toLowerCase();
  if (LOCKFILES.has(lower)) return 'lockfile';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (lower.startsWith('.env') || lower.endsWith('.env')) return 'dotenv';
  if (lower === '.npmrc' || lower === '.pypirc' || lower === '.gitconfig' || lower === 'credentials') return 'ini';
  const ext = path.extname(lower);
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (languageId && BY_LANGUAGE_ID[languageId]) return BY_LANGUAGE_ID[languageId];
  return 'text';
}

/** Line-comment syntax of a file kind; `undefined` when the format has no comments (JSON). */
export function commentSyntax(kind: FileKind): { open: string; close?: string } | undefined {
  switch (kind) {
    case 'js':
    case 'go':
    case 'java':
    case 'kotlin':
    case 'csharp':
    case 'php':
    case 'jsonc':
      return { open: '//' };
    case 'python':
    case 'ruby':
    case 'shell':
    case 'yaml':
    case 'dotenv':
    case 'properties':
    case 'toml':
    case 'terraform':
    case 'dockerfile':
    case 'text':
      return { open: '#' };
    case 'ini':
      return { open: ';' };
    case 'xml':
    case 'markdown':
      return { open: '<!--', close: '-->' };
    case 'json':
    case 'lockfile':
      return undefined;
  }
}

