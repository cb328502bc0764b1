// Every data-plane role the relay needs, on the narrowest resource that works. Names are
// guid(scope, principal, role), so re-deploying never duplicates an assignment.
// What each grant is for: infra/README.md, "What each module grants".

param appPrincipalId string
@description('The developer running azd; empty for none.')
param developerPrincipalId string = ''
@allowed([
  'User'
  'ServicePrincipal'
])
param developerPrincipalType string = 'User'
param storageAccountName string
param serviceBusNamespaceName string
param keyVaultName string
param applicationInsightsName string

// Built-in role definition ids (the same in every Azure cloud).
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var appGrants = [
  // Stages publish the next envelope (output bindings, outbox sweeper, scheduled webhook retries).
  { scope: 'serviceBus', roleId: roles.serviceBusDataSender }
  // Queue triggers, and `relay dlq` reading dead-letter sub-queues.
  { scope: 'serviceBus', roleId: roles.serviceBusDataReceiver }
  // Host storage: the Functions host keeps locks and timer leases in blobs; Flex reads its package there.
  { scope: 'storage', roleId: roles.storageBlobDataOwner }
  // Tickets, directory, tools, health; Contributor (not Reader) because every stage writes, and it can create tables.
  { scope: 'storage', roleId: roles.storageTableDataContributor }
  // Key Vault references for RELAY_ADMIN_KEY and RELAY_ENCRYPTION_KEY.
  { scope: 'keyVault', roleId: roles.keyVaultSecretsUser }
  // Telemetry with an Entra token (the component has local auth disabled).
  { scope: 'applicationInsights', roleId: roles.monitoringMetricsPublisher }
]

var appAssignments = map(appGrants, g => { scope: g.scope, roleId: g.roleId, principalId: appPrincipalId, principalType: 'ServicePrincipal' })
// The developer gets the app's roles so the relay CLI and a local host can run against the cloud.
var developerAssignments = empty(developerPrincipalId)
  ? []
  : map(appGrants, g => { scope: g.scope, roleId: g.roleId, principalId: developerPrincipalId, principalType: developerPrincipalType })
var grants = concat(appAssignments, developerAssignments)

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource serviceBusAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in filter(grants, g => g.scope == 'serviceBus'): {
    name: guid(serviceBus.id, grant.principalId, grant.roleId)
    scope: serviceBus
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleId)
      principalId: grant.principalId
      principalType: grant.principalType
    }
  }
]

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in filter(grants, g => g.scope == 'storage'): {
    name: guid(storage.id, grant.principalId, grant.roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleId)
      principalId: grant.principalId
      principalType: grant.principalType
    }
  }
]

resource keyVaultAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in filter(grants, g => g.scope == 'keyVault'): {
    name: guid(keyVault.id, grant.principalId, grant.roleId)
    scope: keyVault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleId)
      principalId: grant.principalId
      principalType: grant.principalType
    }
  }
]

resource applicationInsightsAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in filter(grants, g => g.scope == 'applicationInsights'): {
    name: guid(applicationInsights.id, grant.principalId, grant.roleId)
    scope: applicationInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleId)
      principalId: grant.principalId
      principalType: grant.principalType
    }
  }
]
