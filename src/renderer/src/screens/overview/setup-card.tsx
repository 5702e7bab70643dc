import { Anchor, Card, Stack, Tabs, Text } from '@mantine/core';
import { CodeBlock } from '../../components/code-block';
import { setupSnippets } from './setup-snippets';

/** Copy-paste setup for the OpenAI SDK, the Anthropic SDK, curl and plain environment variables. */
export function SetupCard({ gatewayUrl, model }: { gatewayUrl: string; model: string }) {
  const snippets = setupSnippets(gatewayUrl, model);
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <div>
          <Text fw={600}>Point your tools at Gatehouse</Text>
          <Text size="sm" c="dimmed">
            Every call needs a gateway key: <Anchor href="#/keys">create one in Keys</Anchor> and put it in{' '}
            <code>GATEHOUSE_KEY</code>. Models are named <code>&lt;provider&gt;/&lt;model&gt;</code> or by a
            route name.
          </Text>
        </div>
        <Tabs defaultValue="env" keepMounted={false}>
          <Tabs.List>
            {snippets.map((snippet) => (
              <Tabs.Tab key={snippet.id} value={snippet.id}>
                {snippet.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {snippets.map((snippet) => (
            <Tabs.Panel key={snippet.id} value={snippet.id} pt="sm">
              <CodeBlock code={snippet.code} label={`the ${snippet.label} snippet`} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
    </Card>
  );
}
