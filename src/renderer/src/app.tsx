import { AppShell, MantineProvider } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useHashRoute } from './navigation/use-hash-route';
import { AppHeader } from './shell/app-header';
import { AppNavbar } from './shell/app-navbar';
import { ScreenOutlet } from './shell/screen-outlet';
import { colorSchemeManager, theme } from './theme/theme';
import { useSavedTheme } from './theme/use-theme';

function Shell() {
  const screen = useHashRoute();
  const [navOpened, nav] = useDisclosure(false);
  useSavedTheme();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <a href="#main" className="gatehouse-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      <AppShell.Navbar>
        <AppNavbar current={screen} onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ScreenOutlet screen={screen} />
      </AppShell.Main>
    </AppShell>
  );
}

/** The GUI: one Mantine theme, a left navbar and hash-routed screens (#/overview, #/logs, …). */
export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Shell />
    </MantineProvider>
  );
}
