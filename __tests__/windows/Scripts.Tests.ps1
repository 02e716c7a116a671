# Pester 5 suite over the rendered install.ps1, update.ps1 and uninstall.ps1 (see Harness.ps1).
# Each test asserts the exit code, what msiexec was asked with, and the lines written.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Harness.ps1')
    $script:Code = '{11111111-2222-3333-4444-555555555555}'
    function Get-MsiArgs($r) { , @($r.Msiexec | ForEach-Object { ($_ -split '\|', 2)[1] }) }
    # Windows passes a process's 32-bit exit code on; Linux and macOS keep its low 8 bits only.
    function Exit-Code([int]$Code) { if ($IsLinux -or $IsMacOS) { return $Code % 256 } return $Code }
}

Describe 'install.ps1' {
    It 'fresh install: one msiexec /i of the MSI next to the script, quiet, no restart, verbose log; exit 0' {
        $r = Invoke-Scenario install.ps1 (New-Scenario)
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 1
        ($r.Msiexec[0] -split '\|', 2)[0] | Should -Be $r.Msiexe
        (Get-MsiArgs $r)[0] | Should -Match ('^/i "' + [regex]::Escape($r.MsiPath) + '" /qn /norestart /l\*v ".+uptycs-distributor-UptycsAgentTest-install-\d{8}-\d{6}\.log"$')
        $r.All | Should -Match 'is not installed; installing 5\.7\.0\.25'
        $r.All | Should -Match 'installed Uptycs Protect 5\.7\.0\.25'
        $r.Installed | Should -Be '5.7.0.25'
        $r.Stderr.Count | Should -Be 0
    }
    It 'same version installed: no msiexec call, exit 0' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.7.0.25' })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 0
        $r.All | Should -Match 'Uptycs Protect 5\.7\.0\.25 is already installed; nothing to do'
    }
    It 'older version, same ProductCode: minor upgrade with REINSTALL=ALL REINSTALLMODE=vomus' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.6.0.1' })
        $r.ExitCode | Should -Be 0
        (Get-MsiArgs $r)[0] | Should -Match '^/i ".+\.msi" REINSTALL=ALL REINSTALLMODE=vomus /qn /norestart /l\*v '
        $r.All | Should -Match 'installed at 5\.6\.0\.1 with the same ProductCode; reinstalling as a minor upgrade'
        $r.Installed | Should -Be '5.7.0.25'
    }
    It 'newer version, same ProductCode: the documented decision (reinstall this version in place)' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.8.0.1' })
        $r.ExitCode | Should -Be 0
        (Get-MsiArgs $r)[0] | Should -Match 'REINSTALL=ALL REINSTALLMODE=vomus'
        $r.All | Should -Match 'installed at 5\.8\.0\.1 with the same ProductCode'
    }
    It 'msiexec 3010: success with a reboot pending, a WARNING line, exit 0 (3010 not passed on)' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(3010) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 1
        $r.All | Should -Match 'WARNING: msiexec finished with 3010: installed, but Windows needs a reboot'
        $r.All | Should -Match 'installed Uptycs Protect 5\.7\.0\.25'
    }
    It 'msiexec 1641: treated like 3010' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(1641) })
        $r.ExitCode | Should -Be 0
        $r.All | Should -Match 'WARNING: msiexec finished with 1641'
    }
    It 'msiexec 1603: exit 1603, the log tail shown' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(1603) })
        $r.ExitCode | Should -Be (Exit-Code 1603)
        $r.Msiexec.Count | Should -Be 1
        $r.All | Should -Match 'last lines of .+\.log'
        $r.All | Should -Match '    MSI \(s\) .+Installation failed\.'
        $r.Stderr -join "`n" | Should -Match 'ERROR: msiexec /i failed with exit code 1603; log: '
        $r.Installed | Should -BeNullOrEmpty
    }
    It 'msiexec 1618 then 0: waits 30 s once, retries the same command, exit 0' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(1618, 0) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 2
        $r.Msiexec[1] | Should -Be $r.Msiexec[0]
        $r.Waits | Should -Be @('WAIT 30')
        $r.All | Should -Match 'another installation is in progress \(1618\); waiting 30 s \(attempt 1 of 6\)'
    }
    It 'msiexec 1618 six times: six attempts, then exit 1618' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(1618) })
        $r.ExitCode | Should -Be (Exit-Code 1618)
        $r.Msiexec.Count | Should -Be 6
        $r.All | Should -Match 'attempt 6 of 6'
        $r.Stderr -join "`n" | Should -Match 'failed with exit code 1618'
    }
    It 'not administrator: exit 10, no msiexec' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Admin = $false })
        $r.ExitCode | Should -Be 10
        $r.Msiexec.Count | Should -Be 0
        $r.Stderr -join "`n" | Should -Match 'ERROR: must run as administrator'
    }
    It 'msiexec.exe missing: exit 11, no msiexec' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ MsiexecPresent = $false })
        $r.ExitCode | Should -Be 11
        $r.Msiexec.Count | Should -Be 0
        $r.Stderr -join "`n" | Should -Match 'ERROR: msiexec\.exe not found at .+msiexec\.exe'
    }
    It 'the MSI missing: exit 12, no msiexec' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ MsiPresent = $false })
        $r.ExitCode | Should -Be 12
        $r.Msiexec.Count | Should -Be 0
        $r.Stderr -join "`n" | Should -Match 'ERROR: installer not found: .+\.msi'
    }
    It 'an MSI without ProductCode: exit 13, no msiexec' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ ProductCode = $null })
        $r.ExitCode | Should -Be 13
        $r.Msiexec.Count | Should -Be 0
        $r.Stderr -join "`n" | Should -Match 'has no ProductCode'
    }
    It 'an unreadable MSI: exit 13, no msiexec' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ MsiUnreadable = $true })
        $r.ExitCode | Should -Be 13
        $r.Msiexec.Count | Should -Be 0
        $r.Stderr -join "`n" | Should -Match 'cannot read .+ as an MSI'
    }
    It 'msiexec reports success but nothing is registered: exit 16' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Registers = $false })
        $r.ExitCode | Should -Be 16
        $r.Msiexec.Count | Should -Be 1
        $r.Stderr -join "`n" | Should -Match 'is not registered as installed after msiexec reported success'
    }
    It 'the log tail on failure prints no property value (no secret, no enrollment value)' {
        $log = @(
            'MSI (s) (A0:B4) [12:00:00:000]: PROPERTY CHANGE: Adding UPTYCS_SECRET property. Its value is ''s3cr3t-enroll''.',
            '******* Command Line: ''UPTYCS_SECRET=s3cr3t-enroll''',
            'MSI (s) (A0:B4) [12:00:01:000]: Product: Uptycs Protect -- Installation failed.',
            'Property(S): UPTYCS_SECRET = s3cr3t-enroll',
            'Property(C): ENROLLMENT = enroll-value-42'
        )
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Codes = @(1603); LogLines = $log })
        $r.ExitCode | Should -Be (Exit-Code 1603)
        $r.All | Should -Match 'Installation failed\.'
        $r.All | Should -Not -Match 's3cr3t-enroll'
        $r.All | Should -Not -Match 'enroll-value-42'
    }
    It 'no secret and no enrollment value printed on success (nothing from the MSI but its name, version, code)' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ UPTYCS_SECRET = 's3cr3t-enroll'; LogLines = @('Property(S): UPTYCS_SECRET = s3cr3t-enroll') })
        $r.ExitCode | Should -Be 0
        $r.All | Should -Not -Match 's3cr3t-enroll'
        $r.All | Should -Not -Match 'last lines of'
    }
}

