// Every command has a man page that names every flag, and the README keeps
// its two set-up commands at the top.
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

const config = await Config.load(ROOT);
const commands = config.commands.filter((c) => c.pluginName === 'falco-ts');

describe('documentation', () => {
  it('finds the project commands', () => {
    expect(commands.map((c) => c.id)).toContain('info');
  });

  it('has man/falco-ts.1 listing every command', () => {
    const page = fs.readFileSync(path.join(ROOT, 'man/falco-ts.1'), 'utf8');
    for (const c of commands) expect(page, c.id).toContain(`falco-ts-${c.id.replaceAll(':', '-')}`);
  });

  for (const c of commands) {
    it(`has a man page for "${c.id}" naming every flag`, () => {
      const file = path.join(ROOT, 'man', `falco-ts-${c.id.replaceAll(':', '-')}.1`);
      expect(fs.existsSync(file), file).toBe(true);
      const page = fs.readFileSync(file, 'utf8').replaceAll('\\-', '-');
      for (const [name, flag] of Object.entries(c.flags)) {
        expect(page, `--${name}`).toContain(`--${name}`);
        if (flag.char) expect(page, `-${flag.char}`).toContain(`-${flag.char}`);
      }
    });

    it(`"${c.id} --help" works`, () => {
      const r = runCli([...c.id.split(':'), '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('USAGE');
    });
  }

  it('README starts with the install-and-run command and the test command', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```(?:sh|bash)?\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(blocks[0]).toMatch(/^npm ci && npx falco-ts \S+ fixtures\//);
    expect(blocks[1]).toBe('npm test');
  });
});
