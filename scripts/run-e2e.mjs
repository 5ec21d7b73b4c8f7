// `npm run test:e2e`: browser journeys in Debian's Chromium against a freshly built, freshly seeded server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (!fs.existsSync('/usr/bin/chromium')) {
  console.error(
    'Chromium is missing: apt-get install chromium fonts-noto-cjk (.ci/run does this).',
  );
  process.exit(1);
}
const build = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const args = [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--config',
  'vitest.e2e.config.ts',
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