Describe 'update.ps1' {
    It 'nothing installed: installs instead of updating, exit 0' {
        $r = Invoke-Scenario update.ps1 (New-Scenario)
        $r.ExitCode | Should -Be 0
        (Get-MsiArgs $r)[0] | Should -Match ('^/i "' + [regex]::Escape($r.MsiPath) + '" /qn /norestart /l\*v ".+-update-\d{8}-\d{6}\.log"$')
        $r.All | Should -Match 'is not installed; installing 5\.7\.0\.25 instead of updating'
        $r.All | Should -Match 'updated to Uptycs Protect 5\.7\.0\.25'
    }
    It 'same version installed: no msiexec call, exit 0' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Installed = '5.7.0.25' })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 0
        $r.All | Should -Match 'already installed; nothing to do'
    }
    It 'older version, same ProductCode: minor upgrade in place' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Installed = '5.6.0.1' })
        $r.ExitCode | Should -Be 0
        (Get-MsiArgs $r)[0] | Should -Match 'REINSTALL=ALL REINSTALLMODE=vomus /qn /norestart'
        $r.All | Should -Match 'updating Uptycs Protect in place from 5\.6\.0\.1 to 5\.7\.0\.25 \(same ProductCode: minor upgrade\)'
    }
    It 'older version under another ProductCode: plain /i, the major upgrade left to the MSI' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Others = @('5.6.0.1') })
        $r.ExitCode | Should -Be 0
        (Get-MsiArgs $r)[0] | Should -Not -Match 'REINSTALL'
        $r.All | Should -Match 'updating Uptycs Protect in place from 5\.6\.0\.1 to 5\.7\.0\.25 \(major upgrade, handled by the MSI\)'
    }
    It 'msiexec 3010: exit 0 with the reboot WARNING' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Installed = '5.6.0.1'; Codes = @(3010) })
        $r.ExitCode | Should -Be 0
        $r.All | Should -Match 'WARNING: msiexec finished with 3010: updated'
    }
    It 'msiexec 1603: exit 1603 with the log tail' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Installed = '5.6.0.1'; Codes = @(1603) })
        $r.ExitCode | Should -Be (Exit-Code 1603)
        $r.All | Should -Match 'last lines of'
        $r.Installed | Should -Be '5.6.0.1'
    }
    It 'msiexec 1618 then 0: one retry, exit 0' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Codes = @(1618, 0) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 2
        $r.Waits.Count | Should -Be 1
    }
    It 'msiexec 1618 six times: exit 1618' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Codes = @(1618) })
        $r.ExitCode | Should -Be (Exit-Code 1618)
        $r.Msiexec.Count | Should -Be 6
    }
    It 'not administrator: exit 10' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ Admin = $false })
        $r.ExitCode | Should -Be 10
        $r.Msiexec.Count | Should -Be 0
    }
    It 'msiexec missing: exit 11' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ MsiexecPresent = $false })
        $r.ExitCode | Should -Be 11
        $r.Msiexec.Count | Should -Be 0
    }
    It 'the MSI missing: exit 12' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ MsiPresent = $false })
        $r.ExitCode | Should -Be 12
        $r.Msiexec.Count | Should -Be 0
    }
    It 'an MSI without ProductCode: exit 13' {
        $r = Invoke-Scenario update.ps1 (New-Scenario @{ ProductCode = $null })
        $r.ExitCode | Should -Be 13
        $r.Msiexec.Count | Should -Be 0
    }
}

