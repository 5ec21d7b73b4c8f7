// Fails when the table definitions have changed without a generated migration checked in.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const list = () => new Set(fs.readdirSync('drizzle/meta').concat(fs.readdirSync('drizzle')));
const before = list();
const snapshot = new Map(
  [...fs.readdirSync('drizzle/meta')].map((f) => [f, fs.readFileSync(`drizzle/meta/${f}`, 'utf8')]),
);
const result = spawnSync('npx', ['drizzle-kit', 'generate', '--name', 'drift_check'], {
  encoding: 'utf8',
});
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
const added = [...list()].filter((f) => !before.has(f));
if (added.length > 0) {
  for (const f of added)
    fs.rmSync(fs.existsSync(`drizzle/${f}`) ? `drizzle/${f}` : `drizzle/meta/${f}`);
  for (const [f, text] of snapshot) fs.writeFileSync(`drizzle/meta/${f}`, text);
  console.error(
    'Schema drift: the tables changed but no migration was generated. Run `npm run db:generate` and commit drizzle/.',
  );
  process.exit(1);
}
console.log('Migrations match the schema.');
