/** Azurite's well-known development account (public and documented, not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** Azurite's standard table port, what `UseDevelopmentStorage=true` means. */
export const DEV_TABLE_PORT = 10002;

export function tablesConnectionString(port = DEV_TABLE_PORT, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}
