import { Badge, Tooltip } from '@mantine/core';
import type { CircuitView } from '../../../../shared/schemas/routes';

const looks = {
  closed: { color: 'teal', label: 'Healthy' },
  open: { color: 'red', label: 'Circuit open' },
  'half-open': { color: 'yellow', label: 'Probing' },
} as const;

/** A target's circuit breaker in words: healthy, skipped after failures, or being tried again. */
export function CircuitBadge({ circuit }: { circuit: CircuitView }) {
  const look = looks[circuit.state];
  const detail =
    circuit.state === 'closed'
      ? circuit.consecutiveFailures > 0
        ? `${circuit.consecutiveFailures} failure(s) in a row so far`
        : 'Requests go to this target'
      : circuit.state === 'open'
        ? `Skipped after ${circuit.consecutiveFailures} failures in a row${circuit.openedAt ? `, since ${new Date(circuit.openedAt).toLocaleTimeString()}` : ''}; tried again after the cool-down`
        : 'One request is testing whether it recovered';
  return (
    <Tooltip label={detail} multiline maw={280}>
      <Badge color={look.color} variant="light" radius="sm" miw={104} tabIndex={0}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
