import { parseArgs } from 'node:util';
import { startSmtpSink } from '@ekyc/smtp-sink';

/**
 * Runs the SMTP sink on its own: `node -r @swc-node/register tools/smtp-sink/cli.ts [--smtp-port 4026]
 * [--http-port 4025] [--host 127.0.0.1]`. The defaults are the ports `npm start` uses (gateway port + 26 and + 25).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'smtp-port': { type: 'string', default: '4026' },
      'http-port': { type: 'string', default: '4025' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const sink = await startSmtpSink({ smtpPort: Number(values['smtp-port']), httpPort: Number(values['http-port']), host: values.host });
  process.stdout.write(`SMTP_URL=${sink.smtpUrl}\nsmtp-sink messages: ${sink.httpUrl}/messages\n`);
  const stop = () => void sink.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`smtp-sink: ${err.message}\n`);
  process.exit(1);
});
