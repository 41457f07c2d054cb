#!/usr/bin/env node
// The `hosepipe` command: built into dist/cli/bin.js, which package.json's bin names. In a checkout,
// cli/bin.js runs this file from the sources through tsx.
import { main } from './main.js';

// The SDK versions are pinned by package-lock.json, so its notice about future releases needing
// Node 22 says nothing a user can act on here; users on Node 22+ never see it anyway.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await main(process.argv.slice(2));
