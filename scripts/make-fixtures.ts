// `npm run fixtures`: rebuilds fixtures/*.fcap from their scenarios. The output
// is deterministic, and a test checks the committed files still match.
import path from 'node:path';
import { FIXTURES } from './fixture-scenarios.js';

const dir = process.argv[2] ?? 'fixtures';
for (const [name, scenario] of Object.entries(FIXTURES)) {
  const footer = scenario().writeTo(path.join(dir, name));
  console.log(`${path.join(dir, name)}: ${footer.eventCount} events in ${footer.blocks.length} blocks`);
}
