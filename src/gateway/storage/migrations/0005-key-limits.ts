import type { Migration } from '../migrate';

/** Per-key limits; NULL means no limit. Spend itself is not stored here: it is summed from the log. */
const keyLimits: Migration = {
  version: 5,
  name: 'key-limits',
  up(db) {
    db.exec(`
      ALTER TABLE gateway_keys ADD COLUMN requests_per_minute INTEGER CHECK (requests_per_minute >= 1);
      ALTER TABLE gateway_keys ADD COLUMN tokens_per_minute INTEGER CHECK (tokens_per_minute >= 1);
      ALTER TABLE gateway_keys ADD COLUMN usd_per_day REAL CHECK (usd_per_day >= 0);
      ALTER TABLE gateway_keys ADD COLUMN usd_per_month REAL CHECK (usd_per_month >= 0);
    `);
  },
};

export default keyLimits;
