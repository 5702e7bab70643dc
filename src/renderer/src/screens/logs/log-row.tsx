import { Badge, Group, Text } from '@mantine/core';
import type { LogSummary } from '../../../../shared/schemas/log-record';
import { formatCost, formatCount, formatMs, formatTime, statusColor } from './log-format';
import classes from './log-list.module.css';

export const logRowHeight = 36;

interface LogRowProps {
  row: LogSummary;
  index: number;
  start: number;
  active: boolean;
  open: boolean;
  onClick(index: number): void;
}

/** One request in the virtualised list; its id is the listbox's active descendant when focused. */
export function LogRow({ row, index, start, active, open, onClick }: LogRowProps): React.JSX.Element {
  const tokens =
    row.inputTokens === null && row.outputTokens === null
      ? '—'
      : `${formatCount(row.inputTokens)} → ${formatCount(row.outputTokens)}`;
  return (
    <div
      id={`log-row-${row.id}`}
      role="option"
      aria-selected={active}
      data-active={active || undefined}
      data-open={open || undefined}
      data-testid="log-row"
      data-id={row.id}
      className={classes.row}
      style={{ height: logRowHeight, transform: `translateY(${start}px)` }}
      onClick={() => onClick(index)}
    >
      <span className={classes.cell} title={new Date(row.time).toISOString()}>
        {formatTime(row.time)}
      </span>
      <span className={classes.cell}>
        <Badge
          size="sm"
          variant="light"
          color={statusColor(row.status, row.outcome)}
          data-testid="log-status"
        >
          {row.status}
        </Badge>
      </span>
      <Group gap={6} wrap="nowrap" className={classes.cell}>
        <Text span size="sm" truncate data-testid="log-model">
          {row.model ?? <span className={classes.muted}>{row.endpoint}</span>}
        </Text>
        {row.stream && (
          <Badge size="xs" variant="outline" color="gray">
            stream
          </Badge>
        )}
        {row.cacheHit && (
          <Badge size="xs" variant="outline" color="grape">
            cache
          </Badge>
        )}
        {row.warnings && (
          <Badge size="xs" variant="outline" color="yellow" title={row.warnings}>
            warning
          </Badge>
        )}
      </Group>
      <span className={`${classes.cell} ${classes.wide}`}>{row.provider ?? '—'}</span>
      <span className={`${classes.cell} ${classes.wide}`}>{row.keyName ?? '—'}</span>
      <span className={classes.number}>{formatMs(row.latencyMs)}</span>
      <span className={classes.number}>{tokens}</span>
      <span className={classes.number}>{formatCost(row.costUsd)}</span>
    </div>
  );
}
