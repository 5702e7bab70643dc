import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { copyText } from '../lib/copy-text';
import { CheckIcon, CopyIcon } from './icons';

/** Copies `value`; says "Copied" for a moment, or why it could not. */
export function CopyButton({
  value,
  label = 'Copy',
  variant = 'icon',
}: {
  value: string;
  label?: string;
  variant?: 'icon' | 'button';
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  const copy = () => {
    copyText(value).then(
      () => setState('copied'),
      (error: unknown) => {
        setFailure(error instanceof Error ? error.message : String(error));
        setState('failed');
      },
    );
    setTimeout(() => setState('idle'), 1800);
  };
  const tip = state === 'copied' ? 'Copied' : state === 'failed' ? failure : label;
  if (variant === 'button') {
    return (
      <Tooltip label={tip} opened={state !== 'idle' ? true : undefined}>
        <Button
          variant={state === 'copied' ? 'filled' : 'light'}
          color={state === 'copied' ? 'teal' : undefined}
          leftSection={state === 'copied' ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
          onClick={copy}
          miw={110}
        >
          {state === 'copied' ? 'Copied' : label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={tip} opened={state !== 'idle' ? true : undefined}>
      <ActionIcon
        variant="subtle"
        color={state === 'copied' ? 'teal' : 'gray'}
        onClick={copy}
        aria-label={label}
      >
        {state === 'copied' ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      </ActionIcon>
    </Tooltip>
  );
}
