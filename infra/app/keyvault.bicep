// Key Vault in RBAC mode holding the relay's two secrets; the app reads them through Key Vault
// references (app/api.bicep) with the Key Vault Secrets User role (app/rbac.bicep).

param name string
param location string
param tags object
@secure()
param relayAdminKey string
@secure()
param relayEncryptionKey string
param purgeProtection bool

var adminKeySecretName = 'relay-admin-key'
var encryptionKeySecretName = 'relay-encryption-key'

module vault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'key-vault'
  params: {
    name: name
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Losing the encryption key makes every stored partner secret unreadable.
    enablePurgeProtection: purgeProtection
    enableVaultForDeployment: false
    enableVaultForTemplateDeployment: false
    enableVaultForDiskEncryption: false
    secrets: [
      {
        name: adminKeySecretName
        value: relayAdminKey
      }
      {
        name: encryptionKeySecretName
        value: relayEncryptionKey
        contentType: 'base64'
      }
    ]
  }
}

output name string = vault.outputs.name
// Unversioned: the app picks up a rotated secret within 24 h, or at once after a restart.
output relayAdminKeySecretUri string = '${vault.outputs.uri}secrets/${adminKeySecretName}/'
output relayEncryptionKeySecretUri string = '${vault.outputs.uri}secrets/${encryptionKeySecretName}/'
