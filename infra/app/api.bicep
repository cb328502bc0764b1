// The relay's function app on the Flex Consumption plan (Node 22) and every app setting it reads.
// test/contract/app-settings.test.ts parses `appSettings` and `partnerSettings` below and runs
// shared/config.ts loadConfig on them.

param name string
param location string
param tags object
param planId string
@description('Resource id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
@description('<namespace>.servicebus.windows.net (or the Azure Government suffix).')
param serviceBusFullyQualifiedNamespace string
param relayAdminKeySecretUri string
param relayEncryptionKeySecretUri string
param directorySource string
param healthSource string
param azureSupportSubmit string
param relayCloud string
@description('For DIRECTORY_SOURCE / HEALTH_SOURCE = microsoft and Azure submission; empty ones are not set.')
param partnerTenantId string = ''
param partnerAdminAgentsGroupId string = ''
param partnerProfile string = ''
param partnerAppClientId string = ''
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION: the runtime is set
// in functionAppConfig below. Nothing here is a key or a connection string.
var appSettings = {
  // Host storage (timers' leases, host locks) through the identity; the account refuses shared keys.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  // Triggers and outputs use the connection named SERVICE_BUS_CONNECTION in shared/queues.ts.
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  // The relay's own Table and Service Bus clients use DefaultAzureCredential, which needs the
  // user-assigned identity's client id to pick it.
  AZURE_CLIENT_ID: identityClientId
  TABLES_ACCOUNT_URL: storage.properties.primaryEndpoints.table
  // Resolved by the platform with the identity in keyVaultAccessIdentityResourceId; if it cannot,
  // the literal reference stays and loadConfig stops startup naming the setting.
  RELAY_ADMIN_KEY: '@Microsoft.KeyVault(SecretUri=${relayAdminKeySecretUri})'
  RELAY_ENCRYPTION_KEY: '@Microsoft.KeyVault(SecretUri=${relayEncryptionKeySecretUri})'
  DIRECTORY_SOURCE: directorySource
  HEALTH_SOURCE: healthSource
  AZURE_SUPPORT_SUBMIT: azureSupportSubmit
  RELAY_CLOUD: relayCloud
  // Partner callbacks must never reach loopback or private addresses in Azure.
  RELAY_ALLOW_LOCAL_CALLBACKS: 'false'
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  // Telemetry is sent with an Entra token: the component has local (key) auth disabled.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// The partner's identity for the microsoft sources. Only the ones given are set: an empty app setting
// stops startup, and the table sources need none of them.
var partnerSettings = {
  PARTNER_TENANT_ID: partnerTenantId
  PARTNER_ADMIN_AGENTS_GROUP_ID: partnerAdminAgentsGroupId
  PARTNER_PROFILE: partnerProfile
  PARTNER_APP_CLIENT_ID: partnerAppClientId
}
var givenPartnerSettings = toObject(filter(items(partnerSettings), s => !empty(s.value)), s => s.key, s => s.value)

module site 'br/public:avm/res/web/site:0.24.0' = {
  name: 'site'
  params: {
    name: name
    location: location
    kind: 'functionapp,linux'
    tags: union(tags, { 'azd-service-name': 'api' })
    serverFarmResourceId: planId
    httpsOnly: true
    clientAffinityEnabled: false
    managedIdentities: {
      userAssignedResourceIds: [
        identityId
      ]
    }
    keyVaultAccessIdentityResourceId: identityId
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
    configs: [
      {
        name: 'appsettings'
        properties: union(appSettings, givenPartnerSettings)
        // This file is the whole truth: a setting renamed here must not linger under its old name.
        retainCurrentAppSettings: false
      }
    ]
  }
}

output name string = site.outputs.name
output defaultHostname string = site.outputs.defaultHostname
