import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './db/data-dir-lock';
import { ContentError } from './content/loader';
import { createApp } from './app';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  const { bootstrap } = app;
  if (bootstrap.generatedPassword) {
    // Shown once: it is stored only as an argon2 hash.
    console.log(
      '\n  初回起動: 運営者アカウントを作成しました / First start: operator account created',
    );
    console.log(`    email:    ${bootstrap.adminEmail}`);
    console.log(`    password: ${bootstrap.generatedPassword}`);
    if (config.demo) console.log('    (demo users share this password)');
    console.log('');
  }
  await app.http.listen({ port: config.port, host: config.host });
  const db = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.log(`Bansō is running at http://localhost:${config.port}/  [database: ${db}]`);
  if (app.ctx.devMailbox)
    console.log(`Development mailbox: SMTP on 127.0.0.1:${app.ctx.devMailbox.port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000);
    await app.stop();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof DataDirLockedError ||
    err instanceof ContentError
  ) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
