import { Alert } from '@mantine/core';

export interface NoticeMessage {
  color: 'teal' | 'red' | 'yellow' | 'blue';
  title: string;
  text: string;
}

/** The outcome of the last action on a screen, until dismissed or replaced. */
export function Notice({ notice, onClose }: { notice: NoticeMessage | null; onClose(): void }) {
  if (!notice) return null;
  return (
    <Alert
      color={notice.color}
      title={notice.title}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      role={notice.color === 'red' ? 'alert' : 'status'}
    >
      {notice.text}
    </Alert>
  );
}
