// The bundled fixtures are reproducible from their scenarios: a code change
// that alters the format or the scenarios must also refresh the files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../scripts/fixture-scenarios.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();

describe('bundled fixtures', () => {
  for (const [name, scenario] of Object.entries(FIXTURES)) {
    it(`${name} matches its scenario byte for byte (npm run fixtures rebuilds it)`, () => {
      const fresh = path.join(dir, name);
      scenario().writeTo(fresh);
      expect(fs.readFileSync(fresh).equals(fs.readFileSync(path.join(ROOT, 'fixtures', name)))).toBe(true);
    });
  }
});
