#!/usr/bin/env node
// The CLI from its TypeScript sources, for development and the tests: registers tsx, then runs cli/bin.ts.
// The `hosepipe` command itself runs the built dist/cli/bin.js (`npm run build`, or `make build`).
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
