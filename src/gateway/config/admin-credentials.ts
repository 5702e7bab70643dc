import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { SettingsRepository } from '../storage/settings-repository';

/** settings key holding the sha256 (hex) of the persistent admin token. */
export const ADMIN_TOKEN_HASH_SETTING = 'admin_token_hash';
/** Where Gatehouse ≤ 0.1 kept the admin token in plain text; migrated into the settings table. */
export const LEGACY_ADMIN_TOKEN_FILE = 'admin-token';
/** Tokens shorter than this are refused: they would be guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

const LOGIN_CODE_LIFETIME_MS = 10 * 60_000;
const SESSION_LIFETIME_MS = 24 * 60 * 60_000;
// Both maps live in memory; caps keep a flood of login links or logins from growing them without bound.
const MAX_LOGIN_CODES = 50;
const MAX_SESSIONS = 200;

export function newAdminToken(): string {
  return `gha_${randomBytes(32).toString('base64url')}`;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function matches(presented: Buffer, stored: Buffer | null): boolean {
  return stored !== null && stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** The admin token as sent: `x-gatehouse-admin-token`, `Authorization: Bearer`, or `?token=`. */
export function presentedAdminToken(request: FastifyRequest): string | null {
  const header = request.headers['x-gatehouse-admin-token'];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer '))
    return authorization.slice(7).trim();
  // EventSource cannot set headers, so the live tail may carry the token in the query string.
  const query = request.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' && query.token ? query.token : null;
}

/** The cookie that carries a /ui session; named per port because browsers share cookies across ports. */
export function sessionCookieName(port: number): string {
  return `gatehouse_session_${port}`;
}

export interface OpenedAdminCredentials {
  credentials: AdminCredentials;
  /** The persistent admin token when this start created it: show it once, it is not stored. */
  createdToken: string | null;
  /** Set when a plain-text admin-token file from an older Gatehouse was moved into the database. */
  migratedLegacyFile: string | null;
}

/**
 * Everything that proves "this caller may administer the gateway": the persistent admin token (hashed in
 * the settings table, survives restarts, rotated with `gatehouse admin-token rotate`), a per-process token
 * (the desktop window and tests), and browser sessions for the headless web UI (one-time login codes that
 * become HttpOnly session cookies). Only hashes are kept; comparisons are constant-time.
 */
export class AdminCredentials {
  private readonly processTokenHash: Buffer;
  private readonly loginCodes = new Map<string, number>();
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly settings: SettingsRepository,
    processToken: string,
    private readonly now: () => number = Date.now,
  ) {
    checkTokenLength(processToken, 'The admin token');
    this.processTokenHash = sha256(processToken);
  }

  /**
   * Opens the credentials of a data directory: moves a legacy plain-text token file into the settings
   * table, and creates the persistent token on first start.
   */
  static open(settings: SettingsRepository, dataDir: string, processToken: string): OpenedAdminCredentials {
    const migratedLegacyFile = migrateLegacyTokenFile(settings, dataDir);
    let createdToken: string | null = null;
    if (!settings.get(ADMIN_TOKEN_HASH_SETTING)) createdToken = rotatePersistentToken(settings);
    return { credentials: new AdminCredentials(settings, processToken), createdToken, migratedLegacyFile };
  }

  /** True for the persistent token or this process's token. */
  verifyToken(token: string): boolean {
    const presented = sha256(token);
    // Read on every check, so a rotation by the CLI (another process) takes effect at once.
    const stored = this.settings.get(ADMIN_TOKEN_HASH_SETTING);
    const persistent = stored ? Buffer.from(stored, 'hex') : null;
    const persistentOk = matches(presented, persistent);
    const processOk = matches(presented, this.processTokenHash);
    return persistentOk || processOk;
  }

  /** A code for a one-time /ui login link, valid for 10 minutes. */
  issueLoginCode(): { code: string; expiresAt: number } {
    this.dropExpired(this.loginCodes);
    const code = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + LOGIN_CODE_LIFETIME_MS;
    addBounded(this.loginCodes, sha256(code).toString('hex'), expiresAt, MAX_LOGIN_CODES);
    return { code, expiresAt };
  }

  /** Spends a login code; returns a new session id, or null for an unknown, used or expired code. */
  redeemLoginCode(code: string): string | null {
    const key = sha256(code).toString('hex');
    const expiresAt = this.loginCodes.get(key);
    this.loginCodes.delete(key);
    if (expiresAt === undefined || expiresAt <= this.now()) return null;
    this.dropExpired(this.sessions);
    const sessionId = randomBytes(32).toString('base64url');
    addBounded(
      this.sessions,
      sha256(sessionId).toString('hex'),
      this.now() + SESSION_LIFETIME_MS,
      MAX_SESSIONS,
    );
    return sessionId;
  }

  verifySession(sessionId: string): boolean {
    const expiresAt = this.sessions.get(sha256(sessionId).toString('hex'));
    return expiresAt !== undefined && expiresAt > this.now();
  }

  endSession(sessionId: string): void {
    this.sessions.delete(sha256(sessionId).toString('hex'));
  }

  private dropExpired(map: Map<string, number>): void {
    const now = this.now();
    for (const [key, expiresAt] of map) if (expiresAt <= now) map.delete(key);
  }
}

/** Replaces the persistent admin token; returns the new one (the old one stops working). */
export function rotatePersistentToken(settings: SettingsRepository): string {
  const token = newAdminToken();
  settings.set(ADMIN_TOKEN_HASH_SETTING, sha256(token).toString('hex'));
  return token;
}

export function checkTokenLength(token: string, what: string): void {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH)
    throw new Error(`${what} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`);
}

function migrateLegacyTokenFile(settings: SettingsRepository, dataDir: string): string | null {
  const file = path.join(dataDir, LEGACY_ADMIN_TOKEN_FILE);
  let legacy: string;
  try {
    legacy = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // The file's token keeps working (scripts hold it), but no longer sits on disk in plain text. A hash
  // already in the database is newer (set by this version, e.g. `admin-token rotate`) and wins.
  if (legacy.length >= MIN_ADMIN_TOKEN_LENGTH && !settings.get(ADMIN_TOKEN_HASH_SETTING))
    settings.set(ADMIN_TOKEN_HASH_SETTING, sha256(legacy).toString('hex'));
  fs.rmSync(file, { force: true });
  return file;
}

function addBounded(map: Map<string, number>, key: string, value: number, limit: number): void {
  map.set(key, value);
  // Maps iterate in insertion order, so the first keys are the oldest.
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    map.delete(oldest);
  }
}
