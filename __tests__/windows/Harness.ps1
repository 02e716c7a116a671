# Harness.ps1 - runs a rendered Windows script (install.ps1, update.ps1, uninstall.ps1) in a child
# PowerShell (the same executable as the one running Pester: pwsh 7 here, Windows PowerShell 5.1 on
# windows-latest) with its Windows-only functions replaced by stubs driven by a scenario. The
# script's own code runs unchanged: the driver sets $UptycsDistributorNoMain, dot-sources the
# rendered script, redefines the Windows-only functions and calls Invoke-Main. What the child
# wrote (stdout, stderr), its exit code and every msiexec call and pause are returned.

$script:RenderedDir = $env:UDIST_RENDERED_PS1
# The same PowerShell as the one running Pester (the .NET tool's pwsh runs under dotnet, whose path
# the process has, so pwsh 7 is found by name).
if ($PSVersionTable.PSEdition -eq 'Desktop') {
    $script:PowerShellExe = (Get-Process -Id $PID).Path
}
else {
    $script:PowerShellExe = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
}

function New-Scenario {
    param([hashtable]$Overrides = @{})
    $s = @{
        Admin          = $true
        MsiexecPresent = $true
        MsiPresent     = $true
        ProductCode    = '{11111111-2222-3333-4444-555555555555}'
        ProductVersion = '5.7.0.25'
        ProductName    = 'Uptycs Protect'
        MsiUnreadable  = $false
        Installed      = $null   # DisplayVersion of the installed product with this ProductCode
        Others         = @()     # DisplayVersions of products with the same name (another ProductCode)
        Codes          = @(0)    # msiexec exit codes, one per call; the last repeats
        Registers      = $true   # a successful msiexec changes what is installed
        LogLines       = @('MSI (s) (A0:B4) [12:00:00:000]: Product: Uptycs Protect -- Installation failed.')
        # Services the MSI installs (its ServiceInstall table: Name, StartType 2 automatic / 3 manual)
        # and, for each, what Windows has: Status, StartType (Automatic, Manual, Disabled), Exists,
        # and how many polls a starting service takes to run (RunsAfter; -1 never).
        MsiServices    = @()
        Services       = @{}
    }
    foreach ($k in $Overrides.Keys) { $s[$k] = $Overrides[$k] }
    return $s
}

function Invoke-Scenario {
    param([Parameter(Mandatory)][string]$Script, [Parameter(Mandatory)][hashtable]$Scenario)
    if (-not $script:RenderedDir -or -not (Test-Path -LiteralPath (Join-Path $script:RenderedDir $Script))) {
        throw "rendered scripts not found: set UDIST_RENDERED_PS1 to the folder __tests__/windows/render.ts wrote"
    }
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('udist-pester-' + [guid]::NewGuid().ToString('N'))
    $pkg = Join-Path $dir 'package'
    $root = Join-Path $dir 'Windows'
    $tmp = Join-Path $dir 'tmp'
    New-Item -ItemType Directory -Path $pkg, (Join-Path $root 'System32'), $tmp | Out-Null
    Copy-Item -LiteralPath (Join-Path $script:RenderedDir $Script) -Destination $pkg
    $installer = 'assets-uptycs-protect-5.7.0.25-Uptycs-windows.msi'
    if ($Scenario.MsiPresent) { Set-Content -LiteralPath (Join-Path $pkg $installer) -Value 'not a real msi' }
    if ($Scenario.MsiexecPresent) { Set-Content -LiteralPath (Join-Path $root 'System32\msiexec.exe') -Value 'stub' }
    $state = @{ Installed = $Scenario.Installed; Calls = 0; Services = $Scenario.Services }
    $state | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $dir 'state.json')
    $Scenario | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $dir 'scenario.json')
    $driver = @'
