/** The `microapp-guard --help` text (each command's options are in its own module). */
import { VERSION } from '../version';
import { MANIFEST_HELP } from './manifest';

export const HELP = `microapp-guard ${VERSION}: security checks for micro-apps (offline; no telemetry)

Usage:
  microapp-guard scan [path] [-f|--format text|json|sarif|markdown|codequality]
                      [--fail-on warning|error|none] [-o|--output FILE] [--ignore GLOB]...
                      [-c|--config FILE] [--trust] [--no-color]
                      [--cache] [--cache-location FILE] [--workers N] [--baseline FILE]
                      [--staged | --since REV | --history [--since REV] [--all]] [--summary FILE]
  microapp-guard baseline [path] [-o|--out FILE] [--ignore GLOB]... [-c|--config FILE] [--trust]
                          [--history [--since REV] [--all]]
                                        the current findings as a baseline (fingerprints, no values);
                                        --history: the history's secrets, to accept once rotated
${MANIFEST_HELP}
  microapp-guard lsp --stdio            language server for any editor (also --node-ipc, --socket=N)
  microapp-guard rules [--format text|json]
  microapp-guard --version | --help

scan exits 0 when clean, 1 when a finding is at or above --fail-on (default: warning, so an
app is treated as risky until shown otherwise), 2 on usage errors, 3 on internal errors.
Files ignored by .gitignore or .secretlintignore are skipped; binary files (told by content, not
by a NUL byte alone) are skipped and counted in the report. The microappGuard.* settings of
<path>/.vscode/settings.json (rules, ignore, ...) apply, so CI and the editor agree; --config
names another settings file. --trust loads secretlint rule packages named by .secretlintrc.
--cache keeps a content-hash cache so unchanged files are not analysed again: one file per
scanned folder in the user's cache folder ($XDG_CACHE_HOME/microapp-guard, ~/.cache/microapp-guard;
%LOCALAPPDATA%\\microapp-guard on Windows, ~/Library/Caches/microapp-guard on macOS), never in the
repository; --cache-location FILE puts it elsewhere. Entries carry an HMAC under a key kept in that
folder; an entry that was edited or written on another machine is ignored (and said so), and the
file analysed again. --workers sets the worker threads (default: automatic).

What git holds (git must be on the PATH; only local git commands run):
  --staged        the index's content of the files a commit would add or change (a pre-commit
                  hook); other files' facts come from the work tree
  --since REV     findings on lines changed since REV's merge base with HEAD (a pull request's
                  base), and findings elsewhere the change caused (a NetworkPolicy removed makes
                  its Deployment a finding); the whole work tree is the context
  --history       secrets in every commit reachable from HEAD (--all: from every ref; --since
                  REV: only commits after REV), each at the commit that introduced it; a secret
                  no longer at HEAD is still reported: rotate it
  --baseline FILE findings recorded in FILE (microapp-guard baseline --out FILE) do not fail
  --summary FILE  also append the Markdown report to FILE (a CI job summary)
Not a git repository, an unknown revision or a shallow clone missing what is needed: exit 2.
Nothing leaves this machine.`;
