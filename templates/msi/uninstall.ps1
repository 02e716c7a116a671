<#
uninstall.ps1 - AWS Systems Manager Distributor uninstall script, package {{PACKAGE_NAME}} {{VERSION}}.

SSM Agent runs it as `.\uninstall.ps1; exit $LASTEXITCODE` (Windows PowerShell 5.1, as SYSTEM) in
the folder the package zip was extracted to, next to the installer {{INSTALLER}}. The product to
remove is the one that MSI installs (its ProductCode); nothing is hard-coded.

Steps: check prerequisites (administrator, msiexec.exe, the MSI and its ProductCode); stop if that
product is not installed; run
  msiexec /x <msi> /qn /norestart /l*v <log>
(and, if Windows Installer refuses the file, msiexec /x <ProductCode>); verify the product is gone.

Exit codes:
  0      removed, or the product was not installed (nothing done; also msiexec's 1605). Also when
         msiexec returned 3010 or 1641 (success, reboot required): the script says so in a WARNING
         line but does not pass 3010 on, because SSM Agent would then reboot the instance.
  10     not running as administrator
  11     msiexec.exe not found
  12     the installer file is missing (it identifies the product to remove)
  13     the installer is not a readable MSI (no ProductCode)
  16     msiexec reported success but the product is still registered as installed
  17     unexpected PowerShell error (the message is printed)
  other  msiexec's own exit code, e.g. 1603 fatal error, 1618 another installation in progress
         (retried for a few minutes first). The tail of the msiexec log is printed.
#>

# What this script does; the shared code below reads it.
$Action = 'uninstall'

{{INCLUDE _prelude.ps1}}

# True when msiexec's exit code means the product is gone (or Windows needs a reboot to finish).
function Test-Removed([int]$Code, [string]$LogFile) {
    if ($Code -eq 0 -or $Code -eq 1605) {
        Write-Step "msiexec finished (exit code $Code); log: $LogFile"
        return $true
    }
    if ($Code -eq 3010 -or $Code -eq 1641) {
        Write-Step "WARNING: msiexec finished with ${Code}: removed, but Windows needs a reboot to complete it; not rebooting (reported as success, exit 0). Log: $LogFile"
        return $true
    }
    return $false
}

function Main {
    # --- prerequisites -----------------------------------------------------------------------
    $msiPath, $msiexec = Confirm-Prerequisites

    # --- which product -----------------------------------------------------------------------
    try {
        $productCode = Get-MsiProperty $msiPath 'ProductCode'
        $productName = Get-MsiProperty $msiPath 'ProductName'
    }
    catch {
        Exit-With 13 "cannot read $msiPath as an MSI: $($_.Exception.Message)"
    }
    if (-not $productCode) {
        Exit-With 13 "$msiPath has no ProductCode"
    }
    Write-Step "installer identifies $productName, ProductCode $productCode"

    # --- installed? --------------------------------------------------------------------------
    $entry = Get-InstalledProduct $productCode
    if ($null -eq $entry) {
        Write-Step "$productName ($productCode) is not installed; nothing to do"
        exit 0
    }
    Write-Step "$productName $(Get-EntryValue $entry 'DisplayVersion') is installed; removing it"

    # --- remove ------------------------------------------------------------------------------
    $stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
    $logFile = Join-Path ([IO.Path]::GetTempPath()) ('uptycs-distributor-{{PACKAGE_NAME}}-uninstall-' + $stamp + '.log')
    $code = Invoke-Msiexec $msiexec "/x `"$msiPath`"" $logFile
    if (-not (Test-Removed $code $logFile)) {
        # Windows Installer refuses /x <file> when the installed copy came from a different build
        # of the same product (another PackageCode); removing by ProductCode still works then.
        Show-LogTail $logFile
        Write-Step "msiexec /x <file> failed with exit code $code; retrying with the ProductCode"
        $logFile = Join-Path ([IO.Path]::GetTempPath()) ('uptycs-distributor-{{PACKAGE_NAME}}-uninstall-' + $stamp + '-productcode.log')
        $code = Invoke-Msiexec $msiexec "/x $productCode" $logFile
        if (-not (Test-Removed $code $logFile)) {
            Show-LogTail $logFile
            Exit-With $code "msiexec /x failed with exit code $code; log: $logFile"
        }
    }

    # --- verify ------------------------------------------------------------------------------
    if ($null -ne (Get-InstalledProduct $productCode)) {
        Exit-With 16 "$productName ($productCode) is still registered as installed after msiexec reported success"
    }
    Write-Step "removed $productName"
    exit 0
}

if (-not (Test-Path -LiteralPath 'Variable:UptycsDistributorNoMain')) {
    Invoke-Main
}