param([string]$Dir, [string]$ScriptPath, [string]$SystemRoot, [string]$Tmp)
$env:TMP = $Tmp; $env:TEMP = $Tmp; $env:TMPDIR = $Tmp
$UptycsDistributorNoMain = $true
. $ScriptPath
$S = Get-Content -LiteralPath (Join-Path $Dir 'scenario.json') -Raw | ConvertFrom-Json
$StatePath = Join-Path $Dir 'state.json'
$CallsPath = Join-Path $Dir 'calls.txt'
function Test-Administrator { return [bool]$S.Admin }
function Get-SystemRoot { return $SystemRoot }
function Get-MsiProperty([string]$Path, [string]$Name) {
    if ($S.MsiUnreadable) { throw 'Exception calling "InvokeMember": OpenDatabase,DatabasePath,OpenMode' }
    $p = $S.PSObject.Properties[$Name]
    if ($null -eq $p -or -not $p.Value) { return $null }
    return [string]$p.Value
}
function Get-InstalledProduct([string]$ProductCode) {
    $st = Get-Content -LiteralPath $StatePath -Raw | ConvertFrom-Json
    if ($ProductCode -ne $S.ProductCode -or $null -eq $st.Installed) { return $null }
    return [pscustomobject]@{ DisplayName = $S.ProductName; DisplayVersion = [string]$st.Installed }
}
function Get-InstalledByName([string]$Name) { foreach ($v in @($S.Others)) { $v } }
function Wait-BeforeRetry([int]$Seconds) { Add-Content -LiteralPath $CallsPath -Value "WAIT $Seconds" }
function Get-MsiServices([string]$Path) { foreach ($m in @($S.MsiServices)) { [pscustomobject]@{ Name = [string]$m.Name; StartType = [int]$m.StartType } } }
function Get-ServiceState([string]$Name) {
    $st = Get-Content -LiteralPath $StatePath -Raw | ConvertFrom-Json
    $svc = $st.Services.PSObject.Properties[$Name]
    if ($null -eq $svc -or -not $svc.Value.Exists) { return $null }
    $v = $svc.Value
    if ($v.Status -eq 'StartPending') {
        $v.RunsAfter = [int]$v.RunsAfter - 1
        if ([int]$v.RunsAfter -eq 0) { $v.Status = 'Running' }
        $st | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $StatePath
    }
    return [pscustomobject]@{ Status = [string]$v.Status; StartType = [string]$v.StartType }
}
function Start-AgentService([string]$Name) {
    Add-Content -LiteralPath $CallsPath -Value "START $Name"
    $st = Get-Content -LiteralPath $StatePath -Raw | ConvertFrom-Json
    $v = $st.Services.PSObject.Properties[$Name].Value
    $v.StartType = 'Automatic'
    if ([bool]$v.StartFails) { $st | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $StatePath; throw "Cannot start service $Name" }
    $v.Status = 'Running'
    $st | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $StatePath
}
function Start-Msiexec([string]$MsiExec, [string]$ArgumentLine) {
    Add-Content -LiteralPath $CallsPath -Value "MSIEXEC $MsiExec|$ArgumentLine"
    $st = Get-Content -LiteralPath $StatePath -Raw | ConvertFrom-Json
    $codes = @($S.Codes)
    $code = [int]$codes[[Math]::Min([int]$st.Calls, $codes.Count - 1)]
    if ($ArgumentLine -match '/l\*v "([^"]+)"') { Set-Content -LiteralPath $Matches[1] -Value @($S.LogLines) }
    $installed = $st.Installed
    if ($S.Registers -and @(0, 3010, 1641) -contains $code) {
        if ($ArgumentLine -match '^/x') { $installed = $null } else { $installed = [string]$S.ProductVersion }
    }
    $st.Installed = $installed
    $st.Calls = [int]$st.Calls + 1
    # Windows Installer creates (or, on /x, deletes) the MSI's services; a created one is stopped
    # until something starts it (as with an MSI without a ServiceControl start).
    if ($S.Registers -and @(0, 3010, 1641) -contains $code) {
        foreach ($m in @($S.MsiServices)) {
            $st.Services | Add-Member -NotePropertyName $m.Name -NotePropertyValue ([pscustomobject]@{
                    Exists = -not ($ArgumentLine -match '^/x'); Status = 'Stopped'; StartType = 'Automatic'; RunsAfter = -1; StartFails = $false
                }) -Force
        }
    }
    $st | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $StatePath
    return $code
}
Invoke-Main
'@
    $driverPath = Join-Path $dir 'driver.ps1'
    Set-Content -LiteralPath $driverPath -Value $driver
    $errPath = Join-Path $dir 'stderr.txt'
    $stdout = @(& $script:PowerShellExe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $driverPath `
            -Dir $dir -ScriptPath (Join-Path $pkg $Script) -SystemRoot $root -Tmp $tmp 2> $errPath)
    $code = $LASTEXITCODE
    $calls = @()
    if (Test-Path -LiteralPath (Join-Path $dir 'calls.txt')) { $calls = @(Get-Content -LiteralPath (Join-Path $dir 'calls.txt')) }
    $stderr = @()
    if (Test-Path -LiteralPath $errPath) { $stderr = @(Get-Content -LiteralPath $errPath | ForEach-Object { "$_" }) }
    $final = Get-Content -LiteralPath (Join-Path $dir 'state.json') -Raw | ConvertFrom-Json
    $result = [pscustomobject]@{
        ExitCode  = $code
        Stdout    = @($stdout | ForEach-Object { "$_" })
        Stderr    = $stderr
        All       = (@($stdout | ForEach-Object { "$_" }) + $stderr) -join "`n"
        Msiexec   = @($calls | Where-Object { $_ -like 'MSIEXEC *' } | ForEach-Object { $_.Substring(8) })
        Waits     = @($calls | Where-Object { $_ -like 'WAIT *' })
        Starts    = @($calls | Where-Object { $_ -like 'START *' } | ForEach-Object { $_.Substring(6) })
        Services  = $final.Services
        Installed = $final.Installed
        MsiPath   = Join-Path $pkg $installer
        Msiexe    = Join-Path $root 'System32\msiexec.exe'
    }
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    return $result
}
