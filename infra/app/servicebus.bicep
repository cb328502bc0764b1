// Standard namespace with the pipeline's queues (README "Layout" (pipeline messages)). SAS keys are disabled: only Entra
// identities with data roles (app/rbac.bicep) can send or receive.

param name string
param location string
param tags object

// Must equal QUEUES in shared/queues.ts (test/contract/infra.test.ts checks both directions).
var queueNames = [
  'service-requests'
  'eligibility'
  'routing'
  'recording'
  'notifications'
  'incident-releases'
]

module namespace 'br/public:avm/res/service-bus/namespace:0.17.0' = {
  name: 'service-bus-namespace'
  params: {
    name: name
    location: location
    tags: tags
    // Duplicate detection needs Standard or Premium; zone redundancy needs Premium.
    skuObject: {
      name: 'Standard'
    }
    zoneRedundant: false
    disableLocalAuth: true
    authorizationRules: []
    minimumTlsVersion: '1.2'
    queues: [
      for queueName in queueNames: {
        name: queueName
        // A stage is a few Table round trips; the host renews the lock while a handler runs.
        lockDuration: 'PT1M'
        // Equals MAX_DELIVERY_COUNT in shared/queues.ts: the embedded broker dead-letters at the same count.
        maxDeliveryCount: 10
        deadLetteringOnMessageExpiration: true
        // messageId = <ticketId>:<stage>, so a republished step (outbox sweeper, retry) collapses.
        // Can only be chosen when a queue is created.
        requiresDuplicateDetection: true
        duplicateDetectionHistoryTimeWindow: 'PT10M'
        defaultMessageTimeToLive: 'P14D'
        requiresSession: false
      }
    ]
  }
}

output name string = namespace.outputs.name
// serviceBusEndpoint is https://<namespace>.<cloud suffix>:443/ and identity connections want the host only;
// reading it from the resource keeps the suffix right in every cloud.
output fullyQualifiedNamespace string = split(split(namespace.outputs.serviceBusEndpoint, '/')[2], ':')[0]
