import { Code, Text } from '@mantine/core';
import { useComputedColorScheme } from '@mantine/core';
import { useMemo } from 'react';
import { collapseAllNested, darkStyles, defaultStyles, JsonView } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';
import classes from './log-detail.module.css';

type Parsed = { kind: 'json'; value: object } | { kind: 'events'; value: unknown[] } | { kind: 'text' };

/** JSON as is; a streamed answer (SSE text) as the list of its events; anything else as text. */
function parseBody(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return { kind: 'json', value };
  } catch {
    // Not one JSON document: maybe a stream.
  }
  const lines = text.split(/\r?\n/).filter((line) => line.startsWith('data:'));
  if (lines.length === 0) return { kind: 'text' };
  const events = lines.map((line) => {
    const data = line.slice(5).trim();
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return data;
    }
  });
  return { kind: 'events', value: events };
}

/** A request or response body: collapsible JSON (first levels open), or plain text when it is not JSON. */
export function JsonBody({ text, label }: { text: string | null; label: string }): React.JSX.Element {
  const scheme = useComputedColorScheme('light');
  const parsed = useMemo(() => (text === null ? null : parseBody(text)), [text]);
  if (text === null || parsed === null)
    return (
      <Text size="sm" c="dimmed">
        Not logged. Turn on body logging in Settings to keep bodies of new requests.
      </Text>
    );
  if (parsed.kind === 'text')
    return (
      <Code block className={classes.text}>
        {text}
      </Code>
    );
  const base = scheme === 'dark' ? darkStyles : defaultStyles;
  return (
    <div className={classes.json} aria-label={label}>
      {parsed.kind === 'events' && (
        <Text size="xs" c="dimmed" mb={4}>
          Streamed: {parsed.value.length} events
        </Text>
      )}
      <JsonView
        data={parsed.value}
        shouldExpandNode={
          parsed.kind === 'events' ? collapseAllNested : (level) => level < (text.length < 4000 ? 6 : 2)
        }
        clickToExpandNode
        style={{ ...base, container: `${base.container} ${classes.jsonContainer}` }}
      />
    </div>
  );
}
