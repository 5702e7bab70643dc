import { Badge, Button, Code, Group, Stack, Text, Timeline } from '@mantine/core';
import type { PromptVersion } from '../../../../shared/schemas/prompts';
import { formatDate } from '../../lib/format';

function paramsText(version: PromptVersion): string {
  return Object.entries(version.params)
    .map(([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/** Versions newest first, each with its commit message, model, labels and what to do with it. */
export function VersionTimeline({
  versions,
  onNewFrom,
  onCompare,
  onPlay,
}: {
  versions: PromptVersion[];
  onNewFrom(version: PromptVersion): void;
  onCompare(from: number, to: number): void;
  onPlay(version: number): void;
}) {
  return (
    <Timeline active={0} bulletSize={22} lineWidth={2} aria-label="Versions, newest first">
      {versions.map((version, index) => {
        const previous = versions[index + 1];
        return (
          <Timeline.Item
            key={version.version}
            bullet={
              <Text size="xs" fw={700}>
                {version.version}
              </Text>
            }
            title={
              <Group gap="xs">
                <Text fw={600}>Version {version.version}</Text>
                {version.labels.map((label) => (
                  <Badge
                    key={label}
                    size="sm"
                    radius="sm"
                    tt="none"
                    variant={label === 'latest' ? 'default' : 'light'}
                  >
                    {label}
                  </Badge>
                ))}
              </Group>
            }
          >
            <Stack gap={4} pb="md">
              <Text
                size="sm"
                fs={version.commitMessage ? undefined : 'italic'}
                c={version.commitMessage ? undefined : 'dimmed'}
              >
                {version.commitMessage || 'No commit message'}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDate(version.createdAt)} · <Code fz="xs">{version.model}</Code>
                {Object.keys(version.params).length > 0 && ` · ${paramsText(version)}`}
                {version.variables.length > 0 &&
                  ` · variables: ${version.variables.map((variable) => variable.name).join(', ')}`}
              </Text>
              <Group gap="xs" mt={4}>
                {previous && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => onCompare(previous.version, version.version)}
                  >
                    Compare with v{previous.version}
                  </Button>
                )}
                <Button size="compact-sm" variant="default" onClick={() => onNewFrom(version)}>
                  New version from this
                </Button>
                <Button size="compact-sm" variant="default" onClick={() => onPlay(version.version)}>
                  Try in playground
                </Button>
              </Group>
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
