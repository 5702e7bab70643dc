/** Example model names per provider type, for snippets that run as pasted once the provider exists. */
const exampleModels: Record<string, string> = {
  openai: 'gpt-4o-mini',
  'azure-openai': 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  groq: 'llama-3.3-70b-versatile',
  mistral: 'mistral-small-latest',
  deepseek: 'deepseek-chat',
  xai: 'grok-3-mini',
  ollama: 'llama3.2',
};

/** `<provider-id>/<model>` for the first provider, or OpenAI's as the example when there is none. */
export function exampleModel(provider: { id: string; type: string } | undefined): string {
  if (!provider) return 'openai/gpt-4o-mini';
  return `${provider.id}/${exampleModels[provider.type] ?? 'MODEL-NAME'}`;
}

export interface Snippet {
  id: string;
  label: string;
  code: string;
}

/** Copy-paste setup for the common clients, pointing at this gateway. The key stays in the environment. */
export function setupSnippets(gatewayUrl: string, model: string): Snippet[] {
  return [
    {
      id: 'env',
      label: 'Environment variables',
      code: [
        '# Most tools and SDKs read these; Python and Node SDKs included.',
        'export GATEHOUSE_KEY=gh_…   # a gateway key from the Keys screen',
        `export OPENAI_BASE_URL=${gatewayUrl}/v1`,
        'export OPENAI_API_KEY=$GATEHOUSE_KEY',
        `export ANTHROPIC_BASE_URL=${gatewayUrl}`,
        'export ANTHROPIC_API_KEY=$GATEHOUSE_KEY',
      ].join('\n'),
    },
    {
      id: 'openai',
      label: 'OpenAI SDK',
      code: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: '${gatewayUrl}/v1', apiKey: process.env.GATEHOUSE_KEY });`,
        'const reply = await client.chat.completions.create({',
        `  model: '${model}',`,
        "  messages: [{ role: 'user', content: 'Hello!' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
    {
      id: 'anthropic',
      label: 'Anthropic SDK',
      code: [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        `const client = new Anthropic({ baseURL: '${gatewayUrl}', apiKey: process.env.GATEHOUSE_KEY });`,
        'const message = await client.messages.create({',
        `  model: '${model}', // any provider's model, not only Claude`,
        '  max_tokens: 1024,',
        "  messages: [{ role: 'user', content: 'Hello!' }],",
        '});',
        'console.log(message.content);',
      ].join('\n'),
    },
    {
      id: 'curl',
      label: 'curl',
      code: [
        `curl ${gatewayUrl}/v1/chat/completions \\`,
        '  -H "Authorization: Bearer $GATEHOUSE_KEY" \\',
        '  -H "Content-Type: application/json" \\',
        `  -d '{"model":"${model}","messages":[{"role":"user","content":"Hello!"}]}'`,
      ].join('\n'),
    },
  ];
}
