import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FeedbackList, FeedbackQuery } from '../../../shared/schemas/experiments';
import {
  CreatePromptRequest,
  CreateVersionRequest,
  DiffQuery,
  LabelHistory,
  MoveLabelRequest,
  PromptDetail,
  PromptDiff,
  PromptLabel,
  PromptLabelList,
  PromptList,
  PromptVersion,
  PromptVersionList,
  RenderedPrompt,
  RenderPromptRequest,
  RollbackLabelRequest,
  UpdatePromptRequest,
} from '../../../shared/schemas/prompts';
import { GatewayErrors } from '../../errors/gateway-error';
import { renderMessages } from '../../prompts/apply-prompt';
import { resolveVariables } from '../../prompts/prompt-variables';
import { checkedBody } from '../prompts/checked-body';

const SlugParams = Type.Object({ slug: Type.String() });
const VersionParams = Type.Object({ slug: Type.String(), version: Type.Integer({ minimum: 1 }) });
const LabelParams = Type.Object({ slug: Type.String(), label: Type.String() });

/**
 * /admin/prompts — prompts, their versions (added, never edited: there is no PUT or PATCH on a version),
 * labels with their history and rollback, diffs, a render preview and the feedback on a prompt's requests.
 */
export default async function adminPrompts(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const prompts = () => app.gateway.prompts;

  typed.get('/admin/prompts', { config, schema: { response: { 200: PromptList } } }, async () => ({
    items: prompts()
      .repository.list()
      .map((prompt) => prompts().summary(prompt)),
  }));

  typed.post(
    '/admin/prompts',
    { config, schema: { response: { 201: PromptDetail } } },
    async (request, reply) => {
      const body = checkedBody(CreatePromptRequest, request.body);
      prompts().create(body);
      return reply.code(201).send(prompts().detail(body.slug));
    },
  );

  typed.get(
    '/admin/prompts/:slug',
    { config, schema: { params: SlugParams, response: { 200: PromptDetail } } },
    async (request) => prompts().detail(request.params.slug),
  );

  typed.patch(
    '/admin/prompts/:slug',
    { config, schema: { params: SlugParams, response: { 200: PromptDetail } } },
    async (request) => {
      const body = checkedBody(UpdatePromptRequest, request.body);
      const prompt = prompts().existing(request.params.slug);
      prompts().repository.update(
        prompt.slug,
        body.name ?? prompt.name,
        body.description ?? prompt.description,
      );
      return prompts().detail(prompt.slug);
    },
  );

  typed.delete('/admin/prompts/:slug', { config, schema: { params: SlugParams } }, async (request, reply) => {
    const prompt = prompts().existing(request.params.slug);
    const active = app.gateway.experiments.activeOnPrompt(prompt.slug);
    if (active.length > 0) {
      throw GatewayErrors.conflict(
        `Prompt "${prompt.slug}" is under experiment ${active.map((record) => record.id).join(', ')}; stop it first`,
      );
    }
    prompts().repository.remove(prompt.slug);
    return reply.code(204).send();
  });

  typed.get(
    '/admin/prompts/:slug/versions',
    { config, schema: { params: SlugParams, response: { 200: PromptVersionList } } },
    async (request) => {
      const labels = prompts().labelViews(request.params.slug);
      return {
        items: prompts()
          .repository.versions(request.params.slug)
          .map((version) => prompts().versionView(version, labels)),
      };
    },
  );

  typed.post(
    '/admin/prompts/:slug/versions',
    { config, schema: { params: SlugParams, response: { 201: PromptVersion } } },
    async (request, reply) => {
      const body = checkedBody(CreateVersionRequest, request.body);
      const version = prompts().addVersion(request.params.slug, body);
      return reply.code(201).send(prompts().versionView(version));
    },
  );

  typed.get(
    '/admin/prompts/:slug/versions/:version',
    { config, schema: { params: VersionParams, response: { 200: PromptVersion } } },
    async (request) =>
      prompts().versionView(prompts().existingVersion(request.params.slug, request.params.version)),
  );

  typed.get(
    '/admin/prompts/:slug/labels',
    { config, schema: { params: SlugParams, response: { 200: PromptLabelList } } },
    async (request) => ({ items: prompts().labelViews(request.params.slug) }),
  );

  typed.put(
    '/admin/prompts/:slug/labels/:label',
    { config, schema: { params: LabelParams, response: { 200: PromptLabel } } },
    async (request) => {
      const body = checkedBody(MoveLabelRequest, request.body);
      return prompts().moveLabel(request.params.slug, request.params.label, body.version);
    },
  );

  typed.delete(
    '/admin/prompts/:slug/labels/:label',
    { config, schema: { params: LabelParams } },
    async (request, reply) => {
      prompts().deleteLabel(request.params.slug, request.params.label);
      return reply.code(204).send();
    },
  );

  typed.get(
    '/admin/prompts/:slug/labels/:label/history',
    { config, schema: { params: LabelParams, response: { 200: LabelHistory } } },
    async (request) => {
      prompts().existing(request.params.slug);
      return { items: prompts().repository.history(request.params.slug, request.params.label) };
    },
  );

  typed.post(
    '/admin/prompts/:slug/labels/:label/rollback',
    { config, schema: { params: LabelParams, response: { 200: PromptLabel } } },
    async (request) => {
      const body = checkedBody(RollbackLabelRequest, request.body ?? {});
      return prompts().rollback(request.params.slug, request.params.label, body.version);
    },
  );

  typed.get(
    '/admin/prompts/:slug/diff',
    { config, schema: { params: SlugParams, querystring: DiffQuery, response: { 200: PromptDiff } } },
    async (request) => {
      const { slug } = request.params;
      const from = prompts().existingVersion(slug, request.query.from);
      const to = prompts().existingVersion(slug, request.query.to);
      // The diff library loads on the first diff: a gateway that serves /v1 never needs it.
      const { diffVersions } = await import('../../prompts/prompt-diff');
      return diffVersions(from, to);
    },
  );

  typed.post(
    '/admin/prompts/:slug/render',
    { config, schema: { params: SlugParams, response: { 200: RenderedPrompt } } },
    async (request) => {
      const body = checkedBody(RenderPromptRequest, request.body ?? {});
      if (body.label !== undefined && body.version !== undefined) {
        throw GatewayErrors.invalidRequest('Send "label" or "version", not both');
      }
      prompts().existing(request.params.slug);
      const selector =
        body.version !== undefined ? { version: body.version } : { label: body.label ?? 'latest' };
      const { version } = prompts().resolve(request.params.slug, selector);
      const where = `prompt "${version.prompt}" version ${version.version}`;
      const values = resolveVariables(version.variables, body.variables ?? {}, where);
      return {
        prompt: version.prompt,
        version: version.version,
        model: version.model,
        params: version.params,
        messages: renderMessages(version, values),
      };
    },
  );

  typed.get(
    '/admin/prompts/:slug/feedback',
    { config, schema: { params: SlugParams, querystring: FeedbackQuery, response: { 200: FeedbackList } } },
    async (request) => {
      prompts().existing(request.params.slug);
      return app.gateway.feedback.list({ prompt: request.params.slug, ...request.query });
    },
  );
}
