import type { ApiMethod, ApiOperation, ApiTryRequest } from '../../../../shared/schemas/apis';

export interface TryForm {
  method: ApiMethod;
  /** Below the API, e.g. /repos/octocat/hello-world; may carry ?query. */
  path: string;
  /** "Name: value" per line. */
  headers: string;
  body: string;
}

export function emptyTryForm(): TryForm {
  return { method: 'GET', path: '/', headers: '', body: '' };
}

/** A "try it" form prefilled from an operation: its path template, required query parameters, body type. */
export function tryFormFor(operation: ApiOperation): TryForm {
  const query = operation.parameters
    .filter((parameter) => parameter.in === 'query' && parameter.required)
    .map((parameter) => `${encodeURIComponent(parameter.name)}=`)
    .join('&');
  const contentType = operation.requestBody?.contentTypes[0];
  return {
    method: operation.method,
    path: `${operation.path}${query ? `?${query}` : ''}`,
    headers: contentType ? `Content-Type: ${contentType}` : '',
    body: contentType?.includes('json') ? '{\n  \n}' : '',
  };
}

/** The form as the try endpoint takes it; a message when a header line cannot be read. */
export function tryRequest(form: TryForm): { request?: ApiTryRequest; problem?: string } {
  const [pathPart, queryPart] = form.path.split('?', 2) as [string, string | undefined];
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  if (/\{[^}]+\}/.test(path)) return { problem: `Fill in ${/\{[^}]+\}/.exec(path)![0]} in the path.` };
  const headers: Record<string, string> = {};
  for (const line of form.headers.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { problem: `Header line "${line}" needs the form "Name: value".` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const query = queryPart ? Object.fromEntries(new URLSearchParams(queryPart)) : undefined;
  const sendsBody = !['GET', 'HEAD'].includes(form.method) && form.body !== '';
  return {
    request: {
      method: form.method,
      path,
      ...(query && Object.keys(query).length > 0 ? { query } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(sendsBody ? { body: form.body } : {}),
    },
  };
}

/** JSON bodies indented for reading; anything else as it came. */
export function prettyBody(body: string, headers: Record<string, string>): string {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!type.includes('json') && !/^\s*[[{]/.test(body)) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
