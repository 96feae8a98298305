#!/usr/bin/env node
// The source is TypeScript run through tsx, so editors and developers never need a separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
