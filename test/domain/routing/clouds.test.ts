import { describe, expect, it } from 'vitest';
import { CLOUD_ENDPOINTS, type CloudEndpoints } from '../../../shared/domain/routing/clouds.js';

const urls = (endpoints: CloudEndpoints) => Object.values<string>({ ...endpoints });

describe('cloud endpoints', () => {
  it('when the cloud is US Government, then every endpoint is a .us or usgovcloudapi host, and public ones are not', () => {
    for (const url of urls(CLOUD_ENDPOINTS.usgov)) expect(new URL(url).hostname).toMatch(/\.(us|usgovcloudapi\.net)$/);
    for (const url of urls(CLOUD_ENDPOINTS.public)) expect(new URL(url).hostname).toMatch(/\.com$/);
  });

  it('when the cloud is public, then ARM, Graph and the portal are the documented hosts', () => {
    expect(CLOUD_ENDPOINTS.public).toMatchObject({
      arm: 'https://management.azure.com',
      graph: 'https://graph.microsoft.com',
      azurePortal: 'https://portal.azure.com',
    });
    expect(CLOUD_ENDPOINTS.usgov).toMatchObject({
      arm: 'https://management.usgovcloudapi.net',
      graph: 'https://graph.microsoft.us',
      azurePortal: 'https://portal.azure.us',
    });
  });
});
