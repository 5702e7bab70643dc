import { Button, Loader } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogSummary } from '../../../../shared/schemas/log-record';
import classes from './log-list.module.css';
import { LogRow, logRowHeight } from './log-row';

/** Start the next page while this many rows are still below the viewport. */
const prefetchRows = 150;

interface LogListProps {
  items: LogSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  onLoadMore(): void;
  onOpen(id: string): void;
  /** The row whose details are open. */
  openId: string | null;
}

/**
 * The request log as a virtualised listbox: only the rows in view are in the DOM, so 100,000 loaded rows
 * scroll like 100. Focus stays on the list; arrows, Page Up/Down, Home and End move the active row and
 * Enter opens it.
 */
export function LogList(props: LogListProps): React.JSX.Element {
  const { items, hasMore, loadingMore, moreError, onLoadMore, onOpen, openId } = props;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => logRowHeight,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: 10,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingMore && !moreError && lastVisible >= items.length - prefetchRows) onLoadMore();
  }, [hasMore, loadingMore, moreError, lastVisible, items.length, onLoadMore]);

  // Live rows arrive on top. When the reader has scrolled down, shift by exactly the rows added so that
  // what they are looking at stays put; at the very top they see the newest rows come in.
  const previousFirst = useRef<string | undefined>(items[0]?.id);
  useLayoutEffect(() => {
    const before = previousFirst.current;
    previousFirst.current = items[0]?.id;
    const scroller = scrollerRef.current;
    if (!before || !scroller || items[0]?.id === before) return;
    const added = items.findIndex((row) => row.id === before);
    if (added <= 0) {
      // A different list (new filters): start at the top.
      if (added < 0) {
        scroller.scrollTop = 0;
        setActiveIndex(0);
      }
      return;
    }
    if (scroller.scrollTop > 0) scroller.scrollTop += added * logRowHeight;
    setActiveIndex((index) => index + added);
  }, [items]);

  const active = Math.min(activeIndex, Math.max(items.length - 1, 0));
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const pageRows = Math.max(1, Math.floor((scrollerRef.current?.clientHeight ?? 0) / logRowHeight) - 1);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageRows,
      PageUp: active - pageRows,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if ((event.key === 'Enter' || event.key === ' ') && items[active]) {
      event.preventDefault();
      onOpen(items[active].id);
    }
  };

  return (
    <div className={classes.frame}>
      <div className={classes.header} aria-hidden>
        <span>Time</span>
        <span>Status</span>
        <span>Model</span>
        <span className={classes.wide}>Provider</span>
        <span className={classes.wide}>Key</span>
        <span className={classes.number}>Latency</span>
        <span className={classes.number} title="Input tokens → output tokens">
          Tokens
        </span>
        <span className={classes.number}>Cost</span>
      </div>
      <div
        ref={scrollerRef}
        className={classes.scroller}
        role="listbox"
        aria-label="Requests, newest first"
        aria-activedescendant={items[active] ? `log-row-${items[active].id}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="log-list"
        data-rows={items.length}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((virtualRow) => {
            const row = items[virtualRow.index];
            return row ? (
              <LogRow
                key={row.id}
                row={row}
                index={virtualRow.index}
                start={virtualRow.start}
                active={virtualRow.index === active}
                open={row.id === openId}
                onClick={(index) => {
                  setActiveIndex(index);
                  onOpen(row.id);
                }}
              />
            ) : null;
          })}
        </div>
        <div className={classes.footer} data-testid="log-list-footer">
          {loadingMore && (
            <>
              <Loader size="xs" /> Loading older requests…
            </>
          )}
          {!loadingMore && moreError && (
            <>
              Could not load older requests: {moreError}
              <Button size="compact-xs" variant="light" onClick={onLoadMore}>
                Retry
              </Button>
            </>
          )}
          {!loadingMore && !moreError && !hasMore && items.length > 0 && 'The start of the log'}
        </div>
      </div>
    </div>
  );
}
