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

# What this script does; the shared code below reads it.
$Action = 'install'

{{INCLUDE _prelude.ps1}}

{{INCLUDE _health.ps1}}

{{INCLUDE _install.ps1}}
