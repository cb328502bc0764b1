// One account for the Functions host (blobs), the deployment package and the relay's tables.
// Shared-key access is off: everything, including the host, authenticates with Entra tokens.

param name string
param location string
param tags object
param deploymentContainerName string

// Must equal TABLES in shared/tables.ts (test/contract/infra.test.ts checks both directions).
// Created here so the first ticket never races a createTable; the identity could create them too.
var tableNames = [
  'tickets'
  'directory'
  'tools'
  'health'
  'watch'
]

module account 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'storage-account'
  params: {
    name: name
    location: location
    tags: tags
    kind: 'StorageV2'
    // Tickets live here: keep a geo-redundant copy.
    skuName: 'Standard_GRS'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    dnsEndpointType: 'Standard'
    // Flex Consumption without VNet integration reaches storage over public endpoints; the module's
    // default firewall (Deny) would lock the host out of its own storage.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
        }
      ]
    }
    tableServices: {
      tables: [
        for tableName in tableNames: {
          name: tableName
        }
      ]
    }
  }
}

output name string = account.outputs.name
output tableEndpoint string = account.outputs.serviceEndpoints.table
