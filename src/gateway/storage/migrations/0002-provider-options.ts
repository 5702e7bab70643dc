import type { Migration } from '../migrate';

/** Provider-specific settings (e.g. Azure's api-version) as a JSON object. Never secrets. */
const providerOptions: Migration = {
  version: 2,
  name: 'provider-options',
  up(db) {
    db.exec(`ALTER TABLE providers ADD COLUMN options TEXT NOT NULL DEFAULT '{}'`);
  },
};

export default providerOptions;
