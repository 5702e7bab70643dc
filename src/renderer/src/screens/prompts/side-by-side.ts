import type { DiffLine } from '../../../../shared/schemas/prompts';

export interface DiffCell {
  kind: DiffLine['kind'];
  text: string;
  line: number | null;
}

export interface DiffRow {
  left: DiffCell | null;
  right: DiffCell | null;
}

/**
 * Turns the gateway's line diff into rows for two columns: unchanged lines on both sides, and each run of
 * removed lines paired with the run of added lines that follows it, so a changed line sits beside its new text.
 */
export function sideBySide(lines: DiffLine[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: DiffCell[] = [];
  let added: DiffCell[] = [];
  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index += 1) {
      rows.push({ left: removed[index] ?? null, right: added[index] ?? null });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === 'removed') {
      if (added.length > 0) flush();
      removed.push({ kind: 'removed', text: line.text, line: line.fromLine });
    } else if (line.kind === 'added') {
      added.push({ kind: 'added', text: line.text, line: line.toLine });
    } else {
      flush();
      rows.push({
        left: { kind: 'unchanged', text: line.text, line: line.fromLine },
        right: { kind: 'unchanged', text: line.text, line: line.toLine },
      });
    }
  }
  flush();
  return rows;
}
