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

describe('falco-ts fields', () => {
  it('lists the catalog as text, JSON and Markdown', () => {
    const text = runCli(['fields']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Field class: evt$/m);
    expect(text.stdout).toMatch(/^proc\.name\s+CHARBUF\s+/m);
    const json = JSON.parse(runCli(['fields', '--json']).stdout) as { name: string; supported: boolean }[];
    expect(json.find((f) => f.name === 'fd.name')).toMatchObject({ supported: true });
    expect(json.length).toBeGreaterThan(250);
    expect(runCli(['fields', '--markdown']).stdout).toMatch(/^\| `proc\.pname` \| CHARBUF \| yes \|/m);
    expect(runCli(['fields', '--json', '--markdown']).status).toBe(2);
  });
});
