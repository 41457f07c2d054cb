#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run as they are, then runs the CLI.
import { register } from 'tsx/esm/api';

// The SDK versions are pinned by package-lock.json, so its notice about future releases needing
// Node 22 says nothing a user can act on here; HOSEPIPE users on Node 22+ never see it anyway.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
