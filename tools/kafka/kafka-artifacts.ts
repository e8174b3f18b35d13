import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const KAFKA_TOOL_DIR = __dirname;
export const REPO_ROOT = resolve(__dirname, '..', '..');
const POM_PATH = join(KAFKA_TOOL_DIR, 'pom.xml');
const MARKER_FILE = '.complete';

/** Kafka version pinned in pom.xml, which stays the single source of truth. */
export const KAFKA_VERSION = readPomKafkaVersion();

function readPomKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM_PATH, 'utf8'));
  if (!match) throw new Error(`No <kafka.version> property in ${POM_PATH}`);
  return match[1].trim();
}

export function kafkaLibDir(): string {
  return join(REPO_ROOT, '.cache', 'kafka', KAFKA_VERSION, 'lib');
}

/** Downloads the broker's runtime jars once; later calls return the cached lib dir without Maven. */
export async function ensureKafkaArtifacts(): Promise<string> {
  const libDir = kafkaLibDir();
  const pomHash = await hashPom();
  if (await isCacheComplete(libDir, pomHash)) return libDir;

  process.stderr.write(`kafka: fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libDir} (first run only)\n`);
  // A private staging dir plus rename keeps concurrent callers (parallel test workers) from seeing half a lib dir.
  const stagingDir = `${libDir}.partial-${process.pid}`;
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  try {
    await runMaven(stagingDir);
    await writeFile(join(stagingDir, MARKER_FILE), pomHash);
    await publishStagingDir(stagingDir, libDir, pomHash);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
  return libDir;
}

async function hashPom(): Promise<string> {
  return createHash('sha256')
    .update(await readFile(POM_PATH))
    .digest('hex');
}

async function isCacheComplete(libDir: string, pomHash: string): Promise<boolean> {
  try {
    return (await readFile(join(libDir, MARKER_FILE), 'utf8')).trim() === pomHash;
  } catch {
    return false;
  }
}

async function publishStagingDir(stagingDir: string, libDir: string, pomHash: string): Promise<void> {
  if (await isCacheComplete(libDir, pomHash)) return;
  await rm(libDir, { recursive: true, force: true });
  try {
    await rename(stagingDir, libDir);
  } catch (error) {
    if (!(await isCacheComplete(libDir, pomHash))) throw error;
  }
}

function runMaven(outputDir: string): Promise<void> {
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', POM_PATH, 'dependency:copy-dependencies', `-DoutputDirectory=${outputDir}`, '-DincludeScope=runtime'];
  return new Promise((resolvePromise, reject) => {
    execFile('mvn', args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolvePromise();
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'Maven (mvn) is not on PATH; install it (e.g. apt-get install maven).'
          : `${stdout}${stderr}`.trim();
      reject(new Error(`Fetching Kafka ${KAFKA_VERSION} with Maven failed: ${reason}`));
    });
  });
}
