import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningGateway } from '../../src/gateway/start-gateway';
import { tempDir } from '../helpers/gateway-harness';

/**
 * A data directory whose disk can be filled and emptied again while a gateway runs.
 *
 * - `tmpfs`: a small tmpfs is mounted on the directory and a filler file takes every free byte; SQLite then
 *   gets ENOSPC from the kernel, exactly as on a full disk. Needs CAP_SYS_ADMIN (root in CI).
 * - `max_page_count`: where mounting is not allowed, `PRAGMA max_page_count` on the gateway's own
 *   connection (LogWriter.database, the documented test hook) caps the file at its current size; the real
 *   SQLite engine then answers SQLITE_FULL, the same error a full disk gives.
 */
export interface FullDisk {
  dataDir: string;
  mechanism: 'tmpfs' | 'max_page_count';
  fill(gateway: RunningGateway): void;
  free(gateway: RunningGateway): void;
  cleanup(): void;
}

const TMPFS_SIZE = '24m';

export function createFullDisk(): FullDisk {
  const dataDir = tempDir('gatehouse-full-disk-');
  // GATEHOUSE_TEST_FULL_DISK=max_page_count runs the fallback where mounting would work too.
  if (process.env.GATEHOUSE_TEST_FULL_DISK === 'max_page_count') return pageCountDisk(dataDir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dataDir], { stdio: 'pipe' });
  } catch {
    return pageCountDisk(dataDir);
  }
  const filler = path.join(dataDir, 'filler.bin');
  return {
    dataDir,
    mechanism: 'tmpfs',
    fill() {
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(256 * 1024, 1);
      try {
        // Bounded: a 24 MB filesystem takes at most ~100 chunks.
        for (let written = 0; written < 1000; written += 1) fs.writeSync(fd, chunk);
        throw new Error('the tmpfs never filled up');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    cleanup() {
      try {
        execFileSync('umount', ['-l', dataDir], { stdio: 'pipe' });
      } catch {
        // Already gone.
      }
    },
  };
}

function pageCountDisk(dataDir: string): FullDisk {
  return {
    dataDir,
    mechanism: 'max_page_count',
    fill(gateway) {
      const db = gateway.services.logWriter.database;
      db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    },
    free(gateway) {
      gateway.services.logWriter.database.pragma('max_page_count = 1073741823');
    },
    cleanup() {},
  };
}
