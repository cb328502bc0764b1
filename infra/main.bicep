targetScope = 'subscription'

// CSP Support Relay: one Flex Consumption function app, its Service Bus queues, Table Storage,
// Key Vault and monitoring, all reached through one user-assigned identity (no keys, no connection strings).
// Layout and grants: infra/README.md.

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the short hash used in every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is not offered everywhere: `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of whoever runs azd. Gets the same data roles as the app, so the relay CLI works against these resources. Empty: no developer grants.')
param principalId string = deployer().objectId

@description('User for a person; ServicePrincipal when azd runs in CI with a service principal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

// The cloud decides which Microsoft endpoints the app calls (Entra authority, Microsoft Graph,
// Partner Center, Azure Resource Manager / Support API): the app picks them from RELAY_CLOUD.
// Resource endpoints (servicebus.usgovcloudapi.net, table.core.usgovcloudapi.net, vault.usgovcloudapi.net,
// the App Insights ingestion endpoint) are read from the deployed resources, so nothing else here changes.
// Check Flex Consumption availability in the target cloud before deploying; there is no fallback plan.
@description('Sovereign cloud the relay talks to: public (Azure commercial) or usgov (Azure Government). Defaults to the cloud being deployed to.')
@allowed([
  'public'
  'usgov'
])
param relayCloud string = environment().name == 'AzureUSGovernment' ? 'usgov' : 'public'

@description('Where partner/customer facts come from: table (imported with `relay directory import`) or microsoft (Graph + Partner Center).')
@allowed([
  'table'
  'microsoft'
])
param directorySource string = 'table'

@description('Where service health comes from: table (snapshots) or microsoft (Resource Health / Service Health).')
@allowed([
  'table'
  'microsoft'
])
param healthSource string = 'table'

@description('on: the recording stage files Azure tickets through the Azure Support API; off: it only records them.')
@allowed([
  'off'
  'on'
])
param azureSupportSubmit string = 'off'

// Needed only for DIRECTORY_SOURCE / HEALTH_SOURCE = microsoft and AZURE_SUPPORT_SUBMIT = on (infra/README.md).
@description('Partner tenant id (GUID) the Microsoft sources read and the Azure Support API files for.')
param partnerTenantId string = ''

@description('Object id of the partner tenant\'s AdminAgents group (GUID); without it admin-on-behalf-of grants are not recognised.')
param partnerAdminAgentsGroupId string = ''

@description('base64 of the partner profile JSON `{ name, type, contact, indirectProviderTenantId?, ownSupportPlan? }` (base64, so its quotes survive azd\'s parameter file).')
param partnerProfileBase64 string = ''

@description('Client id of the partner\'s multi-tenant Entra app; the app identity must be one of its federated credentials.')
param partnerAppClientId string = ''

@secure()
@minLength(16)
@description('Admin key for operator endpoints; stored in Key Vault, read by the app through a Key Vault reference.')
param relayAdminKey string

@secure()
@minLength(44)
@maxLength(44)
@description('base64 of 32 random bytes (`openssl rand -base64 32`); encrypts signing and callback secrets at rest. Never change it once tickets exist.')
param relayEncryptionKey string

@description('Keep deleted secrets recoverable for 90 days. Turn off only for throwaway environments (a purge-protected vault name stays taken after `azd down`).')
param keyVaultPurgeProtection bool = true

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}relay-${resourceToken}'
// Flex Consumption pulls the app package from this blob container (same naming as the azd quickstart).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses for storage, Service Bus, Key Vault and telemetry; roles in app/rbac.bicep.
module appIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'app-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}relay-${resourceToken}'
    location: location
    tags: tags
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    skuName: 'FC1'
    reserved: true
    zoneRedundant: false
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    relayAdminKey: relayAdminKey
    relayEncryptionKey: relayEncryptionKey
    purgeProtection: keyVaultPurgeProtection
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: appIdentity.outputs.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    identityId: appIdentity.outputs.resourceId
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    relayAdminKeySecretUri: keyVault.outputs.relayAdminKeySecretUri
    relayEncryptionKeySecretUri: keyVault.outputs.relayEncryptionKeySecretUri
    directorySource: directorySource
    healthSource: healthSource
    azureSupportSubmit: azureSupportSubmit
    relayCloud: relayCloud
    partnerTenantId: partnerTenantId
    partnerAdminAgentsGroupId: partnerAdminAgentsGroupId
    partnerProfile: empty(partnerProfileBase64) ? '' : base64ToString(partnerProfileBase64)
    partnerAppClientId: partnerAppClientId
  }
  // Roles first: the host starts its triggers as soon as the app exists.
  dependsOn: [
    rbac
  ]
}

// azd reads these into .azure/<env>/.env.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
// Named like the app settings, so `azd env get-values` can point a local relay CLI at the cloud resources.
output TABLES_ACCOUNT_URL string = storage.outputs.tableEndpoint
output ServiceBusConnection__fullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output RELAY_CLOUD string = relayCloud
