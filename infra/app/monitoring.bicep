// Log Analytics + workspace-based Application Insights. Local (instrumentation-key) auth is disabled:
// the app sends telemetry with its identity (Monitoring Metrics Publisher, app/rbac.bicep).

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'log-analytics'
  params: {
    name: logAnalyticsName
    location: location
    tags: tags
    dataRetention: 90
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'application-insights'
  params: {
    name: applicationInsightsName
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
    // Partner and customer IPs are personal data; keep them out of telemetry.
    disableIpMasking: false
    retentionInDays: 90
  }
}

output applicationInsightsName string = applicationInsights.outputs.name
output connectionString string = applicationInsights.outputs.connectionString