Describe 'uninstall.ps1' {
    It 'present: msiexec /x of the MSI, quiet, verbose log; product gone; exit 0' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25' })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 1
        (Get-MsiArgs $r)[0] | Should -Match ('^/x "' + [regex]::Escape($r.MsiPath) + '" /qn /norestart /l\*v ".+-uninstall-\d{8}-\d{6}\.log"$')
        $r.All | Should -Match 'Uptycs Protect 5\.7\.0\.25 is installed; removing it'
        $r.All | Should -Match 'removed Uptycs Protect'
        $r.Installed | Should -BeNullOrEmpty
    }
    It 'absent: no msiexec call, exit 0' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario)
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 0
        $r.All | Should -Match 'is not installed; nothing to do'
    }
    It 'msiexec /x <file> fails: retried by ProductCode, exit 0 when that works' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Codes = @(1603, 0) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 2
        (Get-MsiArgs $r)[1] | Should -Match ('^/x ' + [regex]::Escape($script:Code) + ' /qn /norestart /l\*v ".+-productcode\.log"$')
        $r.All | Should -Match 'retrying with the ProductCode'
    }
    It 'msiexec fails both ways: exit with msiexec''s code, log tail shown' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Codes = @(1603) })
        $r.ExitCode | Should -Be (Exit-Code 1603)
        $r.Msiexec.Count | Should -Be 2
        $r.All | Should -Match 'last lines of'
        $r.Stderr -join "`n" | Should -Match 'ERROR: msiexec /x failed with exit code 1603'
        $r.Installed | Should -Be '5.7.0.25'
    }
    It 'msiexec 1605 (unknown product): counted as removed' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Codes = @(1605); Registers = $false })
        # 1605 removes nothing in the stub, so the product is still registered: verify catches it.
        $r.ExitCode | Should -Be 16
        $r.Msiexec.Count | Should -Be 1
    }
    It 'msiexec 3010: removed with the reboot WARNING, exit 0' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Codes = @(3010) })
        $r.ExitCode | Should -Be 0
        $r.All | Should -Match 'WARNING: msiexec finished with 3010: removed'
    }
    It 'msiexec 1618 then 0: one retry, exit 0' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Codes = @(1618, 0) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 2
        $r.Waits | Should -Be @('WAIT 30')
    }
    It 'not administrator: exit 10' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Admin = $false })
        $r.ExitCode | Should -Be 10
        $r.Msiexec.Count | Should -Be 0
    }
    It 'msiexec missing: exit 11' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiexecPresent = $false })
        $r.ExitCode | Should -Be 11
        $r.Msiexec.Count | Should -Be 0
    }
    It 'the MSI missing: exit 12 (it identifies the product)' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiPresent = $false })
        $r.ExitCode | Should -Be 12
        $r.Stderr -join "`n" | Should -Match 'it identifies the product to remove'
    }
    It 'an MSI without ProductCode: exit 13' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; ProductCode = $null })
        $r.ExitCode | Should -Be 13
        $r.Msiexec.Count | Should -Be 0
    }
    It 'removal reported but still registered: exit 16' {
        $r = Invoke-Scenario uninstall.ps1 (New-Scenario @{ Installed = '5.7.0.25'; Registers = $false })
        $r.ExitCode | Should -Be 16
        $r.Stderr -join "`n" | Should -Match 'still registered as installed'
    }
}

