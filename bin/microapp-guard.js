#!/usr/bin/env node
'use strict';
// The CLI and the language server live in one bundle built by `npm run build`, loaded with a V8 code cache.
require('../dist/boot.js').load().run();
