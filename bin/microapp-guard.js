#!/usr/bin/env node
'use strict';
// The CLI and the language server live in one bundle built by `npm run build`.
require('../dist/server.js').run();
