#!/usr/bin/env node
'use strict';
// Built by `npm ci` / `npm install` (the `prepare` script compiles TypeScript into lib/).
require('../lib/src/cli/main.js').main();
