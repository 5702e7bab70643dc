import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify gives every request a child logger carrying its id. Making a pino child serialises its bindings,
 * a cost on every request although a gateway at the default level logs almost nothing. This stand-in
 * makes the real child on the first line written, so a request that logs nothing costs one small object.
 */
class LazyChildLogger {
  private real: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Record<string, unknown>,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return this.options?.level ?? this.parent.level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Record<string, unknown>, options?: ChildOptions): FastifyBaseLogger {
    return this.resolve().child(bindings, options);
  }

  private write(method: LogMethod, args: unknown[]): void {
    // A line below the level is dropped without making the child (unless the child has a level of its own).
    const parent = this.parent as { isLevelEnabled?: (level: string) => boolean };
    if (this.options?.level === undefined && parent.isLevelEnabled?.(method) === false) return;
    (this.resolve()[method] as (...line: unknown[]) => void)(...args);
  }

  private resolve(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options);
    return this.real;
  }
}

/** Fastify's `childLoggerFactory` option. */
export function lazyChildLogger(
  this: FastifyInstance,
  logger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: ChildOptions,
): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
