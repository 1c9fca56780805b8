#!/usr/bin/env bash
# Prepare what the end-to-end tests need to run the extension inside a real
# VS Code (code-server 4.100.3 = VS Code 1.100.3 server + web workbench) driven
# by a headless Debian chromium, with no internet (npm registry + Debian apt only).
#
# Idempotent: each step is skipped when its result is already there, so a run on
# a prepared machine takes well under a second.
#
#   scripts/setup-e2e.sh            # install what is missing
#   FORCE=1 scripts/setup-e2e.sh    # reinstall code-server from scratch
#
# Result: .vscode-test/code-server/node_modules/code-server/out/node/entry.js
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11 (lib/vscode/npm-shrinkwrap.json).
# Its lib/postinstall.js wants ripgrep release v13.0.0-10 and its lib/download.js
# first looks for the archive in $TMPDIR/vscode-ripgrep-cache-<package version>/.
VSCODE_RIPGREP_VERSION="1.15.11"
RIPGREP_RELEASE="v13.0.0-10"
APT_PACKAGES=(ripgrep chromium libkrb5-dev fonts-liberation neovim)
# Dependencies of lib/vscode whose install scripts matter on Linux.
VSCODE_DEP_SCRIPTS="@vscode/ripgrep,@vscode/spdlog,@vscode/deviceid,@parcel/watcher,kerberos,native-watchdog,node-pty"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_DIR="$REPO_ROOT/.vscode-test/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
VS_DIR="$CS_PKG/lib/vscode"
ENTRY="$CS_PKG/out/node/entry.js"
TMP_BASE="${TMPDIR:-/tmp}"
TMP_BASE="${TMP_BASE%/}"

log() { printf '[setup-e2e] %s\n' "$*"; }
die() { printf '[setup-e2e] ERROR: %s\n' "$*" >&2; exit 1; }
START=$(date +%s)
elapsed() { echo "$(( $(date +%s) - START ))s"; }

# Parts of code-server that only exist when every install script ran.
missing_parts() {
  local m=()
  [[ -f "$ENTRY" ]] || m+=("out/node/entry.js")
  [[ -e "$VS_DIR/node_modules.asar" ]] || m+=("lib/vscode/node_modules.asar")
  [[ -x "$VS_DIR/node_modules/@vscode/ripgrep/bin/rg" ]] || m+=("@vscode/ripgrep")
  compgen -G "$VS_DIR/node_modules/node-pty/build/Release/pty.node" >/dev/null || m+=("node-pty")
  compgen -G "$VS_DIR/node_modules/@vscode/spdlog/build/Release/*.node" >/dev/null || m+=("@vscode/spdlog")
  compgen -G "$VS_DIR/node_modules/native-watchdog/build/Release/*.node" >/dev/null || m+=("native-watchdog")
  compgen -G "$VS_DIR/node_modules/kerberos/build/Release/*.node" >/dev/null || m+=("kerberos")
  echo "${m[*]:-}"
}

# ---------------------------------------------------------------- 1. apt ----
if [[ -x /usr/bin/chromium ]] && command -v rg >/dev/null 2>&1 && command -v nvim >/dev/null 2>&1; then
  log "system packages present (chromium, ripgrep)"
else
  if [[ "$(id -u)" != "0" ]]; then
    die "chromium and/or ripgrep are missing and this is not root. Run: sudo apt-get install -y ${APT_PACKAGES[*]}"
  fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ripgrep, chromium and the Kerberos headers (libkrb5-dev) by hand"
  log "installing Debian packages: ${APT_PACKAGES[*]} (about a minute)"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when they are too old to find the packages.
  if ! apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"; then
    apt-get update
    apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
  fi
fi

# ------------------------------------------------ 2. already installed? ----
if [[ -z "${FORCE:-}" && -z "$(missing_parts)" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in ${CS_DIR#"$REPO_ROOT"/} ($(elapsed))"
  exit 0
fi

command -v node >/dev/null 2>&1 || die "node not found"
[[ "$(node -p 'process.versions.node.split(".")[0]')" == "20" ]] \
  || die "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node -v))"
# kerberos (a code-server dependency) compiles against the MIT Kerberos headers.
if [[ ! -f /usr/include/gssapi/gssapi.h && ! -f /usr/include/krb5.h ]]; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libkrb5-dev
  else
    die "Kerberos headers missing. Run: sudo apt-get install -y libkrb5-dev"
  fi
fi

# ------------------------------------------------ 3. offline ripgrep cache ----
# @vscode/ripgrep downloads its binary from GitHub at install time unless the
# archive is in its cache: a tarball with Debian's rg (also 13.0.0) at its root.
case "$(uname -m)" in
  x86_64) RG_TARGET="x86_64-unknown-linux-musl" ;;
  aarch64|arm64) RG_TARGET="aarch64-unknown-linux-musl" ;;
  *) die "unsupported architecture $(uname -m) for the ripgrep cache" ;;