Describe 'validate.ps1 (installed means running; the SSM Agent reinstalls when it fails)' {
    BeforeAll {
        $script:Agent = @{ Name = 'uptycs-agent'; StartType = 2 }
        function Svc([string]$Status, [string]$StartType = 'Automatic', [int]$RunsAfter = -1) {
            @{ 'uptycs-agent' = @{ Exists = $true; Status = $Status; StartType = $StartType; RunsAfter = $RunsAfter; StartFails = $false } }
        }
    }
    It 'installed at this version, its automatic service running: exit 0, nothing changed' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Running') })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 0
        $r.Starts.Count | Should -Be 0
        $r.All | Should -Match 'Uptycs Protect 5\.7\.0\.25 is installed and its services run'
    }
    It 'not installed (the product removed): exit 20 naming the product' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ MsiServices = @($Agent) })
        $r.ExitCode | Should -Be 20
        $r.Stderr -join "`n" | Should -Match 'ERROR: Uptycs Protect \(\{11111111-2222-3333-4444-555555555555\}\) is not installed'
    }
    It 'another version installed: exit 21' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.6.0.1' })
        $r.ExitCode | Should -Be 21
        $r.All | Should -Match 'installed at 5\.6\.0\.1, not 5\.7\.0\.25'
    }
    It 'the service deleted: exit 22' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent) })
        $r.ExitCode | Should -Be 22
        $r.All | Should -Match 'service uptycs-agent of Uptycs Protect is missing'
    }
    It 'the service disabled: exit 24, no waiting' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Stopped' 'Disabled') })
        $r.ExitCode | Should -Be 24
        $r.All | Should -Match 'set to Disabled, not Automatic'
        $r.Waits.Count | Should -Be 0
    }
    It 'the service stopped: waits a bounded time (20 one-second polls), then exit 25 with its status' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Stopped') })
        $r.ExitCode | Should -Be 25
        $r.All | Should -Match 'service uptycs-agent of Uptycs Protect is not running \(Stopped\)'
        $r.Waits.Count | Should -Be 20
        ($r.Waits | Select-Object -Unique) | Should -Be 'WAIT 1'
    }
    It 'a service still starting after an install: waits for it, exit 0' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'StartPending' 'Automatic' 3) })
        $r.ExitCode | Should -Be 0
        $r.Waits.Count | Should -BeLessThan 4
    }
    It 'a manual service of the MSI is not required to run' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @(@{ Name = 'uptycs-agent'; StartType = 3 }); Services = (Svc 'Stopped' 'Manual') })
        $r.ExitCode | Should -Be 0
    }
    It 'not administrator: exit 10' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ Admin = $false; Installed = '5.7.0.25' })
        $r.ExitCode | Should -Be 10
    }
    It 'the MSI missing: exit 12' {
        $r = Invoke-Scenario validate.ps1 (New-Scenario @{ MsiPresent = $false; Installed = '5.7.0.25' })
        $r.ExitCode | Should -Be 12
    }
}

