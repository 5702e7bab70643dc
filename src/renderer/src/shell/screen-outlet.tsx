import { useEffect, type ReactNode } from 'react';
import { SCREEN_LABELS, type ScreenPath } from '../navigation/screens';
import { ApisScreen } from '../screens/apis/apis-screen';
import { CostsScreen } from '../screens/costs/costs-screen';
import { ExperimentsScreen } from '../screens/experiments/experiments-screen';
import { KeysScreen } from '../screens/keys/keys-screen';
import { LogsScreen } from '../screens/logs/logs-screen';
import { OverviewScreen } from '../screens/overview/overview-screen';
import { PromptsScreen } from '../screens/prompts/prompts-screen';
import { ProvidersScreen } from '../screens/providers/providers-screen';
import { RoutesScreen } from '../screens/routes/routes-screen';
import { SettingsScreen } from '../screens/settings/settings-screen';
import { ScreenErrorBoundary } from './screen-error-boundary';

function screenElement(screen: ScreenPath): ReactNode {
  switch (screen) {
    case 'overview':
      return <OverviewScreen />;
    case 'providers':
      return <ProvidersScreen />;
    case 'routes':
      return <RoutesScreen />;
    case 'keys':
      return <KeysScreen />;
    case 'logs':
      return <LogsScreen />;
    case 'costs':
      return <CostsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'apis':
      return <ApisScreen />;
    case 'prompts':
      return <PromptsScreen />;
    case 'experiments':
      return <ExperimentsScreen />;
  }
}

/** The screen the hash names; the window title follows it. */
export function ScreenOutlet({ screen }: { screen: ScreenPath }) {
  useEffect(() => {
    document.title = `${SCREEN_LABELS[screen]} · Gatehouse`;
  }, [screen]);
  // A key per screen: leaving a screen drops its state (and a crash) and stops its polling.
  return (
    <ScreenErrorBoundary key={screen}>
      <div>{screenElement(screen)}</div>
    </ScreenErrorBoundary>
  );
}
