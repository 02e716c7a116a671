# _prelude.ps1 - the start shared by install.ps1, update.ps1 and uninstall.ps1.
#
# Settings, the helpers all three use, Confirm-Prerequisites (the first steps of every Main) and
# Invoke-Main. Rendering copies it into each script (SSM Agent runs a script alone), which sets
# $Action ('install', 'update' or 'uninstall') before it and ends with its Main and Invoke-Main.

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
# value (Invoke-Msiexec, Confirm-Prerequisites) do not return their log lines with it.
function Write-Step([string]$Message) {
    [Console]::Out.WriteLine("$Tag $Message")
}

function Exit-With([int]$Code, [string]$Message) {
    [Console]::Error.WriteLine("$Tag ERROR: $Message")
    exit $Code
}

# Reads one property (ProductCode, ProductVersion, ...) from the MSI's Property table through the
# WindowsInstaller.Installer COM object, read-only. Returns $null when the property is absent.
# The WindowsInstaller.Installer COM object (Windows only; tests replace this function).
function New-WindowsInstaller {
    return New-Object -ComObject WindowsInstaller.Installer
}

function Get-MsiProperty([string]$Path, [string]$Name) {
    $msi = New-WindowsInstaller
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

# The registry's Uninstall keys, 64- and 32-bit views (Windows only; tests replace this function).
function Get-UninstallRoots {
    return @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
    )
}

# The product's entry under the Uninstall registry keys, or $null.
function Get-InstalledProduct([string]$ProductCode) {
    foreach ($root in Get-UninstallRoots) {
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

# Starts msiexec.exe, waits for it and returns its exit code (tests replace this function).
function Start-Msiexec([string]$MsiExec, [string]$ArgumentLine) {
    $process = Start-Process -FilePath $MsiExec -ArgumentList $ArgumentLine -Wait -PassThru -NoNewWindow
    return [int]$process.ExitCode
}

# The pause between two attempts while another installation runs (tests replace this function).
function Wait-BeforeRetry([int]$Seconds) {
    Start-Sleep -Seconds $Seconds
}

# True when this process runs as administrator (Windows only; tests replace this function).
function Test-Administrator {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

# The Windows folder, where System32\msiexec.exe lives (tests replace this function).
function Get-SystemRoot {
    return $env:SystemRoot
}

# Runs msiexec and returns its exit code; retries while another installation is running (1618).
function Invoke-Msiexec([string]$MsiExec, [string]$Arguments, [string]$LogFile) {
    $argumentLine = "$Arguments /qn /norestart /l*v `"$LogFile`""
    for ($attempt = 1; $attempt -le 6; $attempt++) {
        Write-Step "running: msiexec $argumentLine"
        $code = Start-Msiexec $MsiExec $argumentLine
        if ($code -ne 1618) {
            return $code
        }
        Write-Step "another installation is in progress (1618); waiting 30 s (attempt $attempt of 6)"
        Wait-BeforeRetry 30
    }
    return $code
}

# The last 30 lines of the msiexec log that carry no property value. A verbose log ends with a dump
# of every property (Property(S): NAME = value) and notes each change (PROPERTY CHANGE: ... Its
# value is '...'), which would print any value the MSI carries, the enrollment secret among them,
# into the command output; those lines, and the command line, are left out.
function Show-LogTail([string]$LogFile) {
    if (Test-Path -LiteralPath $LogFile) {
        Write-Step "last lines of $LogFile (property values left out):"
        $lines = @(Get-Content -LiteralPath $LogFile | Where-Object {
                $_ -notmatch 'Property\([A-Z]\):' -and $_ -notmatch 'PROPERTY CHANGE' -and $_ -notmatch 'Command Line:'
            })
        $lines | Select-Object -Last 30 | ForEach-Object { Write-Step "    $_" }
    }
}

# The first steps of every script: say what runs, check that it runs as administrator and that
# msiexec.exe and the MSI next to the script exist (exits 10, 11, 12). Returns the MSI's path and
# msiexec.exe's.
function Confirm-Prerequisites {
    $msiPath = Join-Path $ScriptDir $Installer
    Write-Step "${Action}.ps1: package '{{PACKAGE_NAME}}' version '{{VERSION}}', installer $msiPath"
    if (-not (Test-Administrator)) {
        Exit-With 10 'must run as administrator; SSM Agent runs package scripts as SYSTEM'
    }
    $msiexec = Join-Path (Get-SystemRoot) 'System32\msiexec.exe'
    if (-not (Test-Path -LiteralPath $msiexec -PathType Leaf)) {
        Exit-With 11 "msiexec.exe not found at $msiexec"
    }
    if (-not (Test-Path -LiteralPath $msiPath -PathType Leaf)) {
        if ($Action -eq 'uninstall') {
            Exit-With 12 "installer not found: $msiPath (it identifies the product to remove)"
        }
        Exit-With 12 "installer not found: $msiPath"
    }
    Write-Step 'prerequisites ok: administrator, msiexec.exe present'
    return $msiPath, $msiexec
}

# Runs the script's Main; an unexpected PowerShell error exits with 17. A test that dot-sources
# the script sets $UptycsDistributorNoMain first, replaces the Windows-only functions above and
# then calls Invoke-Main itself; SSM Agent never sets it.
function Invoke-Main {
    try {
        Main
    }
    catch {
        Exit-With 17 "unexpected error: $($_.Exception.Message) at line $($_.InvocationInfo.ScriptLineNumber)"
    }
}
