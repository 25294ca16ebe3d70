#!/usr/bin/env node
// The `echo-sandbox` bin: a committed file, so installing the workspace links it before dist/ is built (a bin
// pointing into dist/ made every install warn "Failed to create bin"). The CLI itself is the built dist/cli.js.
import '../dist/cli.js';
