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

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$Installer = '{{INSTALLER}}'
$Tag = '[uptycs-distributor]'
# The folder of this script, where the zip was extracted (the working directory may differ).
$ScriptDir = $PSScriptRoot
if (-not $ScriptDir) {
    $ScriptDir = Split-Path -Parent $MyInvocation.MyCommand.Definition
}

# Log lines go straight to stdout, never into the pipeline, so that functions which return a
# value (Invoke-Msiexec) do not return their log lines with it.
function Write-Step([string]$Message) {
    [Console]::Out.WriteLine("$Tag $Message")
}

function Exit-With([int]$Code, [string]$Message) {
    [Console]::Error.WriteLine("$Tag ERROR: $Message")
    exit $Code
}

# Reads one property (ProductCode, ProductVersion, ...) from the MSI's Property table through the
# WindowsInstaller.Installer COM object, read-only. Returns $null when the property is absent.
function Get-MsiProperty([string]$Path, [string]$Name) {
    $msi = New-Object -ComObject WindowsInstaller.Installer
    $database = $null
    $view = $null
    try {
        $database = $msi.GetType().InvokeMember('OpenDatabase', 'InvokeMethod', $null, $msi, @($Path, 0))
        $query = "SELECT ``Value`` FROM ``Property`` WHERE ``Property`` = '$Name'"
        $view = $database.GetType().InvokeMember('OpenView', 'InvokeMethod', $null, $database, @($query))
        [void]$view.GetType().InvokeMember('Execute', 'InvokeMethod', $null, $view, $null)
        $record = $view.GetType().InvokeMember('Fetch', 'InvokeMethod', $null, $view, $null)
        if ($null -eq $record) {
            return $null
        }
        return [string]$record.GetType().InvokeMember('StringData', 'GetProperty', $null, $record, @(1))
    }
    finally {
        if ($null -ne $view) {
            [void]$view.GetType().InvokeMember('Close', 'InvokeMethod', $null, $view, $null)
        }
        # Release the database so that msiexec can open the file afterwards.
        foreach ($com in @($view, $database, $msi)) {
            if ($null -ne $com) {
                [void][Runtime.InteropServices.Marshal]::ReleaseComObject($com)
            }
        }
    }
}

# The product's entry under the Uninstall registry keys (64- and 32-bit views), or $null.
function Get-InstalledProduct([string]$ProductCode) {
    $roots = @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
    )
    foreach ($root in $roots) {
        $key = Join-Path $root $ProductCode
        if (Test-Path -LiteralPath $key) {
            return Get-ItemProperty -LiteralPath $key
        }
    }
    return $null
}

# A registry value of an Uninstall entry, or '' when it is absent.
function Get-EntryValue($Entry, [string]$Name) {
    $property = $Entry.PSObject.Properties[$Name]
    if ($null -eq $property) {
        return ''
    }
    return [string]$property.Value
}

# Runs msiexec and returns its exit code; retries while another installation is running (1618).
function Invoke-Msiexec([string]$MsiExec, [string]$Arguments, [string]$LogFile) {
    $argumentLine = "$Arguments /qn /norestart /l*v `"$LogFile`""
    for ($attempt = 1; $attempt -le 6; $attempt++) {
        Write-Step "running: msiexec $argumentLine"
        $process = Start-Process -FilePath $MsiExec -ArgumentList $argumentLine -Wait -PassThru -NoNewWindow
        $code = [int]$process.ExitCode
        if ($code -ne 1618) {
            return $code
        }
        Write-Step "another installation is in progress (1618); waiting 30 s (attempt $attempt of 6)"
        Start-Sleep -Seconds 30
    }
    return $code
}

function Show-LogTail([string]$LogFile) {
    if (Test-Path -LiteralPath $LogFile) {
        Write-Step "last lines of $LogFile :"
        Get-Content -LiteralPath $LogFile -Tail 30 | ForEach-Object { Write-Step "    $_" }
    }
}

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
    $msiPath = Join-Path $ScriptDir $Installer
    Write-Step "uninstall.ps1: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $msiPath"

    # --- prerequisites -----------------------------------------------------------------------
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        Exit-With 10 'must run as administrator; SSM Agent runs package scripts as SYSTEM'
    }
    $msiexec = Join-Path $env:SystemRoot 'System32\msiexec.exe'
    if (-not (Test-Path -LiteralPath $msiexec -PathType Leaf)) {
        Exit-With 11 "msiexec.exe not found at $msiexec"
    }
    if (-not (Test-Path -LiteralPath $msiPath -PathType Leaf)) {
        Exit-With 12 "installer not found: $msiPath (it identifies the product to remove)"
    }
    Write-Step 'prerequisites ok: administrator, msiexec.exe present'

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

try {
    Main
}
catch {
    Exit-With 17 "unexpected error: $($_.Exception.Message) at line $($_.InvocationInfo.ScriptLineNumber)"
}
