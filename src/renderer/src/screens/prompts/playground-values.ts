import type { PromptVariable } from '../../../../shared/schemas/prompts';

/** Typed values for the variables that were filled in; empty ones are left out so their defaults apply. */
export function variableValues(
  variables: PromptVariable[],
  texts: Record<string, string>,
): { values: Record<string, unknown>; problem: string | null } {
  const values: Record<string, unknown> = {};
  for (const variable of variables) {
    const text = texts[variable.name] ?? '';
    if (text === '') continue;
    switch (variable.type) {
      case 'string':
        values[variable.name] = text;
        break;
      case 'number': {
        const value = Number(text);
        if (!Number.isFinite(value)) return { values, problem: `${variable.name} must be a number.` };
        values[variable.name] = value;
        break;
      }
      case 'boolean':
        values[variable.name] = text === 'true';
        break;
      case 'json':
        try {
          values[variable.name] = JSON.parse(text) as unknown;
        } catch {
          return { values, problem: `${variable.name} must be valid JSON.` };
        }
    }
  }
  return { values, problem: null };
}

/** Ready-to-run calls of the prompt; the gateway key comes from the environment, never from this page. */
export function runSnippets(
  baseUrl: string,
  slug: string,
  selector: { label: string } | { version: number },
  values: Record<string, unknown>,
): Array<{ name: string; code: string }> {
  const body = { ...selector, variables: values };
  const model = `prompt:${slug}@${'label' in selector ? selector.label : selector.version}`;
  const json = JSON.stringify(body);
  const metadata = JSON.stringify({ variables: values });
  return [
    {
      name: 'curl',
      code: `curl ${baseUrl}/v1/prompts/${slug}/completions \\\n  -H "Authorization: Bearer $GATEHOUSE_KEY" \\\n  -d '${json.replace(/'/g, `'\\''`)}'`,
    },
    {
      name: 'OpenAI SDK (Node)',
      code: `import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: '${baseUrl}/v1', apiKey: process.env.GATEHOUSE_KEY });\nconst reply = await client.chat.completions.create({\n  model: '${model}',\n  messages: [],\n  metadata: ${metadata},\n});\nconsole.log(reply.choices[0].message.content);`,
    },
    {
      name: 'Python',
      code: `from openai import OpenAI\nimport os\nclient = OpenAI(base_url="${baseUrl}/v1", api_key=os.environ["GATEHOUSE_KEY"])\nreply = client.chat.completions.create(\n    model="${model}",\n    messages=[],\n    extra_body={"metadata": ${metadata}},\n)\nprint(reply.choices[0].message.content)`,
    },
  ];
}
