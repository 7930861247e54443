#!/usr/bin/env node
// Subpath imports: the package index would load all of oclif (help, ux, ...) on every run.
import { execute } from '@oclif/core/execute';

await execute({ dir: import.meta.url });
