// AWS SDK clients for the services connect-local calls out to (a Lambda endpoint, an
// EventBridge endpoint): the endpoint the person running it gave, one client per region,
// placeholder credentials, and one attempt per call (each caller owns its retries: Connect's
// Lambda calls have none, event delivery backs off without end).
export interface OutboundConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export class RegionalClients<T extends { destroy(): void }> {
  private readonly clients = new Map<string, T>();

  constructor(
    private readonly endpoint: string,
    private readonly make: (config: OutboundConfig) => T,
  ) {}

  get(region: string): T {
    let c = this.clients.get(region);
    if (!c) {
      c = this.make({ endpoint: this.endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      this.clients.set(region, c);
    }
    return c;
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
