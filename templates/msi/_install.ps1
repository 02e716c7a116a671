# _install.ps1 - the rest of install.ps1 and update.ps1, after _prelude.ps1.
#
# Main: reads the product from the MSI, stops if that version is installed, installs or updates it
# with msiexec /i, verifies. Rendering copies it into both scripts; $Action ('install' or
# 'update') chooses the messages and the log file's name (Windows Installer itself upgrades in
# place: a minor upgrade with REINSTALL=ALL REINSTALLMODE=vomus, a major one through the MSI's
# Upgrade table).

# DisplayVersion of every installed product with this DisplayName (for the log only).
function Get-InstalledByName([string]$Name) {
    foreach ($root in Get-UninstallRoots) {
        foreach ($entry in @(Get-ItemProperty -Path (Join-Path $root '*') -ErrorAction SilentlyContinue)) {
            if ((Get-EntryValue $entry 'DisplayName') -eq $Name) {
                Get-EntryValue $entry 'DisplayVersion'
            }
        }
    }
}

function Main {
    # --- prerequisites -----------------------------------------------------------------------
    $msiPath, $msiexec = Confirm-Prerequisites

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
            # SSM Agent runs install again when validate.ps1 failed on this version: repair what it found.
            $problem = Get-HealthProblem $msiPath $productCode $productVersion $productName
            if ($null -eq $problem) {
                Write-Step "$productName $productVersion is already installed; nothing to do"
                exit 0
            }
            if ($problem[0] -ne 22) {
                Write-Step "$productName $productVersion is installed but $($problem[1]); starting its services"
                Confirm-Services $msiPath
                exit 0
            }
            # A service the MSI installs is gone: reinstall every file and service (repair mode).
            Write-Step "$productName $productVersion is installed but $($problem[1]); repairing it"
            $extra = ' REINSTALL=ALL REINSTALLMODE=omus'
        }
        elseif ($Action -eq 'update') {
            Write-Step "updating $productName in place from $installedVersion to $productVersion (same ProductCode: minor upgrade)"
            $extra = ' REINSTALL=ALL REINSTALLMODE=vomus'
        }
        else {
            Write-Step "$productName is installed at $installedVersion with the same ProductCode; reinstalling as a minor upgrade"
            $extra = ' REINSTALL=ALL REINSTALLMODE=vomus'
        }
    }
    elseif ($Action -ne 'update') {
        Write-Step "$productName is not installed; installing $productVersion"
    }
    else {
        $others = @(Get-InstalledByName $productName)
        if ($others.Count -gt 0) {
            Write-Step "updating $productName in place from $($others -join ', ') to $productVersion (major upgrade, handled by the MSI)"
        }
        else {
            Write-Step "$productName is not installed; installing $productVersion instead of updating"
        }
    }

    # --- install or update -------------------------------------------------------------------
    $done = 'installed'
    if ($Action -eq 'update') {
        $done = 'updated'
    }
    $stamp = Get-Date -Format 'yyyyMMdd-HHmmss'
    $logFile = Join-Path ([IO.Path]::GetTempPath()) ('uptycs-distributor-{{PACKAGE_NAME}}-' + $Action + '-' + $stamp + '.log')
    $code = Invoke-Msiexec $msiexec ("/i `"$msiPath`"" + $extra) $logFile
    switch ($code) {
        0 {
            Write-Step "msiexec finished (exit code 0); log: $logFile"
        }
        { $_ -eq 3010 -or $_ -eq 1641 } {
            Write-Step "WARNING: msiexec finished with ${code}: $done, but Windows needs a reboot to complete it; not rebooting (reported as success, exit 0). Log: $logFile"
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
    Confirm-Services $msiPath
    if ($Action -eq 'update') {
        Write-Step "updated to $productName $productVersion"
    }
    else {
        Write-Step "installed $productName $productVersion"
    }
    exit 0
}

if (-not (Test-Path -LiteralPath 'Variable:UptycsDistributorNoMain')) {
    Invoke-Main
}
