import type { Migration } from '../migrate';
import initial from './0001-initial';
import providerOptions from './0002-provider-options';
import logWarnings from './0003-log-warnings';
import routing from './0004-routing';
import keyLimits from './0005-key-limits';
import responseCache from './0006-response-cache';
import promptsExperiments from './0007-prompts-experiments';
import restApis from './0008-rest-apis';
import partialLogIndexes from './0009-partial-log-indexes';
import rareStatusIndexes from './0010-rare-status-indexes';

/** Every migration, oldest first. Append new ones; never edit or reorder a released one. */
export const migrations: readonly Migration[] = [
  initial,
  providerOptions,
  logWarnings,
  routing,
  keyLimits,
  responseCache,
  promptsExperiments,
  restApis,
  partialLogIndexes,
  rareStatusIndexes,
];
