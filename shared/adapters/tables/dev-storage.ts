/** Azurite's well-known development account (public and documented, not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** Azurite's standard table port, what `UseDevelopmentStorage=true` means. */
export const DEV_TABLE_PORT = 10002;

export function tablesConnectionString(port = DEV_TABLE_PORT, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}

/**
 * True when tables are the local Azurite: `UseDevelopmentStorage=true`, or the development account on a loopback
 * endpoint. Demo data and loopback callbacks are only ever allowed there, so `npm start` or the CLI pointed at real
 * storage cannot overwrite its directory or open the relay to local addresses.
 */
export function isLocalAzurite(tables: { kind: string; value: string }): boolean {
  if (tables.kind !== 'connection-string') return false;
  if (tables.value.trim() === 'UseDevelopmentStorage=true') return true;
  const parts = new Map(
    tables.value
      .split(';')
      .map((p) => p.split('=', 2) as [string, string])
      .map(([k, v]) => [k?.trim().toLowerCase(), v?.trim() ?? '']),
  );
  let host = '';
  try {
    host = new URL(parts.get('tableendpoint') ?? '').hostname;
  } catch {
    return false;
  }
  return parts.get('accountname') === DEV_ACCOUNT && ['127.0.0.1', 'localhost', '[::1]'].includes(host);
}
