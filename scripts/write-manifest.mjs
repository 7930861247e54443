#!/usr/bin/env node
// Part of `npm run build`: writes oclif.manifest.json, the command table oclif
// reads at start-up. Without it oclif imports every command module (and with
// them the whole library) on each run just to find the one asked for; with it
// only that command's module is loaded. It is generated from the built
// commands by oclif itself (the same data `oclif manifest` writes), so it never
// drifts from dist/; it is not committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'oclif.manifest.json');
// A stale manifest would be read back as the answer: remove it first.
fs.rmSync(target, { force: true });
const config = await Config.load({ root, ignoreManifest: true });
const plugin = config.plugins.get(config.pjson.name);
if (plugin === undefined) throw new Error(`oclif did not load the ${config.pjson.name} plugin from ${root}`);
const { manifest } = plugin;
const count = Object.keys(manifest.commands).length;
if (count === 0) throw new Error('oclif found no commands under the configured commands directory');
fs.writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${count} commands`);
