import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ChangeStatusRequest,
  CreateExperimentRequest,
  Experiment,
  ExperimentList,
  ExperimentListQuery,
  ExperimentResults,
  FeedbackList,
  FeedbackQuery,
  PromoteRequest,
  PromoteResult,
  UpdateExperimentRequest,
} from '../../../shared/schemas/experiments';
import { promoteArm } from '../../experiments/promote-arm';
import { checkedBody } from '../prompts/checked-body';

const IdParams = Type.Object({ id: Type.String() });

/**
 * /admin/experiments — A/B experiments on a prompt label or a route: create (as a draft), edit, start, pause,
 * stop, results with their statistics, the feedback of their requests, and promote winner.
 */
export default async function adminExperiments(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const experiments = () => app.gateway.experiments;

  typed.get(
    '/admin/experiments',
    { config, schema: { querystring: ExperimentListQuery, response: { 200: ExperimentList } } },
    async (request) => ({ items: experiments().list(request.query) }),
  );

  typed.post(
    '/admin/experiments',
    { config, schema: { response: { 201: Experiment } } },
    async (request, reply) => {
      const body = checkedBody(CreateExperimentRequest, request.body);
      return reply.code(201).send(experiments().create(body));
    },
  );

  typed.get(
    '/admin/experiments/:id',
    { config, schema: { params: IdParams, response: { 200: Experiment } } },
    async (request) => experiments().existing(request.params.id),
  );

  typed.patch(
    '/admin/experiments/:id',
    { config, schema: { params: IdParams, response: { 200: Experiment } } },
    async (request) =>
      experiments().update(request.params.id, checkedBody(UpdateExperimentRequest, request.body)),
  );

  typed.delete('/admin/experiments/:id', { config, schema: { params: IdParams } }, async (request, reply) => {
    experiments().remove(request.params.id);
    return reply.code(204).send();
  });

  typed.post(
    '/admin/experiments/:id/status',
    { config, schema: { params: IdParams, response: { 200: Experiment } } },
    async (request) => {
      const body = checkedBody(ChangeStatusRequest, request.body);
      return experiments().changeStatus(request.params.id, body.status);
    },
  );

  typed.get(
    '/admin/experiments/:id/results',
    { config, schema: { params: IdParams, response: { 200: ExperimentResults } } },
    async (request) => {
      const record = experiments().existing(request.params.id);
      // The statistics library (jstat) loads on the first results: a gateway serving /v1 never needs it.
      const { experimentResults } = await import('../../experiments/experiment-results');
      // Rows still in the writer's queue belong in the numbers the admin is about to act on.
      app.gateway.logWriter.flush();
      return experimentResults(
        record,
        experiments().repository.logRows(record.id),
        app.gateway.feedback.scores(record.id),
      );
    },
  );

  typed.get(
    '/admin/experiments/:id/feedback',
    { config, schema: { params: IdParams, querystring: FeedbackQuery, response: { 200: FeedbackList } } },
    async (request) => {
      const record = experiments().existing(request.params.id);
      return app.gateway.feedback.list({ experimentId: record.id, ...request.query });
    },
  );

  typed.post(
    '/admin/experiments/:id/promote',
    { config, schema: { params: IdParams, response: { 200: PromoteResult } } },
    async (request) => {
      const body = checkedBody(PromoteRequest, request.body);
      return promoteArm(experiments(), app.gateway.prompts, request.params.id, body.arm);
    },
  );
}
