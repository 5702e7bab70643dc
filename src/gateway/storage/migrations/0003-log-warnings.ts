import type { Migration } from '../migrate';

/** Settings a provider could not honour (translation warnings), one per line. */
const logWarnings: Migration = {
  version: 3,
  name: 'log-warnings',
  up(db) {
    db.exec(`ALTER TABLE logs ADD COLUMN warnings TEXT`);
  },
};

export default logWarnings;
