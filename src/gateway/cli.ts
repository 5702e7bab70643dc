import path from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { MIN_ADMIN_TOKEN_LENGTH, rotatePersistentToken } from './config/admin-credentials';
import { defaultDataDir } from './config/data-dir';
import { ConfigError } from './config/load-config';
import { DATABASE_FILE, startGateway } from './start-gateway';
import { openDatabase } from './storage/database';
import { KeyRepository } from './storage/key-repository';
import { SettingsRepository } from './storage/settings-repository';

const USAGE = `Usage:
  gatehouse serve [--config FILE] [--port N] [--host H] [--data-dir DIR] [--log-level LEVEL]
  gatehouse keys create NAME [--apis SLUG,SLUG…] [--data-dir DIR]
  gatehouse keys list [--data-dir DIR]
  gatehouse keys revoke NAME [--data-dir DIR]
  gatehouse admin-token rotate [--data-dir DIR]
  gatehouse --version

The data directory defaults to ${defaultDataDir()} (GATEHOUSE_DATA_DIR overrides it).
GATEHOUSE_ADMIN_TOKEN (at least ${MIN_ADMIN_TOKEN_LENGTH} characters) sets an extra admin token for one serve process.`;

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or config. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        apis: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    console.log(packageJson.version);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const [command, ...rest] = positionals;
  if (command === 'serve') return serve(values, dataDir);
  if (command === 'keys') return keys(rest, dataDir, values.apis);
  if (command === 'admin-token') return adminToken(rest, dataDir);
  return usageError(`unknown command "${command}"`);
}

async function serve(
  values: { config?: string; port?: string; host?: string; 'log-level'?: string },
  dataDir: string,
): Promise<number> {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return usageError(`--port must be 0-65535, got "${values.port}"`);
  }
  const logLevel = values['log-level'] as 'error' | 'warn' | 'info' | 'debug' | undefined;
  const processToken = process.env.GATEHOUSE_ADMIN_TOKEN || undefined;
  if (processToken !== undefined && processToken.length < MIN_ADMIN_TOKEN_LENGTH)
    return usageError(`GATEHOUSE_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`);
  let gateway;
  try {
    gateway = await startGateway({
      dataDir,
      port,
      host: values.host,
      configFile: values.config,
      logLevel: logLevel ?? 'error',
      adminToken: processToken,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`gatehouse: invalid config: ${error.message}`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      console.error(`gatehouse: port ${port} is in use; choose another with --port (0 picks a free one)`);
    else console.error(`gatehouse: cannot start: ${(error as Error).message}`);
    return 1;
  }
  for (const warning of gateway.warnings) console.error(`warning: ${warning}`);
  console.log(`Gatehouse listening on ${gateway.url}`);
  if (gateway.createdAdminToken) {
    console.log(`Admin token (shown once): ${gateway.createdAdminToken}`);
    console.error(
      'Store the admin token now: Gatehouse keeps only its hash (`gatehouse admin-token rotate` replaces it).',
    );
  }
  console.log(`Open the UI: ${gateway.uiLoginUrl()}`);
  console.log(`Data directory: ${dataDir}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        console.error(`gatehouse: ${signal} again, exiting now`);
        gateway.services.logWriter.close();
        resolve(1);
        return;
      }
      stopping = true;
      console.error(`gatehouse: ${signal} received, finishing in-flight requests…`);
      gateway.close().then(
        () => resolve(0),
        (error: unknown) => {
          console.error(`gatehouse: shutdown error: ${(error as Error).message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

function keys(args: string[], dataDir: string, apisOption?: string): number {
  const [action, name] = args;
  if (!action || !['create', 'list', 'revoke'].includes(action))
    return usageError('keys needs create, list or revoke');
  if (action !== 'list' && !name) return usageError(`keys ${action} needs a NAME`);
  // --apis limits the new key to these REST APIs (docs/rest-apis.md); without it the key may call all.
  const apis = (apisOption ?? '')
    .split(',')
    .map((slug) => slug.trim())
    .filter(Boolean);
  if (apisOption !== undefined && action !== 'create') return usageError('--apis goes with keys create');
  const badSlug = apis.find((slug) => !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(slug));
  if (badSlug !== undefined) return usageError(`--apis: "${badSlug}" is not an API slug`);
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    const repository = new KeyRepository(db);
    if (action === 'create') {
      const { key } = repository.create(name!, 'cli', {}, apis.length > 0 ? apis : null);
      console.log(key);
      console.error(`Created gateway key "${name}". It is shown only this once; store it now.`);
    } else if (action === 'revoke') {
      repository.revoke(name!);
      console.error(`Revoked gateway key "${name}".`);
    } else {
      for (const record of repository.list()) {
        const apiList = record.allowedApis ? `\tapis: ${record.allowedApis.join(',')}` : '';
        console.log(
          `${record.name}\t${record.hint}\t${record.source}${record.revokedAt ? '\trevoked' : ''}${apiList}`,
        );
      }
    }
    return 0;
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

function adminToken(args: string[], dataDir: string): number {
  if (args[0] !== 'rotate') return usageError('admin-token needs rotate');
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    console.log(rotatePersistentToken(new SettingsRepository(db)));
    console.error('New admin token (shown once). The previous one stopped working, in running gateways too.');
    return 0;
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

function usageError(message: string): number {
  console.error(`gatehouse: ${message}\n\n${USAGE}`);
  return 2;
}
