import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { startJobs } from './jobs/registry';

/** `npm run worker`: works the job queue in its own process, beside any number of web instances. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'npm run worker needs DATABASE_URL: the embedded PGlite database belongs to one process, where `npm start` already runs the jobs.',
    );
  }
  const database = await openDatabase({ kind: 'postgresql', url: config.databaseUrl });
  await database.migrate();
  // Without an SMTP relay, mail goes to the development mailbox of the web process on this machine.
  const smtpUrl = config.smtpUrl ?? `smtp://127.0.0.1:${config.devSmtpPort}`;
  const jobs = await startJobs(config, database, { smtpUrl, work: true });
  console.log('Bansō worker is running');
  const shutdown = async () => {
    await jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
