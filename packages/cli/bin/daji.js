#!/usr/bin/env node
// Committed launcher so that pnpm can link the `daji` bin before the first build.
import '../dist/cli.js';
