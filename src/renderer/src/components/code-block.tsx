import { Code, Group } from '@mantine/core';
import type { CSSProperties } from 'react';
import { CopyButton } from './copy-button';

/** A snippet to paste somewhere else, with its copy button beside it (never on top of the text). */
export function CodeBlock({ code, label, wrap = false }: { code: string; label: string; wrap?: boolean }) {
  // Programs keep their lines (scrolling sideways); a single long line such as a key may wrap instead.
  const lines = wrap
    ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }
    : { whiteSpace: 'pre', overflowX: 'auto' };
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Code block fz="sm" style={{ flex: 1, minWidth: 0, ...lines } as CSSProperties}>
        {code}
      </Code>
      <CopyButton value={code} label={`Copy ${label}`} />
    </Group>
  );
}