esac
RG_CACHE_DIR="$TMP_BASE/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
RG_ARCHIVE="$RG_CACHE_DIR/ripgrep-$RIPGREP_RELEASE-$RG_TARGET.tar.gz"
if [[ -s "$RG_ARCHIVE" ]]; then
  log "ripgrep cache present: $RG_ARCHIVE"
else
  RG_BIN="$(command -v rg)" || die "rg not found"
  mkdir -p "$RG_CACHE_DIR"
  STAGE="$(mktemp -d)"
  cp "$(readlink -f "$RG_BIN")" "$STAGE/rg"
  chmod 755 "$STAGE/rg"
  tar -C "$STAGE" -czf "$RG_ARCHIVE.part" rg
  mv "$RG_ARCHIVE.part" "$RG_ARCHIVE"
  rm -rf "$STAGE"
  log "ripgrep cache written: $RG_ARCHIVE (from $RG_BIN, $("$RG_BIN" --version | head -n1))"
fi

# ------------------------------------------------------ 4. code-server ----
# npm 11 has an install-script policy ("allowScripts" in package.json or
# allow-scripts in an .npmrc, see `npm help install-scripts`). Two levels matter:
#  - this folder's dependencies code-server (its postinstall runs "npm install"
#    in lib/vscode and lib/vscode/extensions) and argon2: approved below;
#  - lib/vscode's dependencies (ripgrep download, node-pty, spdlog, ...), installed
#    by that nested npm, a project of its own. Handing it --allow-scripts or
#    npm_config_allow_scripts is an error there (EALLOWSCRIPTS), and an allow-scripts
#    line in a user .npmrc leaks into its environment the same way. npm 11.19 runs
#    unreviewed scripts with a warning (strict-allow-scripts=false, forced below so a
#    strict user config cannot abort the nested install); should a stricter npm skip
#    them, step 5 approves them with an .npmrc in lib/vscode and runs "npm rebuild".
npm_env() {
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # yes: a "yes=false" npmrc cancels node-pty's "npx node-gyp".
  # TMPDIR: where @vscode/ripgrep looks for its cached archive.
  env npm_config_unsafe_perm=true npm_config_yes=true npm_config_strict_allow_scripts=false \
      npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
      TMPDIR="$TMP_BASE" "$@"
}

if [[ -n "${FORCE:-}" || ! -f "$ENTRY" || ! -e "$VS_DIR/node_modules.asar" ]]; then
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  cat >"$CS_DIR/package.json" <<JSON
{
  "name": "microapp-guard-e2e-code-server",
  "private": true,
  "description": "code-server for the Micro-App Guard end-to-end tests (written by scripts/setup-e2e.sh)",
  "dependencies": {
    "code-server": "$CODE_SERVER_VERSION"
  },
  "allowScripts": {
    "code-server": true,
    "argon2": true
  }
}
JSON
  log "installing code-server@$CODE_SERVER_VERSION into ${CS_DIR#"$REPO_ROOT"/} (1-2 minutes on 2 cores, ~300 MB)"
  log "(npm may list lib/vscode's install scripts as \"not yet covered by allowScripts\": expected, see step 5)"
  STEP=$(date +%s)
  (cd "$CS_DIR" && npm_env npm install --no-package-lock --foreground-scripts) \
    || die "npm install of code-server failed (see above)"
  log "npm install took $(( $(date +%s) - STEP ))s"
  [[ -e "$VS_DIR/node_modules.asar" ]] || die "code-server's postinstall did not finish (see above)"
fi

# ------------------------------------- 5. install scripts held back by npm ----
MISSING="$(missing_parts)"
if [[ -n "$MISSING" ]]; then
  log "missing after install: $MISSING; approving lib/vscode's install scripts and running npm rebuild"
  printf '; written by scripts/setup-e2e.sh\nallow-scripts=%s\n' "$VSCODE_DEP_SCRIPTS" >"$VS_DIR/.npmrc"
  STEP=$(date +%s)
  (cd "$VS_DIR" && npm_env npm rebuild --foreground-scripts) || die "npm rebuild in lib/vscode failed (see above)"
  log "npm rebuild took $(( $(date +%s) - STEP ))s"
fi

# ------------------------------------------------------------ 6. check ----
SHRINK_RG="$(node -e 'try{console.log(require(process.argv[1]).packages["node_modules/@vscode/ripgrep"].version)}catch{console.log("?")}' "$VS_DIR/npm-shrinkwrap.json")"
if [[ "$SHRINK_RG" != "$VSCODE_RIPGREP_VERSION" ]]; then
  log "WARNING: code-server pins @vscode/ripgrep $SHRINK_RG but the cache was prepared for $VSCODE_RIPGREP_VERSION"
fi
MISSING="$(missing_parts)"
[[ -z "$MISSING" ]] || die "code-server is incomplete, missing: $MISSING. Fix the cause shown above and re-run with FORCE=1."
log "code-server $CODE_SERVER_VERSION ready in ${CS_DIR#"$REPO_ROOT"/} ($(elapsed) in all)"
