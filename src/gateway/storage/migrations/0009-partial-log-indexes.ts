import type { Migration } from '../migrate';

/**
 * Most log rows have no prompt, experiment or REST API: their indexes now cover only the rows that do.
 * Every index is work on every insert, and the log writer inserts once per request (docs/benchmarks.md);
 * a filter `prompt = ?` implies `prompt IS NOT NULL`, so SQLite still uses these indexes for it.
 */
const partialLogIndexes: Migration = {
  version: 9,
  name: 'partial-log-indexes',
  up(db) {
    db.exec(`
      DROP INDEX logs_prompt_id;
      DROP INDEX logs_experiment_id;
      DROP INDEX logs_api_id;
      CREATE INDEX logs_prompt_id ON logs (prompt, id) WHERE prompt IS NOT NULL;
      CREATE INDEX logs_experiment_id ON logs (experiment_id, id) WHERE experiment_id IS NOT NULL;
      CREATE INDEX logs_api_id ON logs (api, id) WHERE api IS NOT NULL;
    `);
  },
};

export default partialLogIndexes;
