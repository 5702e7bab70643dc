import { useMantineColorScheme } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import type { Theme } from '../../../shared/schemas/settings';
import { useSettingsStore } from '../stores/settings-store';
import { schemeToTheme, themeToScheme } from './theme';

/** Once at start: the theme saved in the gateway wins over this browser's last one. */
export function useSavedTheme(): void {
  const { setColorScheme } = useMantineColorScheme();
  const load = useSettingsStore((state) => state.load);
  useEffect(() => {
    void load().then((view) => {
      if (view) setColorScheme(themeToScheme(view.settings.theme));
    });
  }, [load, setColorScheme]);
}

/** The current theme and a setter that applies it at once and saves it in the gateway. */
export function useTheme(): { theme: Theme; setTheme(theme: Theme): Promise<void> } {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const save = useSettingsStore((state) => state.save);
  const setTheme = useCallback(
    async (next: Theme) => {
      setColorScheme(themeToScheme(next));
      await save({ theme: next });
    },
    [save, setColorScheme],
  );
  return { theme: schemeToTheme(colorScheme), setTheme };
}
