# _health.ps1 - "the agent works", shared by validate.ps1 and the repair path of install.ps1/update.ps1.
#
# Everything is read from the MSI next to the script: the product (ProductCode, ProductVersion) and
# the services it installs (its ServiceInstall table). A service the MSI installs to start
# automatically must be running; one it installs as manual or disabled is not checked. How long a
# service may take to start: $env:SSM_UPTYCS_VALIDATE_WAIT seconds (an association's
# additionalArguments set it; default 20, at most 120).

# The services the MSI installs: Name and StartType (2 automatic, 3 manual, 4 disabled), read-only
# through the WindowsInstaller COM object (Windows only; tests replace this function).
function Get-MsiServices([string]$Path) {
    $msi = New-WindowsInstaller
    $database = $null
    $view = $null
    try {
        $database = $msi.GetType().InvokeMember('OpenDatabase', 'InvokeMethod', $null, $msi, @($Path, 0))
        $tables = $database.GetType().InvokeMember('TablePersistent', 'GetProperty', $null, $database, @('ServiceInstall'))
        if ($tables -ne 1) {
            return @()
        }
        $query = 'SELECT `Name`, `StartType` FROM `ServiceInstall`'
        $view = $database.GetType().InvokeMember('OpenView', 'InvokeMethod', $null, $database, @($query))
        [void]$view.GetType().InvokeMember('Execute', 'InvokeMethod', $null, $view, $null)
        $services = @()
        while ($true) {
            $record = $view.GetType().InvokeMember('Fetch', 'InvokeMethod', $null, $view, $null)
            if ($null -eq $record) {
                break
            }
            $services += [pscustomobject]@{
                Name      = [string]$record.GetType().InvokeMember('StringData', 'GetProperty', $null, $record, @(1))
                StartType = [int]$record.GetType().InvokeMember('IntegerData', 'GetProperty', $null, $record, @(2))
            }
        }
        return $services
    }
    finally {
        if ($null -ne $view) {
            [void]$view.GetType().InvokeMember('Close', 'InvokeMethod', $null, $view, $null)
        }
        foreach ($com in @($view, $database, $msi)) {
            if ($null -ne $com) {
                [void][Runtime.InteropServices.Marshal]::ReleaseComObject($com)
            }
        }
    }
}

# A service's Status (Running, Stopped, StartPending, ...) and StartType (Automatic, Manual,
# Disabled), or $null when no such service exists (Windows only; tests replace this function).
function Get-ServiceState([string]$Name) {
    $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
    if ($null -eq $service) {
        return $null
    }
    return [pscustomobject]@{ Status = [string]$service.Status; StartType = [string]$service.StartType }
}

# Sets a service to start automatically and starts it (Windows only; tests replace this function).
function Start-AgentService([string]$Name) {
    Set-Service -Name $Name -StartupType Automatic
    Start-Service -Name $Name
}

function Get-HealthWait {
    $wait = 20
    $text = [string]$env:SSM_UPTYCS_VALIDATE_WAIT
    if ($text -match '^[0-9]{1,4}$') {
        $wait = [Math]::Min([int]$text, 120)
    }
    return $wait
}

# The first problem found, as @(<exit code>, <reason>), or $null when the product is installed at the
# MSI's version and each of its automatic services is set to start automatically and runs: not
# installed (20), another version (21), a service missing (22), disabled or manual (24), not running
# (25). Waits for a starting service only with -Wait.
function Get-HealthProblem([string]$MsiPath, [string]$ProductCode, [string]$ProductVersion, [string]$ProductName, [switch]$Wait) {
    $entry = Get-InstalledProduct $ProductCode
    if ($null -eq $entry) {
        return @(20, "$ProductName ($ProductCode) is not installed")
    }
    $installedVersion = Get-EntryValue $entry 'DisplayVersion'
    if ($installedVersion -ne $ProductVersion) {
        return @(21, "$ProductName is installed at $installedVersion, not $ProductVersion")
    }
    foreach ($service in @(Get-MsiServices $MsiPath | Where-Object { $_.StartType -eq 2 })) {
        $state = Get-ServiceState $service.Name
        if ($null -eq $state) {
            return @(22, "service $($service.Name) of $ProductName is missing")
        }
        if ($state.StartType -ne 'Automatic') {
            return @(24, "service $($service.Name) of $ProductName is set to $($state.StartType), not Automatic")
        }
        $deadline = 0
        if ($Wait) {
            $deadline = Get-HealthWait
        }
        $waited = 0
        while ($state.Status -ne 'Running' -and $waited -lt $deadline) {
            Wait-BeforeRetry 1
            $waited++
            $state = Get-ServiceState $service.Name
        }
        if ($state.Status -ne 'Running') {
            return @(25, "service $($service.Name) of $ProductName is not running ($($state.Status))")
        }
    }
    return $null
}

# After an install, update or repair: sets each automatic service of the MSI to start automatically
# and starts it where it is not running. Never fails: a service that does not start is validate's to
# report, with its reason.
function Confirm-Services([string]$MsiPath) {
    foreach ($service in @(Get-MsiServices $MsiPath | Where-Object { $_.StartType -eq 2 })) {
        $state = Get-ServiceState $service.Name
        if ($null -ne $state -and ($state.Status -ne 'Running' -or $state.StartType -ne 'Automatic')) {
            Write-Step "starting service $($service.Name) ($($state.Status), $($state.StartType))"
            try {
                Start-AgentService $service.Name
            }
            catch {
                Write-Step "could not start service $($service.Name): $($_.Exception.Message); validate.ps1 will report it"
            }
        }
    }
}
