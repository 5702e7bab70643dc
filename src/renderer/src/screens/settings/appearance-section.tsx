import { SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import type { Theme } from '../../../../shared/schemas/settings';
import { errorText } from '../../lib/error-text';
import { useTheme } from '../../theme/use-theme';
import { SettingsSection } from './settings-section';

export function AppearanceSection() {
  const { theme, setTheme } = useTheme();
  const [error, setError] = useState<string | null>(null);
  return (
    <SettingsSection
      title="Appearance"
      description="Applies at once and is saved in the gateway, so the desktop window and the web UI look the same."
    >
      <SegmentedControl
        aria-label="Theme"
        value={theme}
        onChange={(value) => {
          setError(null);
          setTheme(value as Theme).catch((caught: unknown) =>
            setError(`The theme applies here but was not saved: ${errorText(caught)}`),
          );
        }}
        data={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
          { value: 'system', label: 'Same as the system' },
        ]}
        maw={460}
      />
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </SettingsSection>
  );
}
