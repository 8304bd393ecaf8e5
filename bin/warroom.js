#!/usr/bin/env node
// `npx warroom …`: the admin CLI, run from its TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
