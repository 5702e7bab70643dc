import { Badge, Button, Group } from '@mantine/core';
import type { LiveTailState } from './live-tail';

const labels: Record<LiveTailState, { text: string; color: string }> = {
  connecting: { text: 'Connecting…', color: 'gray' },
  live: { text: 'Live', color: 'teal' },
  reconnecting: { text: 'Reconnecting…', color: 'yellow' },
  stopped: { text: 'Live updates stopped', color: 'red' },
};

/** Whether new requests appear on their own; a stopped tail offers to reconnect. */
export function LiveStatus(props: { state: LiveTailState; paused: boolean; onReconnect(): void }) {
  const { state, paused, onReconnect } = props;
  const label = paused && state === 'live' ? { text: 'Paused', color: 'blue' } : labels[state];
  return (
    <Group gap="xs" wrap="nowrap" aria-live="polite">
      <Badge variant="dot" color={label.color} size="lg" miw={124} data-testid="live-status">
        {label.text}
      </Badge>
      {state === 'stopped' && (
        <Button size="compact-xs" variant="light" onClick={onReconnect}>
          Reconnect
        </Button>
      )}
    </Group>
  );
}
