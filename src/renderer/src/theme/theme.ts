import { createTheme, localStorageColorSchemeManager, type MantineColorScheme } from '@mantine/core';
import type { Theme } from '../../../shared/schemas/settings';

/** The one design system: Mantine's components with these few choices on top. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  // Keyboard users always see where focus is; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
  },
});

/**
 * The scheme is mirrored in localStorage so the first paint already has it; the Settings API holds the
 * user's choice across browsers and the desktop window.
 */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'gatehouse-color-scheme' });

export function themeToScheme(value: Theme): MantineColorScheme {
  return value === 'system' ? 'auto' : value;
}

export function schemeToTheme(scheme: MantineColorScheme): Theme {
  return scheme === 'auto' ? 'system' : scheme;
}
