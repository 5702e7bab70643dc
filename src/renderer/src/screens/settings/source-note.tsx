import { Code } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SettingSource } from '../../../../shared/schemas/settings';

/** Why a field cannot be changed here, or null when it can. */
export function lockedReason(source: SettingSource, flag: string): ReactNode | null {
  if (source === 'config') return 'Set in the config file; change it there.';
  if (source !== 'start-option') return null;
  if (window.gatehouse)
    return 'The desktop app decides this: it listens on 127.0.0.1 and keeps its port in desktop.json.';
  return (
    <>
      Set by <Code>gatehouse serve {flag}</Code>; start without it to use the saved value.
    </>
  );
}
