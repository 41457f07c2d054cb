#!/usr/bin/env node
// The `hosepipe` command: built into dist/cli/bin.js, which package.json's bin names. In a checkout,
// cli/bin.js runs this file from the sources through tsx.
import module from 'node:module';
import { main } from './main.js';

// Node 22.8 and later keep V8's compiled code of the modules loaded from here on in a cache on disk (under the
// OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a later start skips compiling them. That is the
// commands' chunks, which main.js imports when a command runs (the supervisor's `up` parses 2.5 MB of bundled JS),
// not this small entry's static imports, compiled before this line runs. Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The SDK versions are pinned by package-lock.json, so its notice about future releases needing
// Node 22 says nothing a user can act on here; users on Node 22+ never see it anyway.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await main(process.argv.slice(2));