Describe 'install.ps1 repairs what validate.ps1 found (the SSM Agent runs install again)' {
    BeforeAll {
        $script:Agent = @{ Name = 'uptycs-agent'; StartType = 2 }
        function Svc([string]$Status, [string]$StartType = 'Automatic', [bool]$StartFails = $false) {
            @{ 'uptycs-agent' = @{ Exists = $true; Status = $Status; StartType = $StartType; RunsAfter = -1; StartFails = $StartFails } }
        }
    }
    It 'the service stopped: starts it, no msiexec, exit 0; validate passes afterwards' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Stopped') })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 0
        $r.Starts | Should -Be @('uptycs-agent')
        $r.Services.'uptycs-agent'.Status | Should -Be 'Running'
        $r.All | Should -Match 'is installed but service uptycs-agent of Uptycs Protect is not running \(Stopped\); starting its services'
    }
    It 'the service disabled: set to Automatic and started' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Stopped' 'Disabled') })
        $r.ExitCode | Should -Be 0
        $r.Services.'uptycs-agent'.StartType | Should -Be 'Automatic'
        $r.Services.'uptycs-agent'.Status | Should -Be 'Running'
    }
    It 'the service deleted: msiexec repair of the same version (REINSTALL=ALL REINSTALLMODE=omus), then started' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent) })
        $r.ExitCode | Should -Be 0
        $r.Msiexec.Count | Should -Be 1
        (Get-MsiArgs $r)[0] | Should -Match 'REINSTALL=ALL REINSTALLMODE=omus /qn'
        $r.Services.'uptycs-agent'.Status | Should -Be 'Running'
    }
    It 'a fresh install starts the automatic services the MSI installs' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ MsiServices = @($Agent) })
        $r.ExitCode | Should -Be 0
        $r.Starts | Should -Be @('uptycs-agent')
        $r.Services.'uptycs-agent'.Status | Should -Be 'Running'
    }
    It 'a service that cannot start: install still exits 0 and says so (validate reports it)' {
        $r = Invoke-Scenario install.ps1 (New-Scenario @{ Installed = '5.7.0.25'; MsiServices = @($Agent); Services = (Svc 'Stopped' 'Automatic' $true) })
        $r.ExitCode | Should -Be 0
        $r.All | Should -Match 'could not start service uptycs-agent: Cannot start service uptycs-agent; validate.ps1 will report it'
    }
}
