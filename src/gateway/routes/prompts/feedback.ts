import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FeedbackRecord } from '../../../shared/schemas/experiments';
import type { LogRecord } from '../../../shared/schemas/log-record';
import { GatewayErrors } from '../../errors/gateway-error';
import type { GatewayServices } from '../../gateway-services';
import { presentedKey } from '../../plugins/gateway-auth';
import { hashKey } from '../../storage/key-repository';
import { requireObjectBody } from '../request-helpers';

/**
 * The score as stored, in [0, 1]: a number in [0, 1] as it is, and -1 (thumbs down) as 0 — a thumbs up,
 * 1, is already 1. Anything else is a 400.
 */
export function normaliseScore(score: unknown): number {
  if (typeof score !== 'number' || !Number.isFinite(score) || (score !== -1 && (score < 0 || score > 1))) {
    throw GatewayErrors.invalidRequest(
      `"score" must be a number from 0 to 1, or -1 / 1 for thumbs down / up; got ${JSON.stringify(score) ?? 'nothing'}`,
      { param: 'score' },
    );
  }
  return score === -1 ? 0 : score;
}

/**
 * POST /v1/feedback — `{request_id, score, comment?}` rates one logged request; the score joins the results of
 * the request's experiment arm and prompt version. Only the gateway key that made the request may rate it
 * (another key gets the same 404 as an unknown id). Posting again for the same request replaces the score.
 */
export default async function feedback(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/feedback',
    { config: { apiFormat: 'openai', gatewayKey: true }, schema: { response: { 200: FeedbackRecord } } },
    async (request) => {
      const body = requireObjectBody(request.body);
      const requestId = body.request_id;
      if (typeof requestId !== 'string' || requestId.length === 0) {
        throw GatewayErrors.invalidRequest('"request_id" must be the x-gatehouse-request-id of a request', {
          param: 'request_id',
        });
      }
      const score = normaliseScore(body.score);
      if (body.comment !== undefined && body.comment !== null && typeof body.comment !== 'string') {
        throw GatewayErrors.invalidRequest('"comment" must be a string', { param: 'comment' });
      }
      const keyName = callerKeyName(app.gateway, request);
      const row = findLogRow(app.gateway, requestId);
      if (!row || (row.keyName !== null && row.keyName !== keyName)) {
        throw GatewayErrors.routeNotFound(`No request with id "${requestId}" for this gateway key`, {
          param: 'request_id',
        });
      }
      const record: FeedbackRecord = {
        requestId,
        score,
        rawScore: body.score as number,
        comment: typeof body.comment === 'string' ? body.comment.slice(0, 5000) : null,
        createdAt: Date.now(),
        keyName,
        prompt: row.prompt ?? null,
        promptVersion: row.promptVersion ?? null,
        experimentId: row.experimentId ?? null,
        arm: row.experimentArm ?? null,
      };
      app.gateway.feedback.save(record);
      return record;
    },
  );
}

/** The log row, writing queued rows first: feedback often follows its request within the writer's 50 ms. */
function findLogRow(gateway: GatewayServices, requestId: string): LogRecord | undefined {
  const row = gateway.logs.get(requestId);
  if (row || gateway.logWriter.pending === 0) return row;
  gateway.logWriter.flush();
  return gateway.logs.get(requestId);
}

// gateway-auth already checked the key; this only names it (the route writes no log entry to carry it).
function callerKeyName(gateway: GatewayServices, request: FastifyRequest): string | null {
  const key = presentedKey(request);
  return key === null ? null : (gateway.keys.findByHash(hashKey(key))?.name ?? null);
}
