// Contract used by src/main and the CLI. Implementation lands with the gateway core.
export interface StartGatewayOptions {
  /** Folder holding gatehouse.db and the admin token. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Optional YAML/JSON config file applied at start. */
  configFile?: string;
}

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  adminToken: string;
  close(): Promise<void>;
}

export async function startGateway(_options: StartGatewayOptions): Promise<RunningGateway> {
  throw new Error('not implemented yet');
}
