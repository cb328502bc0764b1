# azd preprovision hook (Windows): same as ensure-secrets.sh.
$ErrorActionPreference = 'Stop'
$values = azd env get-values
foreach ($name in @('RELAY_ADMIN_KEY', 'RELAY_ENCRYPTION_KEY')) {
    if (-not ($values | Select-String -Pattern "^$name=" -Quiet)) {
        $bytes = [byte[]]::new(32)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        azd env set $name ([Convert]::ToBase64String($bytes))
        Write-Host "Generated $name for this azd environment."
    }
}
