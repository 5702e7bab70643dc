export const SCREEN_PATHS = [
  'overview',
  'providers',
  'routes',
  'apis',
  'keys',
  'prompts',
  'experiments',
  'logs',
  'costs',
  'settings',
] as const;
export type ScreenPath = (typeof SCREEN_PATHS)[number];

export const DEFAULT_SCREEN: ScreenPath = 'overview';

export const SCREEN_LABELS: Record<ScreenPath, string> = {
  overview: 'Overview',
  providers: 'Providers',
  routes: 'Routes',
  apis: 'APIs',
  keys: 'Keys',
  prompts: 'Prompts',
  experiments: 'Experiments',
  logs: 'Logs',
  costs: 'Costs',
  settings: 'Settings',
};

/** The navbar's sections, in order. */
export const SCREEN_GROUPS: Array<{ label: string; screens: ScreenPath[] }> = [
  { label: 'Gateway', screens: ['overview', 'providers', 'routes', 'apis', 'keys'] },
  { label: 'Prompts', screens: ['prompts', 'experiments'] },
  { label: 'Observe', screens: ['logs', 'costs'] },
];

/** `#/providers` → providers; anything unknown opens the Overview. */
export function screenFromHash(hash: string): ScreenPath {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (SCREEN_PATHS as readonly string[]).includes(name) ? (name as ScreenPath) : DEFAULT_SCREEN;
}

export function hashOf(screen: ScreenPath): string {
  return `#/${screen}`;
}
