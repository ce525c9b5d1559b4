#!/usr/bin/env node
// The `housing` CLI runs the TypeScript sources through tsx, so a fresh clone needs no build step.
'use strict';
require('tsx/cjs/api').register();
require('../cli/main.ts');
