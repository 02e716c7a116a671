<#
install.ps1 - AWS Systems Manager Distributor install script, package {{PACKAGE_NAME}} {{VERSION}}.

SSM Agent runs it as `.\install.ps1; exit $LASTEXITCODE` (Windows PowerShell 5.1, as SYSTEM) in the
folder the package zip was extracted to, next to the installer {{INSTALLER}}. The product is
identified by the ProductCode and ProductVersion read from that MSI; nothing is hard-coded.

Steps: check prerequisites (administrator, msiexec.exe, the MSI and its ProductCode); stop if that
product is already installed at that version; run
  msiexec /i <msi> /qn /norestart /l*v <log>
(with REINSTALL=ALL REINSTALLMODE=vomus when the same ProductCode is installed at another version,
i.e. a minor upgrade); verify the product is registered as installed.

Exit codes:
  0      installed, or already installed at this version (nothing done). Also when msiexec
         returned 3010 or 1641 (success, reboot required): the script says so in a WARNING line
         but does not pass 3010 on, because SSM Agent would then reboot the instance.
  10     not running as administrator
  11     msiexec.exe not found
  12     the installer file is missing
  13     the installer is not a readable MSI (no ProductCode)
  16     msiexec reported success but the product is not registered as installed
  17     unexpected PowerShell error (the message is printed)
  other  msiexec's own exit code, e.g. 1603 fatal error, 1618 another installation in progress
         (retried for a few minutes first), 1619 package cannot be opened, 1633 unsupported
         platform, 1638 another version is installed. The tail of the msiexec log is printed.
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

function Main {
    $msiPath = Join-Path $ScriptDir $Installer
    Write-Step "install.ps1: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $msiPath"

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
        Exit-With 12 "installer not found: $msiPath"
    }
    Write-Step 'prerequisites ok: administrator, msiexec.exe present'

    # --- what the installer holds ------------------------------------------------------------
    try {
        $productCode = Get-MsiProperty $msiPath 'ProductCode'
        $productVersion = Get-MsiProperty $msiPath 'ProductVersion'
        $productName = Get-MsiProperty $msiPath 'ProductName'
    }
    catch {
        Exit-With 13 "cannot read $msiPath as an MSI: $($_.Exception.Message)"
    }
    if (-not $productCode) {
        Exit-With 13 "$msiPath has no ProductCode"
    }
    Write-Step "installer holds $productName $productVersion, ProductCode $productCode"

    # --- already installed? ------------------------------------------------------------------
    $extra = ''
    $entry = Get-InstalledProduct $productCode
    if ($null -ne $entry) {
        $installedVersion = Get-EntryValue $entry 'DisplayVersion'
        if ($installedVersion -eq $productVersion) {
            Write-Step "$productName $productVersion is already installed; nothing to do"
            exit 0
        }
        Write-Step "$productName is installed at $installedVersion with the same ProductCode; reinstalling as a minor upgrade"
        $extra = ' REINSTALL=ALL REINSTALLMODE=vomus'
    }
    else {
        Write-Step "$productName is not installed; installing $productVersion"
    }

    # --- install -----------------------------------------------------------------------------
    $stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
    $logFile = Join-Path ([IO.Path]::GetTempPath()) ('uptycs-distributor-{{PACKAGE_NAME}}-install-' + $stamp + '.log')
    $code = Invoke-Msiexec $msiexec ("/i `"$msiPath`"" + $extra) $logFile
    switch ($code) {
        0 {
            Write-Step "msiexec finished (exit code 0); log: $logFile"
        }
        { $_ -eq 3010 -or $_ -eq 1641 } {
            Write-Step "WARNING: msiexec finished with ${code}: installed, but Windows needs a reboot to complete it; not rebooting (reported as success, exit 0). Log: $logFile"
        }
        default {
            Show-LogTail $logFile
            Exit-With $code "msiexec /i failed with exit code $code; log: $logFile"
        }
    }

    # --- verify ------------------------------------------------------------------------------
    if ($null -eq (Get-InstalledProduct $productCode)) {
        Exit-With 16 "$productName ($productCode) is not registered as installed after msiexec reported success"
    }
    Write-Step "installed $productName $productVersion"
    exit 0
}

try {
    Main
}
catch {
    Exit-With 17 "unexpected error: $($_.Exception.Message) at line $($_.InvocationInfo.ScriptLineNumber)"
}
